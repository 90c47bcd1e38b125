from __future__ import annotations

from pathlib import Path

import pytest

from carepost.checks.errors import DataFileError
from carepost.checks.learned.heads import HEADS
from carepost.checks.learned.runtime import DEFAULT_MODEL_DIR
from carepost.checks.learned.thresholds import load_thresholds
from carepost.checks.model import Level


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "thresholds.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _valid(extra: str = "", phi: str | None = None) -> str:
    heads = []
    for head in HEADS:
        tiers = (
            phi
            if head == "phi" and phi is not None
            else (
                "      - {level: error, threshold: 0.9}\n      - {level: warning, threshold: 0.5}\n"
            )
        )
        heads.append(f"  {head}:\n    tiers:\n{tiers}")
    return "model_sha256: abc\nheads:\n" + "".join(heads) + extra


def test_packaged_thresholds_load_and_cover_every_head():
    t = load_thresholds(Path(DEFAULT_MODEL_DIR) / "thresholds.yaml")
    assert set(t.heads) == set(HEADS)
    for h in t.heads.values():
        assert h.tiers and all(0.0 <= tier.threshold <= 1.0 for tier in h.tiers)


def test_level_for_picks_the_strictest_tier(tmp_path: Path):
    t = load_thresholds(_write(tmp_path, _valid()))
    phi = t.heads["phi"]
    assert phi.level_for(0.95) is Level.ERROR
    assert phi.level_for(0.6) is Level.WARNING
    assert phi.level_for(0.2) is None


@pytest.mark.parametrize(
    ("tiers", "line", "words"),
    [
        ("      - {level: fatal, threshold: 0.9}\n", 5, "level must be"),
        ("      - {level: error, threshold: 1.5}\n", 5, "from 0 to 1"),
        ("      - {level: error, threshold: yes}\n", 5, "from 0 to 1"),
        (
            "      - {level: warning, threshold: 0.9}\n      - {level: error, threshold: 0.5}\n",
            4,
            "strictest",
        ),
    ],
)
def test_invalid_tiers_name_file_line_and_key(tmp_path: Path, tiers: str, line: int, words: str):
    path = _write(tmp_path, _valid(phi=tiers))
    with pytest.raises(DataFileError) as err:
        load_thresholds(path)
    message = str(err.value)
    assert f"{path}:{line}" in message and words in message and "heads.phi" in message


def test_unknown_and_missing_heads(tmp_path: Path):
    path = _write(tmp_path, _valid("  sarcasm:\n    tiers: []\n"))
    with pytest.raises(DataFileError, match="unknown head"):
        load_thresholds(path)
    body = _valid().replace("  needs_disclaimer:", "  ignored_key:")
    with pytest.raises(DataFileError, match=r"unknown head|missing head"):
        load_thresholds(_write(tmp_path, body))


def test_missing_file(tmp_path: Path):
    with pytest.raises(DataFileError, match="missing"):
        load_thresholds(tmp_path / "nope.yaml")


def test_demote_and_requires_are_validated(tmp_path: Path):
    ok = _valid().replace(
        "  claim:\n    tiers:\n",
        "  claim:\n    demote: {codes: [CLM001], below: 0.2}\n    tiers:\n",
    )
    t = load_thresholds(_write(tmp_path, ok))
    assert t.heads["claim"].demote == (("CLM001",), 0.2)
    bad = _valid().replace(
        "  claim:\n    tiers:\n", "  claim:\n    demote: {codes: [CLM001], below: 2}\n    tiers:\n"
    )
    with pytest.raises(DataFileError, match="below must be"):
        load_thresholds(_write(tmp_path, bad))
    bad = _valid().replace(
        "  absolute_claim:\n    tiers:\n",
        "  absolute_claim:\n    requires: {head: nope, threshold: 0.5}\n    tiers:\n",
    )
    with pytest.raises(DataFileError, match="another head"):
        load_thresholds(_write(tmp_path, bad))
