"""Vale-style guideline packs: every rule type, errors with file and line, the default pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.checks import CheckInput, DataFileError, Engine, Level, Policy, load_policy
from carepost.checks.guidelines import default_pack, load_pack


def findings(text: str, policy: Policy | None = None, **fields: object):
    return Engine(policy or Policy()).check(CheckInput.from_dict({"text": text, **fields})).findings


def pack_policy(
    tmp_path: Path, body: str, *, name: str = "House.yml", default: bool = False
) -> Policy:
    (tmp_path / name).write_text(body, encoding="utf-8")
    toml = f'[guidelines]\npacks = ["{name}"]\ndefault_pack = {"true" if default else "false"}\n'
    (tmp_path / "carepost.toml").write_text(toml, encoding="utf-8")
    return load_policy(tmp_path / "carepost.toml")


def test_default_pack_loads_and_never_blocks() -> None:
    rules = default_pack()
    assert {r.type for r in rules} >= {"existence", "substitution", "occurrence", "metric"}
    assert all(r.level is not Level.ERROR for r in rules)


@pytest.mark.parametrize(
    ("text", "code", "needle"),
    [
        ("Free foot checks for diabetics this Saturday.", "STY002", "people with diabetes"),
        ("He suffers from asthma.", "STY002", "lives with"),
        ("Sadly, he committed suicide last year.", "STY002", "died by suicide"),
        ("Treating addicts with compassion.", "STY002", "substance use disorder"),
        ("Watch for edema in your ankles.", "STY002", "swelling"),
        ("BOOK YOUR FLU SHOT TODAY please.", "STY001", "ALL-CAPS"),
        ("#a #b #c #d #e #f #g", "STY003", "7 hashtags"),
        ("Wow! Great! Amazing! Yes!", "STY003", "4 exclamation"),
    ],
)
def test_default_pack_flags(text: str, code: str, needle: str) -> None:
    hits = [f for f in findings(text) if f.code == code]
    assert hits and any(needle in f.message for f in hits), [f.message for f in findings(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Free foot checks for people with diabetes this Saturday.",
        "The CDC and FDA agree: get your COVID shot.",
        "#flu #vaccine",
        "Flu shots are here! Walk in today!",
    ],
)
def test_default_pack_leaves_good_text_alone(text: str) -> None:
    assert not [f for f in findings(text) if f.code in ("STY001", "STY002", "STY003")]


LONG = (
    "Individuals experiencing persistent musculoskeletal discomfort subsequent to strenuous "
    "physical exertion should consider consultation with a qualified rehabilitation "
    "professional regarding individualized therapeutic interventions, including progressive "
    "resistance exercise, neuromuscular re-education and comprehensive ergonomic assessment."
)
EASY = (
    "Sore after a hard workout? Rest, drink water and stretch. If it still hurts after a week, "
    "see us. We can help you feel good and get back to what you love to do each day."
)


def test_reading_level_target_is_configurable() -> None:
    assert any(f.code == "STY006" for f in findings(LONG))
    assert not any(f.code == "STY006" for f in findings(EASY))
    strict = Policy.from_mapping({"options": {"style": {"grade_target": 1}}})
    assert any(f.code == "STY006" for f in findings(EASY, strict))
    lenient = Policy.from_mapping({"options": {"style": {"grade_target": 99}}})
    assert not any(f.code == "STY006" for f in findings(LONG, lenient))


def test_short_posts_skip_readability() -> None:
    assert not any(
        f.code == "STY006" for f in findings("Electroencephalography consultations available.")
    )


def test_org_pack_all_types(tmp_path: Path) -> None:
    policy = pack_policy(
        tmp_path,
        """
rules:
  Banned:
    extends: existence
    message: "Do not say '%s'."
    level: warning
    ignorecase: true
    tokens: [state-of-the-art, world-class]
  Terms:
    extends: substitution
    message: "Say '%s', not '%s'."
    swap:
      E\\.R\\.: emergency department
  Commas:
    extends: occurrence
    message: "%s commas in one sentence."
    scope: sentence
    token: ','
    max: 2
  Case:
    extends: capitalization
    message: "Sentence case: %s"
    match: $sentence
  Acronyms:
    extends: conditional
    message: "Define %s."
    first: '\\b([A-Z]{3,5})\\b'
    second: '\\(([A-Z]{3,5})\\)'
    exceptions: [CDC]
  Long:
    extends: metric
    message: "Too many words: %s."
    formula: words
    condition: "> 40"
""",
    )
    text = "our world-class E.R. team, doctors, nurses, and aides helps with CGM questions. CDC says hi."
    codes = {f.code for f in findings(text, policy)}
    assert {"STY001", "STY002", "STY003", "STY004", "STY005"} <= codes
    assert "STY006" not in codes
    assert not [
        f
        for f in findings("Ask about a continuous glucose monitor (CGM).", policy)
        if f.code == "STY005"
    ]
    f = next(f for f in findings(text, policy) if f.code == "STY002")
    assert f.fix is not None and f.fix.replacement == "emergency department"
    assert f.data["pack_file"].endswith("House.yml")


def test_pack_directory_layout(tmp_path: Path) -> None:
    d = tmp_path / "House"
    d.mkdir()
    (d / "NoHype.yml").write_text(
        'extends: existence\nmessage: "No hype: %s"\nlevel: warning\ntokens: [amazing]\n',
        encoding="utf-8",
    )
    rules = load_pack(d)
    assert [r.name for r in rules] == ["House.NoHype"]


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("extends: existance\nmessage: x\ntokens: [a]\n", 1, "'extends'"),
        ("extends: existence\nmessage: x\ntokens: ['(']\n", 3, "invalid regular expression"),
        ("extends: existence\nmessage: x\nlevel: fatal\ntokens: [a]\n", 3, "'level'"),
        ("extends: occurrence\nmessage: x\ntoken: '#'\nmax: -1\n", 4, "'max'"),
        (
            "extends: metric\nmessage: x\nformula: words / bananas\ncondition: '> 3'\n",
            3,
            "unknown variable",
        ),
        (
            "extends: metric\nmessage: x\nformula: __import__('os')\ncondition: '> 3'\n",
            3,
            "formula",
        ),
        ("extends: metric\nmessage: x\nformula: words\ncondition: about 3\n", 4, "'condition'"),
        ("extends: existence\nmessage: x\ntokens: [a]\ncolour: red\n", 4, "unknown key"),
        ("extends: existence\nmessage: x\ntokens: [a\n", 4, "invalid YAML"),
        (
            "rules:\n  A:\n    extends: existence\n    message: x\n    tokens: [a]\n  B:\n    extends: nope\n",
            7,
            "'extends'",
        ),
    ],
)
def test_pack_errors_name_file_and_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = tmp_path / "Bad.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_pack(path)
    assert err.value.path == str(path)
    assert err.value.line == line, str(err.value)
    assert fragment in str(err.value)
    assert f"{path}:{line}" in str(err.value)


def test_missing_pack_is_a_clear_error(tmp_path: Path) -> None:
    policy = Policy.from_mapping({"guidelines": {"packs": [str(tmp_path / "nope.yml")]}})
    with pytest.raises(DataFileError, match="no such guideline pack"):
        Engine(policy).check(CheckInput(text="Hello there."))


def test_default_pack_can_be_turned_off() -> None:
    policy = Policy.from_mapping({"guidelines": {"default_pack": False}})
    assert not [
        f for f in findings("Free foot checks for diabetics.", policy) if f.code.startswith("STY")
    ]
