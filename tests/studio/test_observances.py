from __future__ import annotations

from datetime import date

import pytest

from carepost.studio.calendar.observances import (
    Observance,
    ObservanceRuleError,
    load_observances,
    observances_between,
    occurrences,
)

# 2026 dates the organizers announced (data/observances.md) and the rules must reproduce.
KNOWN = [
    ("National Wear Red Day", date(2026, 2, 6), date(2026, 2, 6)),
    ("National Girls & Women in Sports Day", date(2026, 2, 4), date(2026, 2, 4)),
    ("National Eating Disorders Awareness Week", date(2026, 2, 23), date(2026, 3, 1)),
    ("Sleep Awareness Week", date(2026, 3, 8), date(2026, 3, 14)),
    ("National Public Health Week", date(2026, 4, 6), date(2026, 4, 12)),
    ("National Health Center Week", date(2026, 8, 2), date(2026, 8, 8)),
    ("National Suicide Prevention Week", date(2026, 9, 6), date(2026, 9, 12)),
    ("Great American Smokeout", date(2026, 11, 19), date(2026, 11, 19)),
    ("Red Ribbon Week", date(2026, 10, 23), date(2026, 10, 31)),
    ("American Heart Month", date(2026, 2, 1), date(2026, 2, 28)),
]


def _get(name: str) -> Observance:
    return next(o for o in load_observances() if o.name == name)


@pytest.mark.parametrize(("name", "start", "end"), KNOWN)
def test_rules_give_the_announced_2026_dates(name, start, end):
    [occ] = occurrences(_get(name), 2026)
    assert (occ.start, occ.end) == (start, end)


def test_every_row_has_dates_in_2026_and_2027_and_a_source():
    rows = load_observances()
    assert len(rows) >= 200
    for obs in rows:
        assert obs.source.startswith("http"), obs.name
        for year in (2026, 2027):
            found = occurrences(obs, year)
            assert found, (obs.name, year)
            assert all(o.start <= o.end for o in found)


def test_rare_disease_day_is_the_last_day_of_february():
    assert occurrences(_get("Rare Disease Day"), 2028)[0].start == date(2028, 2, 29)
    assert occurrences(_get("Rare Disease Day"), 2027)[0].start == date(2027, 2, 28)


def test_unconfirmed_rules_are_marked():
    assert not _get("National Health Center Week").confirmed
    assert _get("National Wear Red Day").confirmed


def test_between_spans_year_boundaries():
    names = {o.observance.name for o in observances_between(date(2026, 12, 28), date(2027, 1, 3))}
    assert "Cervical Health Awareness Month" in names  # January 2027


def test_bad_rule_names_the_rule():
    bad = Observance("X", "day", "fortnight:3", "t", "", "https://example.org", True)
    with pytest.raises(ObservanceRuleError, match="fortnight"):
        occurrences(bad, 2026)
