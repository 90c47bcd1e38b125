from __future__ import annotations

from typing import ClassVar

from ...learned.rulebase import LearnedRule
from ...model import Category, Level
from ...rule import Example, RuleStatus, register

#: The examples run this rule alone: the hand-written rules would otherwise report them first
#: (the engine then keeps their finding, not the model's).
ALONE = {"rules": {"select": ["DSC050"]}}


@register
class ModelMissingDisclaimer(LearnedRule):
    """
    What it does:
        Flags a text that the checker's fine-tuned model reads as general health advice or
        education that should carry a "general information, not medical advice" disclaimer
        and does not (the ``needs_disclaimer`` head). Above the calibrated threshold the
        finding is a warning; in the band below it, a note. The span names the sentence with
        the highest probability. A hand-written disclaimer rule that already reports the text
        keeps its finding (with the policy's disclaimer as the fix) and this one is dropped.

    Why it matters:
        Self-care steps and health education read as personal advice without the disclaimer;
        careful organizations pair the two. Which texts are advice is a judgment that word
        lists make poorly: on unseen texts the hand-written rule reached an F1 of about 0.63.

    Example:
        Sunburn tonight? Cool compresses, plenty of water, and aloe help; skip the butter and
        leave blisters alone so they can heal.

    Use instead:
        Sunburn tonight? Cool compresses, plenty of water, and aloe help; skip the butter and
        leave blisters alone so they can heal. General information only, not a substitute for
        personal medical advice.

    Fix safety:
        Display-only: the hand-written disclaimer rule offers the policy's disclaimer text; a
        person decides where it goes.

    References:
        - FTC Health Products Compliance Guidance (2022)
        - The model card: ``src/carepost/checks/learned/model/MODEL_CARD.md``
    """

    code = "DSC050"
    name = "model-missing-disclaimer"
    category = Category.DISCLAIMER
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    head = "needs_disclaimer"
    messages: ClassVar[dict[Level, str]] = {
        Level.ERROR: "health advice without a disclaimer (model {probability:.2f})",
        Level.WARNING: "health advice without a medical disclaimer (model {probability:.2f})",
        Level.NOTE: "possibly health advice without a disclaimer (model {probability:.2f})",
    }
    fix_title = "Add the organization's general-information disclaimer"
    bad_examples = (
        Example(
            "Sunburn tonight? Cool compresses, plenty of water, and aloe help; skip the butter "
            "and leave blisters alone so they can heal.",
            {},
            ALONE,
        ),
    )
    good_examples = (
        Example(
            "Congratulations to our billing team on ten years together! Cake at noon.", {}, ALONE
        ),
    )
