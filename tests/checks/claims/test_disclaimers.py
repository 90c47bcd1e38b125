"""Disclaimer detection: advice that needs one, and the many ways of saying it."""

from __future__ import annotations

import pytest

from carepost.checks import Applicability, CheckInput, Engine, Policy

from .conftest import codes

NEEDS = [
    "Sunburn? Cool the skin with a damp towel and drink extra water today.",
    "Parents: offer water, not juice, with meals. Kids need about 5 cups a day.",
    "Stretch your calves for 30 seconds before every run to ease shin pain.",
    "Adults over 50 should ask about the shingles vaccine.",
    "Headache after screens? Try the 20-20-20 rule: every 20 minutes, look 20 feet away.",
    "Brush twice a day with fluoride toothpaste and floss once a day.",
    "Heat rash? Keep your baby cool, dress them in loose cotton and skip heavy creams.",
    "Spring allergies: rinse your nose with saline after being outside.",
    "For a nosebleed, lean forward and pinch the soft part of your nose for 10 minutes.",
    "Staying active during pregnancy is safe for most people. Walking and swimming are great options.",
    "Your blood pressure numbers: under 120/80 is normal. Over 130/80 is considered high.",
    "Signs of dehydration in kids include dry mouth, few wet diapers and no tears when crying.",
    "SPF check ☀️ Apply sunscreen 15 minutes before going out and reapply every 2 hours.",
]
DISCLAIMED = [
    " General info only, not medical advice.",
    " This post is for educational purposes and is not a substitute for professional care.",
    " (Not medical advice.)",
    " Information only; it doesn't replace advice from your own doctor.",
    " For general information only. Talk to your clinician about your situation.",
]
NO_NEED = [
    "Please call 911 right now and stay on the line.",
    "If you're thinking about suicide, call or text 988 any time.",
    "Happy Nurses Week to the best unit in the state!",
    "We're closed Monday for the holiday; our nurse line is open 24/7 at (555) 010-2000.",
    "Join us Saturday at 10am for our free community health fair!",
    "Our new 3D imaging makes implant planning faster. Book a consult today!",
    "Consult your doctor before starting any new exercise program.",
    "Results may vary.",
    "Welcome Dr. Maya Chen to our pediatrics team! She is accepting new patients.",
    "Our urgent care is open until 10pm tonight. Walk-ins welcome!",
    "We're hiring a full-time medical assistant. Apply on our website.",
    "New patient special: $99 exam, X-rays and cleaning. Book online today!",
    "We can't give medical advice here, but our nurses are available 24/7 at (555) 010-3333.",
    "Ask your pharmacist about our free medication synchronization program.",
    "Kardiva detects irregular rhythms in minutes. Order yours today!",
    "Red light therapy boosts collagen by 31% in 8 weeks. Packages now 20% off!",
]


@pytest.mark.parametrize("text", NEEDS)
def test_advice_without_disclaimer_is_flagged(engine: Engine, text: str) -> None:
    assert "DSC001" in codes(engine, text)


@pytest.mark.parametrize("suffix", DISCLAIMED)
@pytest.mark.parametrize("text", NEEDS[:3])
def test_disclaimer_phrasings_are_recognized(engine: Engine, text: str, suffix: str) -> None:
    assert "DSC001" not in codes(engine, text + suffix)


@pytest.mark.parametrize("text", NO_NEED)
def test_no_disclaimer_needed(engine: Engine, text: str) -> None:
    assert not {c for c in codes(engine, text) if c.startswith("DSC")}


def test_results_may_vary_is_not_a_disclaimer(engine: Engine) -> None:
    assert "DSC001" in codes(engine, NEEDS[0] + " Results may vary.")


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("x", "short"),
        ("threads", "short"),
        ("bluesky", "short"),
        ("facebook", "long"),
        (None, "long"),
    ],
)
def test_fix_uses_the_platform_form(platform: str | None, expected: str) -> None:
    policy = Policy.from_mapping(
        {"disclaimer": {"long": "LONG FORM disclaimer text.", "short": "SHORT."}}
    )
    report = Engine(policy).check(CheckInput(text=NEEDS[0], platform=platform))
    (f,) = [f for f in report.findings if f.code == "DSC001"]
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    fixed = f.fix.apply(NEEDS[0])
    assert fixed.startswith(NEEDS[0])
    assert ("SHORT." if expected == "short" else "LONG FORM disclaimer text.") in fixed
    # the fixed text no longer needs a disclaimer
    assert "DSC001" not in {
        x.code for x in Engine(policy).check(CheckInput(text=fixed, platform=platform)).findings
    }


def test_supplement_structure_function_needs_dshea(engine: Engine) -> None:
    text = "Our magnesium supplement supports restful sleep."
    assert "DSC002" in codes(engine, text)
    report = engine.check(CheckInput(text=text))
    (f,) = [f for f in report.findings if f.code == "DSC002"]
    assert f.fix is not None
    assert "DSC002" not in codes(engine, f.fix.apply(text))


def test_urgent_symptoms_need_emergency_line(engine: Engine) -> None:
    text = "Chest pain that spreads to your arm can be a heart attack. Don't wait it out."
    assert "DSC003" in codes(engine, text)
    assert "DSC003" not in codes(engine, text + " Call 911.")
