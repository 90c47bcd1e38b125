"""Run the packaged model: onnxruntime + tokenizers only, loaded lazily once per process.

``load_model()`` verifies every file against the sha256 in ``model.json`` before loading, and
raises ``ModelFileError`` (a ``CheckError``) when a file is missing or altered: the model is
never downloaded. Inference uses one intra-op thread by default (``CAREPOST_MODEL_THREADS``
changes it; ``carepost check --jobs N`` runs N processes instead), one unpadded sequence per
call (see ``LearnedModel.run``), and windows of ``max_length`` tokens for long texts.
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
from .encoding import Encoded, Encoder

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
    """One text's probability per head (the maximum over its windows); empty when the model
    does not judge the text."""

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
        # Texts shorter than the training texts are outside what the model has seen: it gives
        # them no score and the hand-written rules alone decide (see ``judges``).
        self.min_words = int(manifest.get("min_words", 6))
        self.sha256 = str(manifest["files"]["model.onnx"])
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get("CAREPOST_MODEL_THREADS", "1"))
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
        room = (
            self.max_length - 2
            if parent_ids is None
            else self.max_length - 3 - min(len(parent_ids), 48)
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
        """Probabilities for ready-made encodings, one sequence per call.

        Why not padded batches: the int8 model quantizes activations with one scale per call,
        so in a batch a text's probability moved with its neighbours (by up to 0.013), and a
        post near a threshold could get another verdict in ``check --jsonl`` than in the
        composer. With one intra-op thread, batches were not faster either (8.69 against
        8.64 ms per text on heldout-b). One sequence per call needs no padding at all."""
        import numpy as np

        out: list[list[float]] = []
        for e in encoded:
            ids = np.asarray([e.ids], dtype=np.int64)
            feeds = {
                "input_ids": ids,
                "attention_mask": np.ones_like(ids),
                "token_type_ids": np.asarray([e.segments], dtype=np.int64),
            }
            (probs,) = self.session.run(["probs"], feeds)
            out.append([float(p) for p in probs[0]])
        return out

    def judges(self, text: str) -> bool:
        """Whether ``text`` is long enough for the model (``min_words`` in model.json)."""
        return len(text.split()) >= self.min_words

    def score(
        self, texts: Sequence[str], parents: Sequence[str | None], *, judge_all: bool = False
    ) -> list[Scored]:
        """Per-head probability of each text (replies with their parent text); a text the
        model does not judge (too short) gets no probabilities (an empty mapping)."""
        text_ids = self.encoder.token_ids(texts)
        parent_list = [p if p else None for p in parents]
        wanted = [p for p in parent_list if p]
        parent_iter = iter(self.encoder.token_ids(wanted))
        windows: list[Encoded] = []
        owner: list[int] = []
        for i, (ids, parent) in enumerate(zip(text_ids, parent_list, strict=True)):
            parent_ids = next(parent_iter) if parent else None
            if not judge_all and not self.judges(texts[i]):
                continue
            for w in self._windows(ids, parent_ids):
                windows.append(w)
                owner.append(i)
        probs = self.run(windows)
        best: list[list[float] | None] = [None for _ in texts]
        for i, p in zip(owner, probs, strict=True):
            seen = best[i]
            best[i] = p if seen is None else [max(a, b) for a, b in zip(seen, p, strict=True)]
        return [Scored({} if b is None else dict(zip(self.heads, b, strict=True))) for b in best]


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
