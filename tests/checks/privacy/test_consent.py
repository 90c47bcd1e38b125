"""Consent references turn a named leak into a warning, or are reported when they do not cover it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from carepost.checks.model import ConsentRef
from carepost.checks.privacy.consent import match_consent

from .conftest import run_privacy

STORY = (
    "Patient spotlight: Marcus Delgado rang the bell today after finishing his chemotherapy "
    "for lymphoma at our cancer center!"
)


def codes(report, level=None):  # type: ignore[no-untyped-def]
    return sorted(f.code for f in report.findings if level is None or f.level.value == level)


def test_no_consent_blocks_and_asks_for_one() -> None:
    report = run_privacy(STORY, platform="instagram")
    assert "PHI001" in codes(report, "error")
    assert "CNS001" in codes(report, "error")


def test_valid_consent_makes_a_warning_naming_it() -> None:
    consent = {"id": "AUTH-7", "person": "Marcus Delgado", "platforms": ["instagram"]}
    report = run_privacy(STORY, platform="instagram", consents=[consent])
    (phi,) = [f for f in report.findings if f.code == "PHI001"]
    assert phi.level.value == "warning" and "AUTH-7" in phi.message
    assert not report.blocking


def test_consent_alias_matches_first_name() -> None:
    consent = {"id": "AUTH-8", "person": "Marcus A. Delgado", "aliases": ["Marcus"]}
    report = run_privacy(STORY, consents=[consent])
    assert not report.blocking


def test_revoked_consent_is_reported() -> None:
    consent = {"id": "AUTH-9", "person": "Marcus Delgado", "revoked": True}
    report = run_privacy(STORY, consents=[consent])
    assert "CNS002" in codes(report, "error") and "PHI001" in codes(report, "error")
    (cns,) = [f for f in report.findings if f.code == "CNS002"]
    assert "revoked" in cns.message


@time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
def test_expired_consent_is_reported() -> None:
    consent = {"id": "AUTH-10", "person": "Marcus Delgado", "expires": "2026-05-31"}
    report = run_privacy(STORY, consents=[consent])
    (cns,) = [f for f in report.findings if f.code == "CNS002"]
    assert "expired on 2026-05-31" in cns.message


@time_machine.travel(dt.datetime(2026, 5, 31, 12, tzinfo=dt.UTC))
def test_consent_valid_on_its_last_day() -> None:
    consent = {"id": "AUTH-10", "person": "Marcus Delgado", "expires": "2026-05-31"}
    assert not run_privacy(STORY, consents=[consent]).blocking


def test_consent_for_another_platform_is_reported() -> None:
    consent = {"id": "AUTH-11", "person": "Marcus Delgado", "platforms": ["facebook"]}
    report = run_privacy(STORY, platform="tiktok", consents=[consent])
    (cns,) = [f for f in report.findings if f.code == "CNS002"]
    assert "does not cover tiktok" in cns.message


def test_consent_for_someone_else_does_not_cover() -> None:
    consent = {"id": "AUTH-12", "person": "Jessica Moore"}
    report = run_privacy(STORY, consents=[consent])
    assert "PHI001" in codes(report, "error")


def test_initial_matches_surname() -> None:
    ref = ConsentRef(id="A", person="James Parker")
    assert match_consent(["James P."], [ref], None) is not None
    assert match_consent(["James K."], [ref], None) is None


# --------------------------------------------------------------- consent_covers (any finding)
from carepost.checks import CheckInput, Policy  # noqa: E402
from carepost.checks.context import Context  # noqa: E402
from carepost.checks.privacy import consent_covers  # noqa: E402

_VALID = ConsentRef(id="AUTH-20", person="Elena Marsh", platforms=("instagram",))
_REVOKED = ConsentRef(id="AUTH-21", person="Elena Marsh", revoked=True)
_TWO_SENTENCES = (
    "Elena Marsh finished her last round of chemotherapy at our infusion center. "
    "She rang the bell with her whole family watching!"
)


def _ctx(text: str, platform: str | None = "instagram") -> Context:
    return Context(CheckInput(text=text, platform=platform), Policy())


def test_consent_covers_a_name_and_its_possessive() -> None:
    assert consent_covers("Elena Marsh", [_VALID]).valid  # type: ignore[union-attr]
    assert consent_covers("Elena Marsh's", [_VALID]).valid  # type: ignore[union-attr]
    assert consent_covers("Elena", [_VALID]) is not None  # a first name alone
    assert consent_covers("Tomas Reyes", [_VALID]) is None
    assert consent_covers("Elena Marsh", []) is None


def test_consent_covers_a_span_about_the_named_person() -> None:
    ctx = _ctx(_TWO_SENTENCES)
    second = _TWO_SENTENCES.index("She rang")
    for span in ((0, 20), (second, len(_TWO_SENTENCES))):
        match = consent_covers(span, [_VALID], ctx=ctx)
        assert match is not None and match.valid and match.consent.id == "AUTH-20"


def test_consent_covers_reports_a_consent_that_does_not_cover_this_post() -> None:
    ctx = _ctx(_TWO_SENTENCES, platform="tiktok")
    match = consent_covers((0, 20), [_VALID], ctx=ctx)
    assert match is not None and not match.valid and "tiktok" in (match.problem or "")
    match = consent_covers((0, 20), [_REVOKED, _VALID], ctx=_ctx(_TWO_SENTENCES))
    assert match is not None and match.valid  # a valid consent wins over a revoked one


def test_consent_covers_a_span_needs_the_context() -> None:
    with pytest.raises(TypeError):
        consent_covers((0, 5), [_VALID])


def test_a_span_naming_nobody_in_a_text_about_two_people_is_not_covered() -> None:
    text = (
        "Elena Marsh and Marcus Delgado both finished chemotherapy at our infusion center this week. "
        "They rang the bell together!"
    )
    ctx = _ctx(text)
    assert consent_covers((text.index("They"), len(text)), [_VALID], ctx=ctx) is None


def test_a_possessive_name_is_covered_by_the_consent() -> None:
    text = "Elena Marsh's story: after months of chemotherapy at our cancer center, she is cancer-free."
    report = run_privacy(text, consents=[{"id": "AUTH-20", "person": "Elena Marsh"}])
    assert not report.blocking
    assert {f.code for f in report.findings if f.level.value == "warning"} >= {"PHI001"}


def test_a_span_about_two_people_needs_both_consents() -> None:
    text = "Elena Marsh and Marcus Delgado both finished chemotherapy at our infusion center."
    ctx = _ctx(text)
    marcus = ConsentRef(id="AUTH-22", person="Marcus Delgado")
    assert consent_covers((0, len(text)), [_VALID], ctx=ctx) is None
    match = consent_covers((0, len(text)), [_VALID, marcus], ctx=ctx)
    assert match is not None and match.valid
