"""US national health observances (data/observances.csv, with its sources; see
data/observances.md for the rule grammar) and their dates in a given year."""

from __future__ import annotations

import calendar as pycal
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DATA",
    "Observance",
    "ObservanceRuleError",
    "Occurrence",
    "load_observances",
    "observances_between",
    "occurrences",
]

DATA = Path(__file__).with_name("data") / "observances.csv"
_DOW = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}


class ObservanceRuleError(ValueError):
    """A rule the grammar does not allow (names the file and line)."""


@dataclass(frozen=True)
class Observance:
    name: str
    kind: str
    rule: str
    topic: str
    hashtag: str
    source: str
    confirmed: bool


@dataclass(frozen=True)
class Occurrence:
    observance: Observance
    start: date
    end: date  # inclusive

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and self.end >= first


def _nth_weekday(year: int, month: int, n: str, dow: str) -> date:
    weekday = _DOW[dow]
    days = [
        d
        for d in pycal.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[-1] if n == "L" else days[int(n) - 1]


def _length(suffix: str, default: int) -> int:
    return int(suffix.removeprefix("+").removesuffix("d")) if suffix else default


def occurrences(observance: Observance, year: int) -> list[Occurrence]:
    """Dates of one observance in ``year`` (``dates:`` rules give only the listed years)."""
    rule = observance.rule.rstrip("?")
    kind, _, body = rule.partition(":")
    default_len = {"month": 0, "week": 7, "day": 1}[observance.kind]
    if kind == "month":
        month = int(body)
        last = pycal.monthrange(year, month)[1]
        return [Occurrence(observance, date(year, month, 1), date(year, month, last))]
    if kind == "date":
        mm, dd = (int(x) for x in body.split("-"))
        if (mm, dd) == (2, 28) and "Rare Disease" in observance.name and pycal.isleap(year):
            dd = 29  # the last day of February (see observances.md)
        start = date(year, mm, dd)
        return [Occurrence(observance, start, start)]
    if kind == "week-of":
        md, _, suffix = body.partition("+")
        mm, dd = (int(x) for x in md.split("-"))
        start = date(year, mm, dd)
        length = _length(suffix, default_len)
        return [Occurrence(observance, start, start + timedelta(days=length - 1))]
    if kind == "nth-weekday":
        month_s, n, rest = body.split(":")
        dow, _, suffix = rest.partition("+")
        start = _nth_weekday(year, int(month_s), n, dow)
        length = _length(suffix, default_len)
        return [Occurrence(observance, start, start + timedelta(days=length - 1))]
    if kind == "dates":
        out = []
        for part in body.split(";"):
            begin, _, until = part.partition("..")
            start = date.fromisoformat(begin)
            end = date.fromisoformat(until) if until else start
            if start.year == year:
                out.append(Occurrence(observance, start, end))
        return out
    raise ObservanceRuleError(f"unknown rule {observance.rule!r}")


@lru_cache(maxsize=1)
def load_observances(path: Path = DATA) -> tuple[Observance, ...]:
    out = []
    with path.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            obs = Observance(
                name=row["name"],
                kind=row["kind"],
                rule=row["rule"],
                topic=row["topic"],
                hashtag=row["hashtag"],
                source=row["source"],
                confirmed=not row["rule"].endswith("?"),
            )
            try:
                occurrences(obs, 2026)
            except (ValueError, IndexError, KeyError) as exc:
                raise ObservanceRuleError(f"{path.name}:{line}: {row['rule']!r}: {exc}") from exc
            out.append(obs)
    return tuple(out)


def observances_between(first: date, last: date) -> list[Occurrence]:
    """Every observance occurrence overlapping [first, last], months first, then by start."""
    found: list[Occurrence] = []
    for obs in load_observances():
        for year in range(first.year, last.year + 1):
            found.extend(o for o in occurrences(obs, year) if o.overlaps(first, last))
    order = {"month": 0, "week": 1, "day": 2}
    return sorted(found, key=lambda o: (order[o.observance.kind], o.start, o.observance.name))
