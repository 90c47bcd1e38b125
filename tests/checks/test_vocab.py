"""The checker's one YAML loader: every vocabulary error names the file, the line and the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.checks.errors import DataFileError
from carepost.checks.vocab import load_vocabulary, parse_vocabulary

_KEYS = ("greetings", "titles")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("greetings: [hi]\ntitles: [Dr]\nextra: [x]\n", "v.yaml:3: extra: unknown list"),
        ("greetings: [hi]\n", "v.yaml:1: missing lists: titles"),
        ("greetings: []\ntitles: [Dr]\n", "v.yaml:1: greetings: expected a non-empty list"),
        (
            "greetings:\n  - hi\n  - hi\ntitles: [Dr]\n",
            "v.yaml:3: greetings: phrase 'hi' listed twice",
        ),
        (
            "greetings:\n  - hi\n  - no\ntitles: [Dr]\n",
            "v.yaml:3: greetings: expected a non-empty phrase, got False",
        ),
        (
            "greetings: [12]\ntitles: [Dr]\n",
            "v.yaml:1: greetings: expected a non-empty phrase, got 12",
        ),
        (
            "greetings: ['hi  there']\ntitles: [Dr]\n",
            "v.yaml:1: greetings: phrase 'hi  there' has stray spaces",
        ),
        ("greetings: hi\ntitles: [Dr]\n", "v.yaml:1: greetings: expected a non-empty list"),
        ("- hi\n", "v.yaml:1: expected a mapping of named lists"),
        ("greetings: [hi\n", "v.yaml:2: invalid YAML"),
        (
            "greetings: [hi]\ngreetings: [yo]\ntitles: [Dr]\n",
            "v.yaml:2: invalid YAML: duplicate key 'greetings'",
        ),
    ],
)
def test_every_mistake_names_file_line_and_list(text: str, message: str) -> None:
    with pytest.raises(DataFileError) as err:
        parse_vocabulary(text, path="v.yaml", required=_KEYS)
    assert message in str(err.value)


def test_patterns_must_compile() -> None:
    with pytest.raises(DataFileError, match=r"v.yaml:2: titles: invalid pattern 'Dr\('"):
        parse_vocabulary(
            "greetings: [hi]\ntitles: ['Dr(']\n", path="v.yaml", required=_KEYS, patterns=True
        )


def test_a_vocabulary_gives_words_and_a_phrase_pattern(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("greetings: [Hi, good morning]\ntitles: [Dr]\n", encoding="utf-8")
    vocab = load_vocabulary(path, required=_KEYS)
    assert vocab.words("greetings") == {"hi", "good morning"}
    assert vocab.exact("titles") == {"Dr"}
    assert vocab.lines["greetings"] == (1, 1)
    pattern = vocab.pattern("greetings")
    assert [m.group() for m in pattern.finditer("Good   morning! hi, this")] == [
        "Good   morning",
        "hi",
    ]
    assert not pattern.search("history")


def test_an_unreadable_file_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_vocabulary(tmp_path / "missing.yaml", required=_KEYS)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("greetings: [caf\xe9]\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_vocabulary(bad, required=_KEYS)


@pytest.mark.parametrize(
    "module",
    [
        "carepost.checks.sentences",
        "carepost.checks.privacy.lexicon",
        "carepost.checks.claims.phrases",
        "carepost.checks.claims.evidence",
        "carepost.checks.guidelines.pack",
    ],
)
def test_every_vocabulary_reads_through_the_one_loader(module: str) -> None:
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(module))
    assert "yaml.safe_load" not in source and "yaml.compose" not in source
