"""The approved-claims library: close paraphrases count as supported, near misses do not.

Method under test (carepost.checks.claims.approved): coverage of the approved claim's content
lemmas by the post's claim sentence >= 0.75, with equal numbers, polarity and effect sense.
The false-match table below is the measurement: every near miss must stay unmatched.
"""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Policy
from carepost.checks.claims import analyze
from carepost.checks.claims.approved import THRESHOLD
from carepost.checks.context import Context

LIBRARY = [
    {"id": "AC-1", "text": "Daily flossing lowers the risk of gum disease.", "references": ["ADA"]},
    {
        "id": "AC-2",
        "text": "Walking 30 minutes a day can lower blood pressure.",
        "references": ["AHA"],
    },
    {
        "id": "AC-3",
        "text": "Sunscreen with SPF 30 reduces the risk of skin cancer.",
        "references": ["AAD"],
    },
    {
        "id": "AC-4",
        "text": "Physical therapy eases knee osteoarthritis pain.",
        "references": ["doi:10.1056/NEJMoa1905877"],
    },
    {
        "id": "AC-5",
        "text": "Our CBT-I program improves sleep for adults with insomnia.",
        "references": ["PMID 26054060"],
    },
]

PARAPHRASES = [
    "Flossing daily lowers your risk of gum disease.",
    "Daily flossing reduces the risk of gum disease.",
    "A 30-minute walk every day can lower your blood pressure.",
    "Walking 30 minutes a day lowers blood pressure.",
    "SPF 30 sunscreen reduces your risk of skin cancer.",
    "Physical therapy relieves knee osteoarthritis pain.",
    "Our CBT-I program improves sleep for adults living with insomnia.",
]

NEAR_MISSES = [
    # different outcome
    "Daily flossing lowers the risk of heart disease.",
    "Walking 30 minutes a day cures diabetes.",
    "Sunscreen with SPF 30 reduces wrinkles.",
    # different or bigger numbers
    "Walking 10 minutes a day lowers blood pressure.",
    "Sunscreen with SPF 15 reduces the risk of skin cancer.",
    "Walking 30 minutes a day lowers blood pressure by 40 points.",
    # different effect sense
    "Daily flossing prevents gum disease.",
    "Physical therapy cures knee osteoarthritis.",
    # different subject
    "Mouthwash lowers the risk of gum disease.",
    "Massage eases knee osteoarthritis pain.",
    "Melatonin improves sleep for adults with insomnia.",
    # negated
    "Daily flossing does not lower the risk of gum disease.",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Policy(), select=["CLM001"])


def matched(text: str) -> bool:
    """The analysis found an approved claim for a claim sentence of ``text``."""
    item = CheckInput.from_dict({"text": text, "approved_claims": LIBRARY})
    return bool(analyze(Context(item, Policy())).approved)


def supported(engine: Engine, text: str) -> bool:
    return matched(text)


def unsupported_without_library(engine: Engine, text: str) -> bool:
    return bool([f for f in engine.check(CheckInput(text=text)).findings if f.code == "CLM001"])


@pytest.mark.parametrize("text", PARAPHRASES)
def test_paraphrase_of_approved_claim_is_supported(engine: Engine, text: str) -> None:
    assert unsupported_without_library(engine, text), "must be a claim on its own"
    report = engine.check(CheckInput.from_dict({"text": text, "approved_claims": LIBRARY}))
    assert not [f for f in report.findings if f.code == "CLM001"]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_is_not_matched(text: str) -> None:
    assert not matched(text)


def test_false_match_rate_is_zero_on_the_table(engine: Engine) -> None:
    false_matches = [t for t in NEAR_MISSES if supported(engine, t)]
    hits = [t for t in PARAPHRASES if supported(engine, t)]
    assert THRESHOLD == 0.75
    assert len(false_matches) / len(NEAR_MISSES) == 0.0, false_matches
    assert len(hits) / len(PARAPHRASES) == 1.0


def test_match_is_explained_in_the_report(engine: Engine) -> None:
    item = CheckInput.from_dict({"text": PARAPHRASES[0], "approved_claims": LIBRARY})
    ctx = Context(item, Policy())
    analysis = analyze(ctx)
    (match,) = analysis.approved.values()
    assert match.claim_id == "AC-1" and match.score >= THRESHOLD and match.references == ("ADA",)
