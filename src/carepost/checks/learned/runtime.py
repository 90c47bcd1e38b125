"""Run the packaged model: onnxruntime + tokenizers only, loaded lazily once per process.

``load_model()`` verifies every file against the sha256 in ``model.json`` before loading, and
raises ``ModelFileError`` (a ``CheckError``) when a file is missing or altered: the model is
never downloaded. Inference uses one intra-op thread by default (``CAREPOST_MODEL_THREADS``
changes it; ``carepost check --jobs N`` runs N processes instead), no padding beyond each
length-bucketed batch's longest member, and windows of ``max_length`` tokens for long texts.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CheckError
from .encoding import Encoded, Encoder, batches

__all__ = [
    "DEFAULT_MODEL_DIR",
    "LearnedModel",
    "ModelFileError",
    "Scored",
    "load_model",
]

DEFAULT_MODEL_DIR = Path(__file__).parent / "model"
_FILES = ("model.onnx", "tokenizer.json")


class ModelFileError(CheckError):
    """The packaged model is missing, altered or unreadable."""


@dataclass(frozen=True, slots=True)
class Scored:
    """One text's probability per head (the maximum over its windows)."""

    probs: dict[str, float]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _manifest(directory: Path) -> dict[str, Any]:
    path = directory / "model.json"
    if not path.is_file():
        raise ModelFileError(
            f"{path}: the model manifest is missing; reinstall carepost or retrain with "
            "`carepost train` (models are never downloaded)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: unreadable model manifest: {exc}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ModelFileError(f"{path}: the model manifest has no 'files' table")
    return manifest


class LearnedModel:
    """The fine-tuned encoder: per-head probabilities for texts (with a reply's parent)."""

    def __init__(self, directory: str | Path, *, threads: int | None = None) -> None:
        started = time.perf_counter()
        self.directory = Path(directory)
        manifest = _manifest(self.directory)
        for name in _FILES:
            path = self.directory / name
            expected = manifest["files"].get(name)
            if not path.is_file():
                raise ModelFileError(
                    f"{path}: missing model file; reinstall carepost or retrain with "
                    "`carepost train` (models are never downloaded)"
                )
            if expected != _sha256(path):
                raise ModelFileError(
                    f"{path}: sha256 does not match model.json (corrupt or altered file); "
                    "reinstall carepost or retrain with `carepost train`"
                )
        self.manifest = manifest
        self.heads: tuple[str, ...] = tuple(manifest["heads"])
        self.max_length = int(manifest["max_length"])
        self.sha256 = str(manifest["files"]["model.onnx"])
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or int(
            os.environ.get("CAREPOST_MODEL_THREADS", "1")
        )
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(
                str(self.directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelFileError(f"{self.directory / 'model.onnx'}: cannot load: {exc}") from None
        self.encoder = Encoder.from_file(str(self.directory / "tokenizer.json"), self.max_length)
        self.load_seconds = time.perf_counter() - started

    # -- scoring ----------------------------------------------------------------
    def _windows(self, text_ids: list[int], parent_ids: list[int] | None) -> list[Encoded]:
        room = self.max_length - 2 if parent_ids is None else self.max_length - 3 - min(
            len(parent_ids), 48
        )
        if len(text_ids) <= room:
            return [self.encoder.assemble(text_ids, parent_ids)]
        step = max(1, room * 3 // 4)
        out: list[Encoded] = []
        for start in range(0, len(text_ids), step):
            out.append(self.encoder.assemble(text_ids[start : start + room], parent_ids))
            if start + room >= len(text_ids):
                break
        return out

    def run(self, encoded: Sequence[Encoded]) -> list[list[float]]:
        """Probabilities for ready-made encodings (length-bucketed batches)."""
        import numpy as np

        out: list[list[float]] = [[] for _ in encoded]
        for group in batches(encoded, max_tokens=2048, max_batch=32):
            n = max(len(encoded[i].ids) for i in group)
            ids = np.zeros((len(group), n), dtype=np.int64)
            mask = np.zeros((len(group), n), dtype=np.int64)
            seg = np.zeros((len(group), n), dtype=np.int64)
            for row, i in enumerate(group):
                e = encoded[i]
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
                seg[row, : len(e.ids)] = e.segments
            (probs,) = self.session.run(
                ["probs"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": seg}
            )
            for row, i in enumerate(group):
                out[i] = [float(p) for p in probs[row]]
        return out

    def score(self, texts: Sequence[str], parents: Sequence[str | None]) -> list[Scored]:
        """Per-head probability of each text (replies with their parent text)."""
        text_ids = self.encoder.token_ids(texts)
        parent_list = [p if p else None for p in parents]
        wanted = [p for p in parent_list if p]
        parent_iter = iter(self.encoder.token_ids(wanted))
        windows: list[Encoded] = []
        owner: list[int] = []
        for i, (ids, parent) in enumerate(zip(text_ids, parent_list, strict=True)):
            for w in self._windows(ids, next(parent_iter) if parent else None):
                windows.append(w)
                owner.append(i)
        probs = self.run(windows)
        best: list[list[float]] = [[0.0] * len(self.heads) for _ in texts]
        for i, p in zip(owner, probs, strict=True):
            best[i] = [max(a, b) for a, b in zip(best[i], p, strict=True)]
        return [Scored(dict(zip(self.heads, b, strict=True))) for b in best]


_MODELS: dict[Path, LearnedModel] = {}
_LOCK = threading.Lock()


def load_model(directory: str | Path | None = None) -> LearnedModel:
    """The model in ``directory`` (default: the packaged one), loaded once per process."""
    key = Path(directory or DEFAULT_MODEL_DIR).resolve()
    model = _MODELS.get(key)
    if model is not None:
        return model
    with _LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = LearnedModel(key)
            _MODELS[key] = model
    return model
