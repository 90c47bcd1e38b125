from __future__ import annotations

from typing import ClassVar

from ...learned.rulebase import LearnedRule
from ...model import Category, Level
from ...rule import Example, RuleStatus, register

#: The examples run this rule alone: the hand-written rules would otherwise report them first
#: (the engine then keeps their finding, not the model's).
ALONE = {"rules": {"select": ["CLM050"]}}


@register
class ModelHealthClaim(LearnedRule):
    """
    What it does:
        Flags a text that the checker's fine-tuned model reads as making a specific health or
        efficacy claim without a credible source in the text (the ``claim`` head: claims that
        are unsupported or absolute). Above the calibrated threshold the finding is a warning;
        in the band below it, a note. The claims detector's reading stands: where it finds an
        unsourced claim sentence the model may warn; where it finds health talk but no claim
        (a negation, a question, a service offered) the model only leaves a note; without
        health talk, or when every claim found carries a source, the model says nothing. The
        span names the sentence with the highest probability. When a hand-written claims rule
        already reports the text at the same or a higher level, its finding (with the matched
        phrase and fix) is kept and this one is dropped.

    Why it matters:
        The FTC requires competent and reliable scientific evidence for health claims, and
        the FDA polices efficacy claims for drugs and devices. Claims are worded in endless
        ways; the model catches the ones no phrase list holds.

    Example:
        Daily turmeric shots calm inflammation and ease joint pain within days.

    Use instead:
        Curious whether turmeric helps joint pain? Ask our team what the evidence says and
        whether it suits you.

    Fix safety:
        Display-only: add a credible source (a named study, DOI, PMID or agency) or soften the
        claim; nothing is rewritten automatically.

    References:
        - FTC Health Products Compliance Guidance (2022)
        - The model card: ``src/carepost/checks/learned/model/MODEL_CARD.md``
    """

    code = "CLM050"
    name = "model-health-claim"
    category = Category.CLAIMS
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    head = "claim"
    notes_on_health_talk = True
    messages: ClassVar[dict[Level, str]] = {
        Level.ERROR: "an unsupported health claim (model {probability:.2f})",
        Level.WARNING: "a health claim without a credible source (model {probability:.2f})",
        Level.NOTE: "possibly a health claim without a source — review (model {probability:.2f})",
    }
    fix_title = "Cite a credible source (named study, DOI, PMID, agency) or soften the claim"
    bad_examples = (
        Example(
            "Daily turmeric shots calm inflammation and ease joint pain within days.", {}, ALONE
        ),
    )
    good_examples = (
        Example(
            "Meet Dr. Lena Park, who joins our dermatology team this month. Welcome, Lena!",
            {},
            ALONE,
        ),
    )
