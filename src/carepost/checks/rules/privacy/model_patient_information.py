from __future__ import annotations

from typing import ClassVar

from ...learned.rulebase import LearnedRule
from ...model import Category, Level
from ...rule import Example, RuleStatus, register

#: The examples run this rule alone: the hand-written rules would otherwise report them first
#: (the engine then keeps their finding, not the model's).
ALONE = {"rules": {"select": ["PHI050"]}}


@register
class ModelPatientInformation(LearnedRule):
    """
    What it does:
        Flags a post that the checker's fine-tuned model reads as disclosing a patient's
        health information, in the phrasings no hand-written pattern lists: staff humour that
        points to a patient by bed and condition, a newborn described by gestational age and
        length of stay, a before/after with a first name and the procedures, the organization
        disclosing a public figure's procedure. The model (``phi`` head) scores the whole text;
        above the calibrated error threshold the finding blocks approval, in the band below it
        it is a warning, "possible patient information — privacy review". The span names the
        sentence with the highest probability; the finding's data gives both probabilities,
        the threshold and the signals. A valid consent naming a person in the text lowers the
        finding one level. When a hand-written privacy rule already reports the text at the
        same or a higher level, its finding (with its span, explanation and fix) is kept and
        this one is dropped.

    Why it matters:
        Real leaks are phrased in endless ways: on texts their authors never saw, the
        hand-written privacy rules alone found about two thirds of the patient disclosures.
        The model, fine-tuned on thousands of independently written and reviewed examples,
        finds most of the rest, and its thresholds are calibrated on a separate set so the
        error tier stays at or under 3 % false flags and the warning tier at or under 10 %.

    Example:
        Night shift humour: bed 7 has asked for his third pudding cup since his gallbladder
        came out this morning, and honestly he has earned it.

    Use instead:
        Night shift humour: pudding cups are the currency of the recovery unit, and our
        patients have earned every one.

    Fix safety:
        Display-only: the finding asks a person to rewrite the sentence or attach the patient's
        signed authorization; nothing is rewritten automatically.

    References:
        - 45 CFR 164.502, 164.508 (authorization), 164.514(b) (de-identification)
        - The model card: ``src/carepost/checks/learned/model/MODEL_CARD.md``
    """

    code = "PHI050"
    name = "model-patient-information"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    head = "phi"
    applies_to = ("post",)
    messages: ClassVar[dict[Level, str]] = {
        Level.ERROR: "likely patient information (model {probability:.2f})",
        Level.WARNING: "possible patient information — privacy review (model {probability:.2f})",
        Level.NOTE: "patient information is unlikely but possible (model {probability:.2f})",
    }
    fix_title = "Rewrite the sentence without the patient, or attach their signed authorization"
    bad_examples = (
        Example(
            "Night shift humour: bed 7 has asked for his third pudding cup since his "
            "gallbladder came out this morning, and honestly he has earned it.",
            {},
            ALONE,
        ),
    )
    good_examples = (
        Example(
            "Our clinic is closed Monday for the holiday. Happy Labor Day from our team!", {}, ALONE
        ),
    )
