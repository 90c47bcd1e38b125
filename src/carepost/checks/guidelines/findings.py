"""Turning guideline hits into findings for the STY rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Applicability, Finding, Fix, Span
from .run import guideline_hits

if TYPE_CHECKING:
    from ..context import Context
    from ..rule import Rule

__all__ = ["EXAMPLE_PACK", "EXAMPLE_POLICY", "guideline_findings"]

#: The example pack shipped with carepost (used by the STY004/STY005 examples).
EXAMPLE_PACK = str(Path(__file__).parent / "examples" / "acronyms.yml")
EXAMPLE_POLICY = {"guidelines": {"packs": [EXAMPLE_PACK], "default_pack": False}}


def guideline_findings(rule: Rule, ctx: Context, rule_type: str) -> Iterator[Finding]:
    for hit in guideline_hits(ctx):
        if hit.rule.type != rule_type:
            continue
        fix = None
        if hit.suggestion is not None:
            fix = Fix(
                title=f"Replace with {hit.suggestion!r}",
                applicability=Applicability.UNSAFE,
                replacement=hit.suggestion,
                span=Span(hit.start, hit.end),
            )
        where = f"{hit.rule.path}:{hit.rule.line}"
        yield rule.finding(
            hit.message,
            span=(hit.start, hit.end),
            confidence=0.9 if rule_type != "metric" else 0.7,
            explanation=f"guideline {hit.rule.name} ({hit.rule.type}) from {where}",
            data={
                "guideline": hit.rule.name,
                "pack_file": hit.rule.path,
                "line": hit.rule.line,
                **({"value": round(hit.value, 2)} if hit.value is not None else {}),
                **({"link": hit.rule.link} if hit.rule.link else {}),
            },
            level=hit.rule.level,
            fix=fix,
        )
