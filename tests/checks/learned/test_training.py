"""A seconds-long training run on a tiny corpus: only where the training group is installed."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

if importlib.util.find_spec("torch") is None:
    pytest.skip(
        "torch is not installed (training group: see `carepost train --help`)",
        allow_module_level=True,
    )


def test_tiny_training_run_exports_a_loadable_reproducible_model(tmp_path: Path):
    from carepost.checks.learned.runtime import LearnedModel
    from carepost.checks.learned.training.train import TrainConfig, find_base_model, train

    try:
        find_base_model()
    except SystemExit as exc:
        pytest.skip(f"base model package not installed: {exc}")
    corpus = tmp_path / "train"
    corpus.mkdir()
    rows = [
        {
            "id": str(i),
            "kind": "post",
            "text": f"Example post number {i}",
            "phi": i % 2 == 0,
            "claim": "none",
            "needs_disclaimer": False,
        }
        for i in range(8)
    ]
    (corpus / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    config = TrainConfig(epochs=1, max_length=24, frozen_layers=5, seed=3)
    a = train([corpus], tmp_path / "a", config, log=lambda _: None)
    b = train([corpus], tmp_path / "b", config, log=lambda _: None)
    assert a["files"]["model.onnx"] == b["files"]["model.onnx"]  # same seed, same weights
    model = LearnedModel(tmp_path / "a")
    (scored,) = model.score(["Example post number forty-two for the tiny model"], [None])
    assert set(scored.probs) == set(a["heads"])
