"""The third-party conformance suites, vendored unchanged in tests/data/conformance."""

from __future__ import annotations

import pytest

from carepost.checks.platforms.counting import count_text

from .conformance import LengthCase, atproto_length_cases, run_case, twitter_cases

TWITTER = list(twitter_cases())
ATPROTO = list(atproto_length_cases())


def test_suites_are_loaded() -> None:
    sections = {(c.file, c.section) for c in TWITTER}
    assert len(sections) == 18
    assert len(TWITTER) > 1800  # tlds alone hold 1,574 cases
    assert {c.field for c in ATPROTO} == {"graphemeString", "lenString"}


@pytest.mark.parametrize("case", TWITTER, ids=[c.id for c in TWITTER])
def test_twitter_text(case) -> None:  # type: ignore[no-untyped-def]
    assert run_case(case) == case.expected, case.description


@pytest.mark.parametrize("case", ATPROTO, ids=[f"{c.name}:{c.field}" for c in ATPROTO])
def test_atproto_lengths(case: LengthCase) -> None:
    unit = "graphemes" if case.field == "graphemeString" else "bytes"
    length = count_text(case.text, unit)
    assert (case.minimum <= length <= case.maximum) is case.expected_valid
