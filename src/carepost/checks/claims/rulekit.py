"""Helpers shared by the CLM rule modules: turning phrase hits into findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Applicability, Finding, Fix, Level, Span
from .detect import ClaimsAnalysis, analyze
from .phrases import PhraseHit

if TYPE_CHECKING:
    from ..context import Context
    from ..rule import Rule

__all__ = ["family_findings", "hit_finding"]


def hit_finding(
    rule: Rule,
    hit: PhraseHit,
    analysis: ClaimsAnalysis,
    *,
    extra: str = "",
    level: Level | None = None,
) -> Finding:
    fix = None
    if hit.suggestion is not None:
        fix = Fix(
            title=f"Say {hit.suggestion!r} instead of {hit.text!r} (check the claim is still true)",
            applicability=Applicability.UNSAFE,
            replacement=hit.suggestion,
            span=Span(hit.start, hit.end),
        )
    sources = ", ".join(f"{c.value} (tier {c.tier})" for c in analysis.credible) or "none"
    return rule.finding(
        hit.message + (f"; {extra}" if extra else ""),
        span=(hit.start, hit.end),
        confidence=0.9 if hit.family.kind in ("absolute", "enforcement") else 0.8,
        explanation=(
            f"phrase family {hit.family.id!r} ({hit.family.kind}"
            f"{', ' + hit.family.family if hit.family.family else ''}) matched {hit.text!r}; "
            f"credible sources in the post: {sources}"
        ),
        data={"family": hit.family.id, "kind": hit.family.kind, "matched": hit.text},
        fix=fix,
        level=level
        or (Level(hit.family.level) if hit.family.level in ("error", "warning", "note") else None),
    )


def family_findings(rule: Rule, ctx: Context, family: str) -> Iterator[Finding]:
    """One finding per sentence for the enforcement ``family`` (the first hit in it)."""
    analysis = analyze(ctx)
    seen: set[int] = set()
    for hit in analysis.hits_of(family=family):
        key = hit.sentence if hit.family.scope == "sentence" else -1
        if key in seen:
            continue
        seen.add(key)
        yield hit_finding(rule, hit, analysis)
