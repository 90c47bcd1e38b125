from __future__ import annotations

from typing import ClassVar

from ...learned.rulebase import LearnedRule
from ...model import Category, Level
from ...rule import Example, RuleStatus, register

#: The examples run this rule alone: the hand-written rules would otherwise report them first
#: (the engine then keeps their finding, not the model's).
ALONE = {"rules": {"select": ["PHI051"]}}


@register
class ModelReplyConfirmsCare(LearnedRule):
    """
    What it does:
        Flags a reply (``kind = "reply"``) that the checker's fine-tuned model reads as
        confirming that the person answered is or was a patient, or as revealing their care:
        a rebuttal that recounts the visit, a warm "so glad the new crown feels right", a
        promise to "look into your bill from the 14th". The model reads the reply together
        with the comment or review it answers (``in_reply_to``). Above the calibrated error
        threshold the finding blocks approval; in the band below it, it is a warning for
        privacy review. The span names the sentence with the highest probability. A
        hand-written reply rule that already reports the reply at the same or a higher level
        keeps its finding (with the safe generic reply) and this one is dropped.

    Why it matters:
        HHS OCR has fined practices for review replies that confirmed the reviewer was a
        patient, even when the reviewer disclosed their care first. The phrasings vary too much
        for patterns alone: on unseen texts the hand-written reply guard missed about a third.

    Example:
        So happy the new glasses are working out! The first week of adjusting is normal, and
        the team loved catching up at the fitting.

    Use instead:
        We're sorry to hear about your experience. To protect everyone's privacy we never
        discuss anyone's care online; please contact our office directly.

    Fix safety:
        Display-only: a person must rewrite the reply; the hand-written reply rules offer the
        safe generic reply from ``[options.privacy] reply_template``.

    References:
        - HHS OCR press releases: Elite Dental (2019), New Vision Dental (2022), Manasa (2023)
        - The model card: ``src/carepost/checks/learned/model/MODEL_CARD.md``
    """

    code = "PHI051"
    name = "model-reply-confirms-care"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    head = "reply_confirms_care"
    applies_to = ("reply",)
    messages: ClassVar[dict[Level, str]] = {
        Level.ERROR: "the reply likely confirms care or reveals it (model {probability:.2f})",
        Level.WARNING: "the reply may confirm care — privacy review (model {probability:.2f})",
        Level.NOTE: "the reply is unlikely to confirm care (model {probability:.2f})",
    }
    fix_title = "Reply without confirming the visit or any care; invite private contact"
    bad_examples = (
        Example(
            "So happy the new glasses are working out! The first week of adjusting is normal, "
            "and the team loved catching up at the fitting.",
            {"kind": "reply", "in_reply_to": "Finally I can read the menu again lol"},
            ALONE,
        ),
    )
    good_examples = (
        Example(
            "Thank you for reaching out. We'd like to hear more; please call our office "
            "manager directly so we can help.",
            {"kind": "reply", "in_reply_to": "Waited 90 minutes past my appointment time!"},
            ALONE,
        ),
    )
