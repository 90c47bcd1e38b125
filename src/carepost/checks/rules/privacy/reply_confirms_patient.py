from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level
from ...privacy import REPLY_CONFIRMS_PATIENT, analyze, safe_reply
from ...rule import Example, Rule, RuleStatus, register


@register
class ReplyConfirmsPatient(Rule):
    """
    What it does:
        In a reply (``kind = "reply"``) to a comment or review, flags anything that confirms
        the person is or was a patient or reveals their care: "your visit", "your procedure",
        "see you at your next cleaning", "our records show", "as we discussed at your
        appointment", "we're glad your knee is healing", care given to "you" by the team, or
        the reviewer's name next to any care detail. It applies even when the reviewer
        disclosed their care first. A generic reply that thanks, apologizes and invites
        private contact is not flagged.

    Why it matters:
        HHS OCR has fined practices for replies to online reviews that confirmed the reviewer
        was a patient or discussed their treatment (Elite Dental 2019, New Vision Dental 2022,
        Manasa 2023). "Providers cannot disclose protected health information of their
        patients when responding to negative online reviews. This is a clear NO."

    Example:
        Thank you, Sarah! We're so glad your visit with Dr. Okafor went smoothly. See you at
        your six-month cleaning!

    Use instead:
        Thank you for taking the time to share this. To protect everyone's privacy we never
        discuss anyone's care online; please contact our office directly.

    Fix safety:
        Display-only: a safe generic reply is offered from ``[options.privacy]
        reply_template`` (placeholders ``{organization}``, ``{contact}``, ``{phone}``,
        ``{email}``; any other placeholder or a non-string is a policy error naming the key). It
        replaces the whole reply, so a person must choose it.

    References:
        - HHS OCR press releases: Elite Dental (2019), New Vision Dental (2022), Manasa (2023)
        - shared reference privacy.md §2, §3.1
    """

    code = "PHI002"
    name = "reply-confirms-patient"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Thank you, Sarah! We're so glad your visit with Dr. Okafor went smoothly. See you "
            "at your six-month cleaning!",
            {"kind": "reply", "in_reply_to": "Best dentist in town!!"},
        ),
        Example(
            "We apologize. Our records show your refund was processed on March 20.",
            {"kind": "reply", "in_reply_to": "Billing was a nightmare."},
        ),
    )
    good_examples = (
        Example(
            "We're sorry to read this. Because of privacy laws we can't discuss anyone's care "
            "online. Please call our practice manager at (614) 555-0130.",
            {"kind": "reply", "in_reply_to": "Rude receptionist and they lost my lab results."},
        ),
        Example(
            "Thank you for taking the time to leave a review! We'll pass your kind words along "
            "to the team.",
            {"kind": "reply"},
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.kind != "reply":
            return
        analysis = analyze(ctx)
        leaks = analysis.leaks_for(REPLY_CONFIRMS_PATIENT)
        if not leaks:
            return
        reply = safe_reply(ctx.policy)
        for i, leak in enumerate(leaks):
            yield self.finding(
                "reply confirms the reviewer is a patient or reveals their care",
                span=(leak.start, leak.end),
                confidence=leak.confidence,
                explanation=leak.explanation(),
                data={"identifiers": list(leak.identifier_kinds), "signals": list(leak.signals)},
                fix=Fix(
                    title="Replace with a generic reply that invites private contact",
                    applicability=Applicability.DISPLAY_ONLY,
                    replacement=reply,
                )
                if i == 0
                else None,
            )
