from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level
from ...privacy import REPLY_REVEALS_CARE, analyze, safe_reply
from ...rule import Example, Rule, RuleStatus, register

_MESSAGES = {
    "your-care-object": "reply refers to the reviewer's own care",
    "your-care-with-team": "reply ties the reviewer or their family to our care team",
    "your-order-status": "reply discusses the status of the reviewer's order or prescription",
    "congratulations-on-care": "reply congratulates the reviewer on a care milestone",
    "glad-about-your-recovery": "reply comments on the reviewer's recovery",
    "you-are-recovering": "reply comments on the reviewer's recovery",
    "clinician-cared-for-you": "reply describes care our staff gave the reviewer",
    "confirms-past-visit": "reply confirms the reviewer has been here",
    "confirms-visit-es": "reply confirms the reviewer's visit (Spanish)",
    "treatment-dose": "reply discloses a treatment dose",
}


@register
class ReplyRevealsCare(Rule):
    """
    What it does:
        In a reply (``kind = "reply"``), flags statements that confirm the reviewer (or their
        relative) was cared for here without the words "your visit": "your" + an object of
        their own care ("the scar from your excision", "your lenses are back-ordered"),
        congratulations on a care milestone ("congratulations on ringing the bell", "on your
        twins" next to "our L&D nurses"), recovery remarks ("so glad that shoulder is
        cooperating", "you're healing beautifully"), care our staff gave "you" ("Dr. X spent
        25 minutes with you and ordered..."), return invitations ("see you back", "come back
        anytime"), account notes ("we've added a touch-up to your account") and the same
        confirmations in Spanish ("su cita"). Advice (imperatives, "can", "if", "usually"),
        referrals ("ask your surgeon") and generic thanks are not flagged, and a sentence the
        broader analysis (PHI002) already flagged is not flagged twice.

    Why it matters:
        Confirming that a reviewer is a patient, or discussing their care, is a disclosure of
        PHI even when the reviewer posted first; HHS OCR has settled with practices for
        exactly this kind of reply (Elite Dental 2019, New Vision Dental 2022, Manasa 2023).

    Example:
        Congratulations on ringing the bell! Our infusion nurses were honored to be part of
        your journey.

    Use instead:
        Thank you for sharing this with us. We're cheering you on! To protect everyone's
        privacy we don't discuss anyone's care online; please reach us directly any time.

    Fix safety:
        Display-only: a safe generic reply is offered from ``[options.privacy]
        reply_template``. It replaces the whole reply, so a person must choose it.

    References:
        - HHS OCR press releases: Elite Dental (2019), New Vision Dental (2022), Manasa (2023)
        - 45 CFR 164.502(a) (uses and disclosures of PHI)
        - shared reference privacy.md §2, §3.1
    """

    code = "PHI010"
    name = "reply-reveals-care"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Congratulations on ringing the bell! Our infusion nurses were honored to be part "
            "of your journey.",
            {"kind": "reply", "in_reply_to": "Last chemo today!!"},
        ),
        Example(
            "So glad that knee is finally cooperating! Keep it up.",
            {"kind": "reply", "in_reply_to": "5 stars, back to hiking"},
        ),
        Example(
            "Sorry about the delay! Your progressive lenses are back-ordered until the 30th.",
            {"kind": "reply", "in_reply_to": "Still waiting..."},
        ),
    )
    good_examples = (
        Example(
            "Thank you for the kind words! We'll share them with the whole team.",
            {"kind": "reply", "in_reply_to": "My crown feels great, thanks!"},
        ),
        Example(
            "Most people can return to running a few months after knee surgery, but timing "
            "depends on your surgeon's plan. General information only.",
            {"kind": "reply", "in_reply_to": "When can I run again?"},
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        leaks = analyze(ctx).leaks_for(REPLY_REVEALS_CARE)
        if not leaks:
            return
        reply = safe_reply(ctx.policy)
        for i, leak in enumerate(leaks):
            kind = leak.signals[0]
            yield self.finding(
                _MESSAGES.get(kind, "reply confirms the reviewer is a patient"),
                span=(leak.start, leak.end),
                confidence=leak.confidence,
                explanation=kind,
                data={"signals": list(leak.signals)},
                fix=Fix(
                    title="Replace with a generic reply that invites private contact",
                    applicability=Applicability.DISPLAY_ONLY,
                    replacement=reply,
                )
                if i == 0
                else None,
            )
