from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carepost.checks.learned.heads import HEADS
from carepost.checks.learned.runtime import (
    DEFAULT_MODEL_DIR,
    LearnedModel,
    ModelFileError,
    load_model,
)

MODEL_DIR = Path(DEFAULT_MODEL_DIR)


@pytest.fixture(scope="module")
def model() -> LearnedModel:
    return load_model()


def test_packaged_model_fits_the_size_budget():
    assert (MODEL_DIR / "model.onnx").stat().st_size <= 30 * 1024 * 1024
    assert (MODEL_DIR / "MODEL_CARD.md").is_file()


def test_scores_every_head_as_a_probability(model: LearnedModel):
    text = "Flu shots are here! Walk in any weekday from 8 to 5, no appointment needed at all."
    (scored,) = model.score([text], [None])
    assert set(scored.probs) == set(HEADS)
    assert all(0.0 <= p <= 1.0 for p in scored.probs.values())


def test_short_texts_get_no_score(model: LearnedModel):
    assert model.min_words >= 3
    (short,) = model.score(["Hi there"], [None])
    assert short.probs == {}


def test_a_texts_score_does_not_depend_on_its_batch(model: LearnedModel):
    text = "So glad your new crown feels right, see you at your cleaning in June!"
    parent = "Best dentist ever"
    alone = model.score([text], [parent])[0].probs
    others = ["Happy Friday from the front desk!", "x " * 300, "Our hours changed."]
    together = model.score([*others, text], [None, None, None, parent])[-1].probs
    assert alone == together


def test_the_parent_changes_a_replys_score(model: LearnedModel):
    text = "We're so sorry about the long wait today, that should not happen to anyone here."
    a = model.score([text], [None])[0].probs["reply_confirms_care"]
    b = model.score([text], ["My chemo infusion started 2 hours late!!"])[0].probs[
        "reply_confirms_care"
    ]
    assert a != b


def test_long_text_is_scored_in_windows(model: LearnedModel):
    text = "Our team loves community events. " * 80
    encoded = model.encoder.encode([text], [None])[0]
    assert len(encoded.ids) == model.max_length  # one window would truncate
    windows = model._windows(model.encoder.token_ids([text])[0], None)
    assert len(windows) > 1 and all(len(w.ids) <= model.max_length for w in windows)
    (scored,) = model.score([text], [None])
    assert set(scored.probs) == set(HEADS)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR, target)
    return target


def test_corrupt_model_file_is_a_clear_error(tmp_path: Path):
    target = _copy(tmp_path)
    data = bytearray((target / "model.onnx").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (target / "model.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="sha256 does not match"):
        LearnedModel(target)


def test_missing_model_file_is_a_clear_error(tmp_path: Path):
    target = _copy(tmp_path)
    (target / "tokenizer.json").unlink()
    with pytest.raises(ModelFileError, match=r"missing model file.*never downloaded"):
        LearnedModel(target)
    (target / "model.json").unlink()
    with pytest.raises(ModelFileError, match="manifest is missing"):
        LearnedModel(target)


def test_model_loads_lazily_and_once():
    code = (
        "import sys, carepost.checks as c;"
        "c.all_rules();"
        "assert 'onnxruntime' not in sys.modules, 'loaded at import';"
        "from carepost.checks.learned.runtime import load_model;"
        "assert load_model() is load_model();"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr
