"""Promises without trigger words, own-survey figures, typicality formulas, and the advice and
disclaimer shapes beyond imperatives (education by negation, first-aid steps behind a 911 line,
aftercare timing in replies, unusual disclaimer phrasings).

Every string here is written for these tests; none is taken from a corpus."""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Level

from .conftest import codes


def claim_flagged(engine: Engine, text: str, **fields: object) -> bool:
    report = engine.check(CheckInput.from_dict({"text": text, **fields}))
    return any(
        f.category.value == "claims" and f.level.rank >= Level.WARNING.rank for f in report.findings
    )


def disclaimer_flagged(engine: Engine, text: str, **fields: object) -> bool:
    return any(c.startswith("DSC") for c in codes(engine, text, **fields))


PROMISES = [
    # modal/temporal absolutes
    "Finish the 8-week plan and you'll never get another tension headache.",
    "Stick with our gut protocol and you will never need your reflux pills again.",
    "Our bite-correction aligners realign your jaw permanently.",
    "This laser program permanently corrects astigmatism.",
    "No more knee pain after our 4-visit injection series.",
    "Say goodbye to back spasms forever with our decompression table.",
    "Our vision therapy reverses myopia in just 30 days.",
    # guarantees without the health word next to them
    "Our fertility package guarantees you a pregnancy within a year.",
    "This booster keeps your kids cold-free all season!",
    # durations of results
    "Porcelain veneers last 20+ years.",
    "Dental implants last 25 to 30 years.",
    "Your new crowns will stay this bright for 15 years.",
    # numbers that carry an outcome without a source
    "92% of our clients said they slept better after the first week (client survey).",
    "Our microneedling firms skin by 40% in one visit.",
    "Our new blood panel can detect diabetes up to 8 years earlier.",
    "Most patients regain full grip strength in 4 weeks after our hand therapy.",
    # testimonial as typical
    "She lost 40 pounds with our program. If she did it, you can too!",
    "Ten minutes of stretching a day keeps your joints young.",
]

NOT_PROMISES = [
    "You'll never have to wait more than 10 minutes for a flu shot with online check-in.",
    "We'll never share your health information without your permission.",
    "No more paper forms: check in on your phone before your visit.",
    "Our Elm Street office is permanently closed; visit us at 12 Oak Ave.",
    "98% of our patients said they would recommend us to a friend.",
    "Parking lasts 2 hours with validation.",
    "If you can, join us for the 5K walk on Saturday!",
    "Our lab results portal now shows results 2 days earlier.",
    "Our front desk keeps your visit simple and quick.",
]

NEEDS_DISCLAIMER = [
    # education by negation and by consequence, with a source
    "Reminder: cough syrup doesn't work for kids under 4 and can cause serious side effects (FDA).",
    "Current research doesn't support cupping as a treatment for asthma.",
    "DON'T GIVE BABIES WATER BEFORE 6 MONTHS. IT CAN CAUSE WATER INTOXICATION (AAP).",
    "Know the warning signs of stroke: face drooping, arm weakness and slurred speech.",
    # first-aid steps next to a 911 line
    "If someone collapses: call 911, start chest compressions and use the AED.",
    # exercise how-to
    # the same figure addressed to the reader is advice
    "Get your HPV vaccine: it is over 90% effective at preventing cervical precancers (CDC).",
    "Book your rehab visit today. In the meantime, ice the knee 15 minutes at a time.",
    "Wall sits 101: slide down until your knees bend 90 degrees, hold 20 seconds, 5 reps.",
]

NEEDS_DISCLAIMER_REPLIES = [
    (
        "how long before I can swim after my knee scope?",
        "Most people get back in the pool 10 to 14 days post-op once the incision is closed "
        "and the compression wrap is off.",
    ),
    (
        "is it okay to use whitening toothpaste every day??",
        "Absolutely, it's 100% safe for enamel every day!",
    ),
]

NO_DISCLAIMER_NEEDED = [
    "Flu shots today! Walk in or book online at our Main St pharmacy.",
    "Need a refill? Drop in any weekday before 6pm.",
    # unusual but real disclaimers
    "Sore after a new workout? Stretch gently and rest a day. (General tips only: your "
    "physical therapist knows your body best.)",
    "Floss once a day before brushing. This isn't personal dental advice.",
    # greetings and thought experiments are not instructions
    "Welcome to the world, little one! Give that newborn a cuddle from the whole L&D team.",
    "Imagine a clinic where every patient gets a same-day appointment. That's our goal for 2027.",
    # a measured product figure is a claim about the product, not self-care education
    "Our new laser firms skin by 25% after one session. Book this month!",
    # a product promise after a slogan verb: a claim (flagged as such), not a self-care step
    "Skip the wait 👓 Our light therapy restores night vision in 10 days!",
    # a sourced efficacy figure that tells no one what to do
    "The HPV vaccine is over 90% effective at preventing cervical precancers (CDC, cdc.gov/hpv). "
    "Our pharmacists give it every weekday.",
]


@pytest.mark.parametrize("text", PROMISES)
def test_promises_without_trigger_words_are_claims(engine: Engine, text: str) -> None:
    assert claim_flagged(engine, text), text


@pytest.mark.parametrize("text", NOT_PROMISES)
def test_promise_lookalikes_are_not_claims(engine: Engine, text: str) -> None:
    assert not claim_flagged(engine, text), text


@pytest.mark.parametrize("text", NEEDS_DISCLAIMER)
def test_education_and_steps_need_disclaimer(engine: Engine, text: str) -> None:
    assert "DSC001" in codes(engine, text), text


@pytest.mark.parametrize(("question", "text"), NEEDS_DISCLAIMER_REPLIES)
def test_health_answers_in_replies_need_disclaimer(
    engine: Engine, question: str, text: str
) -> None:
    assert "DSC001" in codes(engine, text, kind="reply", in_reply_to=question)


@pytest.mark.parametrize("text", NO_DISCLAIMER_NEEDED)
def test_no_disclaimer_needed(engine: Engine, text: str) -> None:
    assert not disclaimer_flagged(engine, text), text
