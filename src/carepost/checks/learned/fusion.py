"""Fusion of the model with the hand-written rules, after every rule has run.

* A model finding is dropped when a hand-written rule reports the same category at the same or a
  higher level (that rule has the better span, explanation and fix); the rule's finding then
  records the model's probability (``data.model``).
* A confident "no" from the model lowers the findings of the rules calibration lists under
  ``demote`` (``thresholds.yaml``) one level: a soft privacy error becomes a warning (privacy
  review instead of a block), a medical-disclaimer warning a note. Hard identifiers (PHI003),
  consent, supplement and emergency rules are never lowered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import Finding, Level
from .rulebase import lower
from .scoring import text_scores, thresholds_for

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["fuse"]

#: the head whose probability may lower a rule's finding, by input kind
_HEADS_FOR = {
    "post": ("phi", "needs_disclaimer"),
    "reply": ("reply_confirms_care", "needs_disclaimer"),
}
_FROM_LEVEL = {
    "phi": Level.ERROR,
    "reply_confirms_care": Level.ERROR,
    "needs_disclaimer": Level.WARNING,
}


def fuse(ctx: Context, findings: list[Finding], learned: Iterable[str]) -> list[Finding]:
    codes = set(learned)
    findings = _demote(ctx, findings, codes)
    model = [f for f in findings if f.code in codes]
    if not model:
        return findings
    out: list[Finding] = []
    attached: set[int] = set()
    for f in findings:
        if f.code in codes:
            continue
        for i, m in enumerate(model):
            if m.category is f.category and f.level.rank >= m.level.rank:
                attached.add(i)
                if f.level.rank >= Level.WARNING.rank and "model" not in f.data:
                    data = {**f.data, "model": {m.code: round(m.confidence, 4)}}
                    f = dataclasses.replace(f, data=data)
        out.append(f)
    out.extend(m for i, m in enumerate(model) if i not in attached)
    return out


def _demote(ctx: Context, findings: list[Finding], learned: set[str]) -> list[Finding]:
    heads = thresholds_for(ctx.policy).heads
    rules = {
        code: (head, h.demote[1])
        for head in _HEADS_FOR.get(ctx.kind, ())
        if (h := heads.get(head)) is not None and h.demote is not None
        for code in h.demote[0]
    }
    if not rules or not any(f.code in rules and f.code not in learned for f in findings):
        return findings
    probs = text_scores(ctx)
    out: list[Finding] = []
    for f in findings:
        found = rules.get(f.code)
        if found is not None and f.code not in learned:
            head, below = found
            prob = probs.get(head)
            if prob is not None and prob < below and f.level is _FROM_LEVEL[head]:
                new = lower(f.level)
                what = "patient information" if head != "needs_disclaimer" else "health advice"
                f = dataclasses.replace(
                    f,
                    level=new,
                    message=f"{f.message} (lowered to {new.value}: the model reads no {what} "
                    f"here, {prob:.2f} < {below:.2f})",
                    data={
                        **f.data,
                        "model": {
                            "head": head,
                            "probability": round(prob, 4),
                            "demoted_below": below,
                        },
                    },
                )
        out.append(f)
    return out
