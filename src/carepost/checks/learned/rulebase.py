"""``LearnedRule``: a rule whose finding comes from one head of the model.

The head's probability for the whole text picks the tier (``thresholds.yaml``); the finding's
span is the sentence with the highest probability for that head; its data carries the
probabilities, the threshold and the signals. A valid consent naming a person in the text lowers
the finding one level (error → warning → note), as it does for the hand-written privacy rules.
The engine drops a learned finding when a hand-written rule already reports the same category
at the same or a higher level (the hand-written one has the better span, explanation and fix)
and records the model's probability on that finding instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

import regex

from ..model import Applicability, Finding, Fix, Level
from ..rule import Rule
from .scoring import sentence_scores, text_scores, thresholds_for

if TYPE_CHECKING:
    from ..context import Context
    from ..model import ConsentRef
    from ..privacy import ConsentMatch

__all__ = ["LearnedRule", "claim_context", "consent_for", "lower"]

#: reasons of the privacy analysis that come from the policy's own lists
_POLICY_REASONS = frozenset(
    {
        "listed in policy staff",
        "listed in policy public_figures",
        "organization name",
        "organization's own handle",
    }
)

_LOWER = {Level.ERROR: Level.WARNING, Level.WARNING: Level.NOTE, Level.NOTE: Level.NOTE}


def lower(level: Level) -> Level:
    return _LOWER[level]


def _consent_in_text(text: str, consents: tuple[ConsentRef, ...]) -> list[str]:
    """The consent names (person or alias, or its first name) that occur in ``text``."""
    found: list[str] = []
    for c in consents:
        for name in (c.person, *c.aliases):
            words = [w for w in regex.split(r"\s+", name.strip()) if w]
            if not words:
                continue
            for candidate in (name.strip(), words[0]):
                pattern = r"(?<![\p{L}\p{N}])" + regex.escape(candidate) + r"(?![\p{L}\p{N}])"
                if len(candidate) > 1 and regex.search(pattern, text, regex.IGNORECASE):
                    found.append(candidate)
                    break
    return found


def _consent_match(
    text: str, consents: tuple[ConsentRef, ...], platform: str | None
) -> ConsentMatch | None:
    from ..privacy import match_consent

    names = _consent_in_text(text, consents)
    return match_consent(names, consents, platform) if names else None


def claim_context(ctx: Context) -> str:
    """What the claims detector sees: ``"claim"`` (a claim sentence without a source),
    ``"health"`` (health talk, no such sentence: negations, questions, a service offered...)
    or ``"none"`` (no health talk, or only cited claims).

    Why the model needs it: on texts the detector reads as no claim, the model's own claim
    findings were mostly false flags (negations, questions, services offered)."""
    from ..claims.detect import analyze

    analysis = analyze(ctx)
    if any(not c.cited_here for c in analysis.claims):
        return "claim"
    if analysis.claims or not analysis.health_context:
        return "none"
    return "health"


def consent_for(ctx: Context, span: tuple[int, int]) -> ConsentMatch | None:
    """The consent that covers the people of ``span`` (the privacy family's ``consent_covers``),
    else one naming a person who occurs in the text."""
    from ..privacy import consent_covers

    if not ctx.input.consents:
        return None
    match = consent_covers(span, ctx.input.consents, ctx=ctx)
    return match or _consent_match(ctx.text, ctx.input.consents, ctx.platform)


class LearnedRule(Rule):
    """Base of the rules that turn one model head into findings."""

    head: ClassVar[str]
    applies_to: ClassVar[tuple[str, ...]] = ("post", "reply")
    #: claims rules: whether to leave a note where the detector finds health talk but no claim
    notes_on_health_talk: ClassVar[bool] = False
    #: message per level; ``{probability}`` is filled in
    messages: ClassVar[dict[Level, str]]
    fix_title: ClassVar[str]

    def applies(self, ctx: Context) -> bool:
        return ctx.kind in self.applies_to and bool(ctx.text.strip())

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not self.applies(ctx):
            return
        thresholds = thresholds_for(ctx.policy).heads[self.head]
        found = text_scores(ctx).get(self.head)
        if found is None:
            return  # a text the model does not judge (shorter than its training texts)
        prob = found
        level = thresholds.level_for(prob)
        if level is None:
            return
        capped = False
        if self.category.value == "claims":
            # The claims detector's reading of negation, questions and sources stands: without
            # health talk, or with only cited claims, no model claim finding; where it finds no
            # unsourced claim sentence, the model only asks for a look (a note).
            context = claim_context(ctx)
            if context == "none" or (context == "health" and not self.notes_on_health_talk):
                return
            capped = context == "health" and not thresholds.health_talk
        if thresholds.requires is not None:
            other, floor = thresholds.requires
            if text_scores(ctx).get(other, 0.0) < floor:
                return
        sentences = sentence_scores(ctx)
        best = max(sentences, key=lambda s: s.probs.get(self.head, -1.0), default=None)
        if best is None or self.head not in best.probs:
            # no sentence long enough to judge alone: the finding spans the text
            start = len(ctx.text) - len(ctx.text.lstrip())
            span, sentence_prob = (start, len(ctx.text.rstrip())), prob
        else:
            span, sentence_prob = (best.start, best.end), best.probs.get(self.head, 0.0)
        tier = next(t for t in thresholds.tiers if t.level is level)
        signals = [f"model head '{self.head}': {prob:.2f} for the whole text"]
        signals.append(f"{sentence_prob:.2f} for the sentence named by the span")
        if ctx.kind == "reply" and ctx.input.in_reply_to:
            signals.append("read together with the comment it answers")
        others = sorted((k, v) for k, v in text_scores(ctx).items() if k != self.head and v >= 0.5)
        if others:
            signals.append("other heads: " + ", ".join(f"{k} {v:.2f}" for k, v in others))
        note = ""
        data: dict[str, object] = {
            "head": self.head,
            "probability": round(prob, 4),
            "sentence_probability": round(sentence_prob, 4),
            "threshold": tier.threshold,
            "tier": level.value,
            "signals": signals,
        }
        if capped and level is not Level.NOTE:
            level = Level.NOTE
            signals.append("the claims detector finds no unsourced claim sentence (note only)")
        message = self.messages[level].format(probability=prob)
        if self.category.value == "privacy":
            if ctx.input.consents:
                level, note = self._consent(ctx, span, level, data)
            level, note = self._policy_people(ctx, span, level, note, data)

        yield self.finding(
            message + note,
            span=span,
            confidence=prob,
            explanation=f"model {self.head} {prob:.2f} >= {tier.threshold:.2f} ({level.value} "
            f"tier); " + "; ".join(signals[1:]),
            data=data,
            level=level,
            fix=Fix(title=self.fix_title, applicability=Applicability.DISPLAY_ONLY),
        )

    def _policy_people(
        self,
        ctx: Context,
        span: tuple[int, int],
        level: Level,
        note: str,
        data: dict[str, object],
    ) -> tuple[Level, str]:
        """Lower the finding one level when every person the flagged sentence names is, by
        the policy's own lists, staff, the organization or a public figure: the model cannot
        see those lists."""
        from ..privacy import analyze

        start, end = span
        inside = [m for m in analyze(ctx).mentions if start <= m.start and m.end <= end]
        if not inside or not all(m.reason in _POLICY_REASONS for m in inside):
            return level, note
        names = sorted({m.text for m in inside})
        data["policy_people"] = names
        return lower(level), note + f"; the policy lists {', '.join(names)} (not a patient)"

    def _consent(
        self, ctx: Context, span: tuple[int, int], level: Level, data: dict[str, object]
    ) -> tuple[Level, str]:
        match = consent_for(ctx, span)
        if match is None:
            return level, ""
        data["consent"] = match.consent.id
        if match.valid:
            return lower(level), f"; covered by consent {match.consent.id}"
        return level, f"; consent {match.consent.id} {match.problem}"
