"""Consent references turn a named leak into a warning, or are reported when they do not cover it."""

from __future__ import annotations

import datetime as dt

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
