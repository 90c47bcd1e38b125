from __future__ import annotations

import re
from collections.abc import Iterator

from ...claims.advice import advice
from ...claims.phrases import lexicon_regex
from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level, Span
from ...rule import Example, Rule, RuleStatus, register

EMERGENCY_LINE = "If this is an emergency, call 911. In a mental-health crisis, call or text 988."


@register
class MissingEmergencyLine(Rule):
    """
    What it does:
        Flags advice, education or replies about urgent symptoms (chest pain, stroke signs,
        trouble breathing, severe bleeding, anaphylaxis, overdose) or a mental-health crisis
        (suicide, self-harm) that do not tell the reader to call 911 or 988.

    Why it matters:
        Organizations' social-media terms say to call 911 in an emergency; a reader in crisis
        who finds a post or reply must see the way to immediate help, not only a booking line.

    Example:
        Know the signs of a stroke: face drooping, arm weakness and slurred speech.

    Use instead:
        Add "If this is an emergency, call 911. In a mental-health crisis, call or text 988."

    Fix safety:
        The fix appends that line; `unsafe` because the wording may need to fit the post.

    References:
        - 988 Suicide & Crisis Lifeline (988lifeline.org)
        - Summit Health social-media policy ("call 911 in the case of an emergency"), claims.md §4.1
    """

    code = "DSC003"
    name = "missing-emergency-line"
    category = Category.DISCLAIMER
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Know the signs of a stroke: face drooping, arm weakness and slurred speech. Act fast and note the time."
        ),
        Example(
            "We're so sorry you're struggling. Thoughts of suicide deserve care; reach out to your therapist today.",
            {"kind": "reply", "in_reply_to": "i keep thinking about suicide"},
        ),
        Example(
            "We're sorry to hear that. Please send us a direct message so we can help.",
            {
                "kind": "reply",
                "in_reply_to": "having chest pain since this morning, should i wait for my appt?",
            },
        ),
    )
    good_examples = (
        Example(
            "Know the signs of a stroke: face drooping, arm weakness and slurred speech. Call 911 right away."
        ),
        Example("Our stroke team received a national award this year!"),
        Example(
            "We're so sorry you're hurting. Please call or text 988 right now; you are not alone.",
            {
                "kind": "reply",
                "in_reply_to": "i don't want to be alive anymore, thinking about suicide",
            },
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        a = advice(ctx)
        if a.emergency is not None:
            return
        if a.urgent is None:
            # a reply to a comment about a crisis must carry the emergency line too
            question = ctx.input.in_reply_to if ctx.kind == "reply" else None
            m = lexicon_regex("urgent_terms").search(question) if question else None
            if m is None:
                return
            yield self.finding(
                f"the comment mentions {m.group(0)!r}; the reply should give 911 / 988",
                confidence=0.85,
                explanation="urgent-symptom or crisis term in the comment answered, no 911/988/ER line in the reply",
                fix=Fix(
                    title="Add an emergency line",
                    applicability=Applicability.UNSAFE,
                    replacement=" " + EMERGENCY_LINE,
                    span=Span(len(ctx.text), len(ctx.text)),
                ),
            )
            return
        addressed = re.search(r"\b(?:you|your|yourself)\b", ctx.text, re.IGNORECASE)
        if not (a.signals or ctx.kind == "reply" or addressed):
            return
        m = a.urgent
        yield self.finding(
            f"content about {m.group(0)!r} should tell readers to call 911 (or 988 in a crisis)",
            span=(m.start(), m.end()),
            confidence=0.8,
            explanation="urgent-symptom or crisis term with advice or a reply, and no 911/988/ER line",
            fix=Fix(
                title="Add an emergency line",
                applicability=Applicability.UNSAFE,
                replacement=" " + EMERGENCY_LINE,
                span=Span(len(ctx.text), len(ctx.text)),
            ),
        )
