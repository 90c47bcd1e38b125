"""Building the live check panel's view model from reports (highlight spans, fixes)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["apply_fix", "highlight", "panel_for"]


def panel_for(text: str, report: dict[str, Any]) -> dict[str, Any]:
    """The template context of one text's check panel."""
    findings = report["findings"]
    return {
        "report": report,
        "findings": list(enumerate(findings)),
        "highlighted": highlight(text, findings),
        "platform": report.get("platform"),
    }


def highlight(text: str, findings: list[dict[str, Any]]) -> SafeString:
    """The text, HTML-escaped, with each finding's span wrapped in <mark> (overlaps skipped)."""
    spans = sorted(
        (
            (f["span"]["start"], f["span"]["end"], i, f["level"])
            for i, f in enumerate(findings)
            if f.get("span")
        ),
        key=lambda s: (s[0], -s[1]),
    )
    out, pos = [], 0
    for start, end, index, level in spans:
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(
            f'<mark class="{escape(level)}" data-finding="{index}" title="finding {index + 1}">'
            f"{escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def apply_fix(text: str, finding: dict[str, Any]) -> str:
    fix = finding.get("fix") or {}
    if fix.get("applicability") not in ("safe", "unsafe") or fix.get("replacement") is None:
        return text
    span = fix.get("span") or finding.get("span")
    if span is None:
        return str(fix["replacement"])
    return text[: span["start"]] + str(fix["replacement"]) + text[span["end"] :]
