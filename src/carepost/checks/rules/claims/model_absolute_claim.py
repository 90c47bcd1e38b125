from __future__ import annotations

from typing import ClassVar

from ...learned.rulebase import LearnedRule
from ...model import Category, Level
from ...rule import Example, RuleStatus, register

#: The examples run this rule alone: the hand-written rules would otherwise report them first
#: (the engine then keeps their finding, not the model's).
ALONE = {"rules": {"select": ["CLM051"]}}


@register
class ModelAbsoluteClaim(LearnedRule):
    """
    What it does:
        Flags a text that the checker's fine-tuned model reads as an absolute or guaranteed
        health claim (the ``absolute_claim`` head): cures, guarantees, "100 %", "no side
        effects", permanent results, disease-prevention promises, before/after results implied
        typical. Above the calibrated threshold the finding blocks approval. It needs the
        ``claim`` head at 0.5 or more too (an absolute claim is a claim) and a claim sentence
        without a source found by the claims detector (its reading of negations, questions and
        sources stands). The span names the sentence with the highest probability. A
        hand-written claims rule that already reports the text at the same or a higher level
        keeps its finding and this one is dropped.

    Why it matters:
        An absolute claim is misleading whatever source follows it, and for a non-drug service
        no disclaimer fixes it: the FTC and state boards act on cure and guarantee language.

    Example:
        Our IV vitamin drip cures fatigue and boosts immunity 100%, every single time!

    Use instead:
        Feeling run down? Book a visit and our clinicians will look at what may be behind your
        fatigue.

    Fix safety:
        Display-only: a person must remove the promise; nothing is rewritten automatically.

    References:
        - FTC Health Products Compliance Guidance (2022)
        - The model card: ``src/carepost/checks/learned/model/MODEL_CARD.md``
    """

    code = "CLM051"
    name = "model-absolute-claim"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    head = "absolute_claim"
    messages: ClassVar[dict[Level, str]] = {
        Level.ERROR: "an absolute or guaranteed health claim (model {probability:.2f})",
        Level.WARNING: "possibly an absolute health claim — review (model {probability:.2f})",
        Level.NOTE: "possibly an absolute health claim (model {probability:.2f})",
    }
    fix_title = "Remove the cure, guarantee or certainty; say what the service may do"
    bad_examples = (
        Example(
            "Our IV vitamin drip cures fatigue and boosts immunity 100%, every single time!",
            {},
            ALONE,
        ),
    )
    good_examples = (
        Example("Our front desk team is here Monday to Friday, 8 to 5. Come say hi!", {}, ALONE),
    )
