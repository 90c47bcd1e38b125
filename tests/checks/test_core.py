from __future__ import annotations

import subprocess
import sys
import types

import pytest

import carepost.checks as checks
from carepost.checks import (
    CheckInput,
    Engine,
    InputError,
    Level,
    Policy,
    UnknownPlatformError,
    UnknownRuleError,
    check,
    get_rule,
)
from carepost.checks.rule import select_rules


def test_importing_checks_loads_no_django():
    code = (
        "import sys, carepost.checks, carepost.checks.output, carepost.checks.evaluate;"
        "carepost.checks.all_rules();"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_checks_loads_no_nlp_model():
    code = "import sys, carepost.checks; sys.exit(1 if 'spacy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_public_api_is_explicit():
    assert sorted(checks.__all__) == sorted(set(checks.__all__))
    for name in checks.__all__:
        assert hasattr(checks, name), name
    # Submodules appear as attributes once imported (in any order); everything else that is
    # public must be listed in __all__.
    public = {
        n
        for n in dir(checks)
        if not n.startswith("_") and not isinstance(getattr(checks, n), types.ModuleType)
    }
    assert public - set(checks.__all__) == set()


def test_report_contract_with_platform_block():
    report = check("Flu shots are here. " * 15, platform="x")
    d = report.to_dict()
    assert set(d) == {"id", "findings", "blocking", "elapsed_ms", "platform"}
    assert d["platform"] == {
        "name": "x",
        "length": 300,
        "limit": 280,
        "unit": "weighted",
        "remaining": -20,
    }
    assert d["blocking"] is True
    f = d["findings"][0]
    assert set(f) == {
        "code",
        "name",
        "category",
        "level",
        "message",
        "span",
        "confidence",
        "explanation",
        "data",
        "fix",
    }
    assert f["code"] == "PLT001" and f["level"] == "error"


def test_no_platform_block_without_platform():
    assert "platform" not in check("Hello from the clinic").to_dict()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t", "empty"),
        ("x" * 1_000_001, "at most"),
        ("bad\x00byte", "NUL"),
    ],
)
def test_bad_text_is_an_input_error(text, message):
    with pytest.raises(InputError, match=message):
        check(text)


def test_unknown_platform_names_known_ones():
    with pytest.raises(UnknownPlatformError, match=r"known platforms: .*bluesky"):
        check("hello", platform="myspace")


def test_platform_aliases():
    assert check("hi", platform="Twitter").platform.name == "x"


def test_level_override_and_select_ignore():
    long = "Flu shots are here. " * 15
    policy = Policy.from_toml('[rules]\nlevels = { PLT001 = "warning" }\n')
    report = Engine(policy).check(CheckInput(text=long, platform="x"))
    assert report.findings[0].level is Level.WARNING
    assert not report.blocking
    assert Engine(ignore=["PLT"]).check(CheckInput(text=long, platform="x")).findings == ()
    assert {r.code[:3] for r in select_rules(["platform"])} == {"PLT"}
    assert "PLT001" in [r.code for r in select_rules(["platform"])]
    with pytest.raises(UnknownRuleError):
        select_rules(["ZZZ"])


def test_waiver_suppresses_and_unused_waiver_is_reported():
    long = "Flu shots are here. " * 15
    policy = Policy.from_toml(
        '[[waivers]]\ncode = "PLT001"\nreason = "thread planned"\napproved_by = "a.lee"\n'
    )
    report = Engine(policy).check(CheckInput(text=long, platform="x"))
    assert [f.code for f in report.findings] == []
    assert report.waived and "a.lee" in report.waived[0][1]
    short = Engine(policy).check(CheckInput(text="Flu shots", platform="x"))
    assert [f.code for f in short.findings] == ["STY900"]


def test_get_rule_by_code_or_name():
    assert get_rule("plt001").name == "text-over-limit"
    assert get_rule("text-over-limit").code == "PLT001"
    with pytest.raises(UnknownRuleError):
        get_rule("PHI999")


def test_batch_isolates_bad_items():
    engine = Engine()
    items = [
        CheckInput(text="ok", id="1"),
        CheckInput(text="", id="2"),
        CheckInput(text="ok", id="3"),
    ]
    out = list(engine.check_many(items))
    assert [type(o).__name__ for o in out] == ["Report", "BatchError", "Report"]
    assert out[1].id == "2" and "empty" in out[1].reason


def test_from_dict_errors_name_the_field():
    with pytest.raises(InputError, match="'text'"):
        CheckInput.from_dict({"kind": "post"})
    with pytest.raises(InputError, match="'kind'"):
        CheckInput.from_dict({"text": "x", "kind": "tweet"})


def test_media_only_post_is_checked_without_a_caption():
    from pathlib import Path

    import carepost.checks.media as media_pkg
    from carepost.checks import MediaRef

    samples = Path(media_pkg.__file__).parent / "samples"
    image = next(p for p in sorted(samples.iterdir()) if p.suffix.lower() in {".jpg", ".png"})
    report = Engine().check(
        CheckInput(text="", platform="instagram", media=(MediaRef(path=str(image)),))
    )
    assert report.platform is not None and report.platform.length == 0
    with pytest.raises(InputError, match="no media"):
        Engine().check(CheckInput(text="  ", platform="instagram"))
