from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from carepost.checks import CheckInput, Engine, Finding, Level, Report, Span
from carepost.checks.model import Applicability, Category, Fix
from carepost.checks.output import render_sarif, render_text

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def _report_with_span() -> tuple[str, Report]:
    text = "Line one.\nCall Maria about her knee surgery."
    start = text.index("Maria")
    finding = Finding(
        code="PLT001",
        name="text-over-limit",
        category=Category.PLATFORM,
        level=Level.ERROR,
        message="example finding",
        span=Span(start, start + 5),
        explanation="pattern",
        fix=Fix("Redact the name", Applicability.DISPLAY_ONLY, "[name]", Span(start, start + 5)),
    )
    return text, Report(findings=(finding,), elapsed_ms=1.0)


def test_text_output_underlines_the_span():
    text, report = _report_with_span()
    out = render_text(report, text, source="post.txt")
    lines = out.splitlines()
    assert lines[0] == "post.txt:2:6: PLT001 [error] example finding"
    assert lines[1] == "  | Call Maria about her knee surgery."
    assert lines[2] == "  |      ^^^^^"
    assert "= fix (display-only): Redact the name" in out


def test_sarif_validates_against_the_official_schema():
    text, report = _report_with_span()
    long = "Flu shots are here. " * 15
    real = Engine().check(CheckInput(text=long, platform="x"))
    log = render_sarif([("post.txt", text, report), ("long.txt", long, real)])
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, errors[0]
    run = log["runs"][0]
    codes = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "PLT001" in codes and "STY900" in codes
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["charLength"]) == (2, 6, 5)
    assert run["results"][1]["ruleId"] == "PLT001"


def test_sarif_schema_rejects_a_broken_log():
    text, report = _report_with_span()
    log = render_sarif([("post.txt", text, report)])
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(jsonschema.Draft4Validator(SCHEMA).iter_errors(log))
