"""A cure promised for a service (an IV drip, a therapy, a procedure) is an error no disclaimer
fixes, and a service is never offered the DSHEA supplement disclaimer."""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Level

from .conftest import codes

SERVICE_CURES = [
    "Our IV vitamin drip cures fatigue and boosts immunity 100%!",
    "Book a B12 shot: it cures brain fog for good.",
    "Our hyperbaric oxygen sessions cure chronic fatigue.",
    "Acupuncture cures migraines, guaranteed.",
    "This detox program cures bloating and boosts energy.",
]


@pytest.mark.parametrize("text", SERVICE_CURES)
def test_a_cure_claim_for_a_service_blocks(engine: Engine, text: str) -> None:
    report = engine.check(CheckInput(text=text))
    cures = [
        f for f in report.findings if f.code == "CLM002" and f.data.get("family") == "cure-language"
    ]
    assert cures and all(f.level is Level.ERROR for f in cures)
    assert report.blocking
    assert "no disclaimer fixes" in cures[0].message


@pytest.mark.parametrize("text", SERVICE_CURES)
def test_no_dshea_disclaimer_is_offered_for_a_service(engine: Engine, text: str) -> None:
    report = engine.check(CheckInput(text=text))
    assert "DSC002" not in {f.code for f in report.findings}
    for f in report.findings:
        assert f.fix is None or "Food and Drug Administration" not in (f.fix.replacement or "")


@pytest.mark.parametrize(
    "text",
    [
        "Our IV hydration drip boosts energy after a long week.",
        "Vitamin B12 injections support energy levels.",
    ],
)
def test_a_service_with_a_supplement_ingredient_gets_no_dshea(engine: Engine, text: str) -> None:
    assert "DSC002" not in codes(engine, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a supplement product still needs the DSHEA sentence for a structure/function claim
        ("Our elderberry gummies support immune health all winter.", True),
        ("Magnesium capsules help you relax and support sleep. Take 200 mg at night.", True),
        # a supplement that promises a cure is a disease claim (CLM003), not a disclaimer case
        ("Our vitamin C gummies cure colds fast!", False),
    ],
)
def test_supplement_products_keep_the_dshea_rule(engine: Engine, text: str, expected: bool) -> None:
    assert ("DSC002" in codes(engine, text)) is expected


@pytest.mark.parametrize(
    "text",
    [
        "There is no cure for eczema, but a gentle routine can calm flares.",
        "Walking every day helps; it cures nothing on its own.",
        "Our new laser treatment room opens Monday!",
    ],
)
def test_no_cure_claim_no_error(engine: Engine, text: str) -> None:
    report = engine.check(CheckInput(text=text))
    assert not [f for f in report.findings if f.code == "CLM002" and f.level is Level.ERROR]


def test_a_cure_claim_without_a_service_stays_a_warning(engine: Engine) -> None:
    report = engine.check(CheckInput(text="Walking 10,000 steps a day cures depression."))
    cures = [f for f in report.findings if f.code == "CLM002"]
    assert cures and all(f.level is Level.WARNING for f in cures)
