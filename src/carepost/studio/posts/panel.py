"""Building the live check panel's view model from reports (highlight spans, fixes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["PanelText", "apply_fix", "highlight", "panels_build"]


@dataclass(frozen=True)
class PanelText:
    """One checked text of a post: the master text or a platform's variant."""

    field: str  # "text" or "variant_<platform>" (the form field a fix applies to)
    label: str
    text: str
    report: dict[str, Any]
    notes: tuple[str, ...] = ()


def _key(text: str, finding: dict[str, Any]) -> tuple[str, str, str]:
    span = finding.get("span")
    flagged = text[span["start"] : span["end"]] if span else ""
    return finding["code"], flagged, finding.get("message", "")


def panels_build(texts: Sequence[PanelText]) -> list[dict[str, Any]]:
    """The check panels of a post's texts. A finding repeated across texts (same code, same
    flagged words, same message: an empty variant repeats the master text) is listed once, in
    the first text it appears in, with the labels of every text it applies to; each text still
    highlights its own spans and shows its own counter."""
    applies: dict[tuple[str, str, str], list[str]] = {}
    for t in texts:
        for f in t.report.get("findings", ()):
            labels = applies.setdefault(_key(t.text, f), [])
            if t.label not in labels:
                labels.append(t.label)
    listed: set[tuple[str, str, str]] = set()
    panels = []
    for t in texts:
        findings = t.report.get("findings", [])
        shown, repeated = [], 0
        for index, f in enumerate(findings):
            key = _key(t.text, f)
            if key in listed:
                repeated += 1
                continue
            listed.add(key)
            shown.append((index, f, applies[key]))
        panels.append(
            {
                "field": t.field,
                "label": t.label,
                "notes": list(t.notes),
                "report": t.report,
                "findings": shown,
                "repeated": repeated,
                "highlighted": highlight(t.text, findings),
                "platform": t.report.get("platform"),
            }
        )
    return panels


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
