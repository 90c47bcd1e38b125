"""Render reports: text (like a compiler), json, jsonl and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .model import Finding, Level, Report
from .rule import Rule, all_rules

__all__ = ["FORMATS", "render_json", "render_jsonl_line", "render_sarif", "render_text"]

FORMATS = ("text", "json", "jsonl", "sarif")

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "note"}


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def render_text(report: Report, text: str, *, source: str = "<stdin>", color: bool = False) -> str:
    """Human output: ``source:line:col: CODE [level] message``, the line, and a ``^^^`` underline."""

    def paint(s: str, code: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if color else s

    out: list[str] = []
    for f in report.findings:
        level_colour = {"error": "1;31", "warning": "1;33", "note": "1;36"}[f.level.value]
        if f.span is not None:
            line, col = _line_col(text, f.span.start)
            out.append(
                f"{source}:{line}:{col}: {paint(f.code, '1')} "
                f"[{paint(f.level.value, level_colour)}] {f.message}"
            )
            out.extend(_underline(text, f, paint))
        else:
            out.append(
                f"{source}: {paint(f.code, '1')} [{paint(f.level.value, level_colour)}] {f.message}"
            )
        if f.explanation:
            out.append(f"  = why: {f.explanation}")
        if f.fix is not None:
            out.append(f"  = fix ({f.fix.applicability.value}): {f.fix.title}")
        out.append("")
    if report.platform is not None:
        p = report.platform
        out.append(f"{source}: {p.name}: {p.length:,}/{p.limit:,} {p.unit} ({p.remaining:,} left)")
    errors = sum(1 for f in report.findings if f.level is Level.ERROR)
    warnings = sum(1 for f in report.findings if f.level is Level.WARNING)
    notes = len(report.findings) - errors - warnings
    if report.findings:
        out.append(f"{source}: {errors} error(s), {warnings} warning(s), {notes} note(s)")
    else:
        out.append(f"{source}: no findings")
    return "\n".join(out)


def _underline(text: str, f: Finding, paint: Any) -> list[str]:
    assert f.span is not None
    line_start = text.rfind("\n", 0, f.span.start) + 1
    line_end = text.find("\n", f.span.start)
    if line_end == -1:
        line_end = len(text)
    # Show at most 100 characters of very long lines, centred on the span.
    lo = max(line_start, f.span.start - 40)
    hi = min(line_end, max(f.span.end, f.span.start + 1) + 40)
    prefix = "…" if lo > line_start else ""
    suffix = "…" if hi < line_end else ""
    shown = prefix + text[lo:hi].replace("\t", " ") + suffix
    start_col = len(prefix) + (f.span.start - lo)
    width = max(1, min(f.span.end, hi) - f.span.start)
    return ["  | " + shown, "  | " + " " * start_col + paint("^" * width, "1;31")]


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def render_jsonl_line(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    sections = rule.doc_sections()
    help_md = "\n\n".join(f"## {k}\n\n{v}" for k, v in sections.items())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary() or rule.name},
        "fullDescription": {"text": sections.get("Why it matters", rule.summary() or rule.name)},
        "help": {"text": help_md or rule.name, "markdown": help_md or rule.name},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.level]},
        "properties": {"category": rule.category.value, "status": rule.status.value},
    }


def render_sarif(
    results: Sequence[tuple[str, str, Report]], *, version: str = "0.1.0"
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of ``(source uri, text, report)`` triples, one run."""
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    for uri, text, report in results:
        for f in report.findings:
            location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
            if f.span is not None:
                line, col = _line_col(text, f.span.start)
                end_line, end_col = _line_col(text, f.span.end)
                location["physicalLocation"]["region"] = {
                    "startLine": line,
                    "startColumn": col,
                    "endLine": end_line,
                    "endColumn": end_col,
                    "charOffset": f.span.start,
                    "charLength": f.span.end - f.span.start,
                }
            result: dict[str, Any] = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL[f.level],
                "message": {"text": f.message},
                "locations": [location],
                "properties": {
                    "name": f.name,
                    "category": f.category.value,
                    "confidence": round(f.confidence, 3),
                    "explanation": f.explanation,
                },
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            if f.fix is not None and f.fix.replacement is not None and f.span is not None:
                result["fixes"] = [
                    {
                        "description": {"text": f"{f.fix.title} ({f.fix.applicability.value})"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "charOffset": f.fix.span.start
                                            if f.fix.span
                                            else f.span.start,
                                            "charLength": (f.fix.span.end - f.fix.span.start)
                                            if f.fix.span
                                            else f.span.end - f.span.start,
                                        },
                                        "insertedContent": {"text": f.fix.replacement},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            sarif_results.append(result)
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "carepost",
                        "version": version,
                        "informationUri": "https://github.com/carepost/carepost",
                        "rules": [_rule_descriptor(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
