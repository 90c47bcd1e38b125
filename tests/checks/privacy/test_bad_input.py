"""Unusual input: no crash, sensible findings."""

from __future__ import annotations

import pytest

from carepost.checks.errors import DataFileError
from carepost.checks.privacy.lexicon import parse_lexicon

from .conftest import blocking_privacy, run_privacy


@pytest.mark.parametrize(
    "text",
    [
        "🦷🎉💙👶🏽" * 20,
        "😀",
        "\u200b\u200d 🏳️‍🌈",
        "no punctuation at all just words about flu shots and hours and the clinic team",
        "ÇA VA? ¿QUÉ TAL? 你好",
        "a" * 5000,
    ],
)
def test_odd_text_does_not_crash_or_block(text: str) -> None:
    assert not blocking_privacy(run_privacy(text))


def test_100kb_text_is_checked() -> None:
    filler = "Flu shots are here, walk in anytime during pharmacy hours. " * 1700
    leak = "Congrats to Marcus Delgado on finishing his chemotherapy for lymphoma with us today! "
    report = run_privacy(filler + leak + filler)
    assert len(filler) * 2 > 100_000
    assert blocking_privacy(report)


def test_no_punctuation_leak_is_found() -> None:
    text = "congrats to our patient maria lopez who finished her chemo with us today so proud"
    assert blocking_privacy(run_privacy(text))


def test_mixed_spanish_post() -> None:
    text = "¡Felicidades a nuestra paciente Carmen Ruiz! Terminó su quimioterapia hoy after her lymphoma treatment."
    assert blocking_privacy(run_privacy(text))


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("conditions: [flu]\nbogus: [x]\n", "unknown list"),
        ("conditions:\n  - flu\n  - flu\n", "listed twice"),
        ("conditions: []\n", "non-empty list"),
        ("conditions:\n  - 12\n", "non-empty phrase"),
        ("- a\n- b\n", "mapping"),
        ("conditions: [flu\n", "invalid YAML"),
    ],
)
def test_lexicon_errors_name_file_and_line(yaml_text: str, message: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_lexicon(yaml_text, "words.yaml")
    assert message in str(info.value) and "words.yaml" in str(info.value)
