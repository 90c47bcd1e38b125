"""Phrase families and word lists are data validated on load, with file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.checks import DataFileError
from carepost.checks.claims.phrases import lexicon, load_families, phrase_families


def test_shipped_data_loads() -> None:
    fams = phrase_families()
    assert len({f.id for f in fams}) == len(fams)
    kinds = {f.kind for f in fams}
    assert {"absolute", "soft-absolute", "enforcement", "typicality", "unnamed-source"} <= kinds
    families = {f.family for f in fams if f.kind == "enforcement"}
    assert families == {
        "supplement-disease",
        "covid",
        "stem-cell",
        "weight-loss",
        "glp1-sameness",
        "fair-balance",
        "off-label",
        "material-connection",
    }
    assert {"health_terms", "effect_verbs", "disclaimer_phrases"} <= set(lexicon())


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        (
            "- id: x\n  extends: existence\n  kind: absolute\n  message: m\n  tokens: ['(']\n",
            5,
            "invalid regular expression",
        ),
        (
            "- id: x\n  extends: existence\n  kind: bogus\n  message: m\n  tokens: [a]\n",
            3,
            "'kind'",
        ),
        (
            "- id: x\n  extends: existence\n  kind: enforcement\n  message: m\n  tokens: [a]\n",
            1,
            "'family'",
        ),
        (
            "- id: x\n  extends: existence\n  kind: absolute\n  message: m\n  tokens: [$nope]\n",
            5,
            "unknown word list",
        ),
        (
            "- id: x\n  extends: substitution\n  kind: absolute\n  message: m\n  swap: [a]\n",
            5,
            "'swap'",
        ),
        (
            "- id: Bad Id\n  extends: existence\n  kind: absolute\n  message: m\n  tokens: [a]\n",
            1,
            "kebab-case",
        ),
        (
            "- id: x\n  extends: existence\n  kind: absolute\n  message: m\n  tokens: [a]\n  colour: red\n",
            6,
            "unknown key",
        ),
        (
            "- id: x\n  extends: existence\n  kind: absolute\n  message: m\n  tokens: [a]\n- id: x\n  extends: existence\n  kind: absolute\n  message: m\n  tokens: [b]\n",
            6,
            "duplicate",
        ),
        ("- id: x\n  tokens: [a\n", 3, "invalid YAML"),
    ],
)
def test_family_errors_name_file_and_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = tmp_path / "phrases.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_families(str(path))
    assert f"{path}:{line}" in str(err.value), str(err.value)
    assert fragment in str(err.value)


def test_the_claim_patterns_are_data_and_compile() -> None:
    from carepost.checks.claims.predicates import PATTERN_KEYS, pattern

    for key in PATTERN_KEYS:
        assert pattern(key).pattern
    assert pattern("before_after").search("Before & after: 6 months of aligners")
    assert pattern("first_person").search("I love it") and not pattern("first_person").search("i")


def test_the_claim_word_lists_go_through_the_one_loader() -> None:
    from carepost.checks.claims.phrases import parse_lexicon
    from carepost.checks.vocab import parse_yaml

    raw = parse_yaml("health_terms:\n  - flu\n  - flu\n", path="lex.yaml")
    with pytest.raises(DataFileError, match=r"lex.yaml:3: health_terms: phrase 'flu' listed twice"):
        parse_lexicon(raw, path="lex.yaml")
