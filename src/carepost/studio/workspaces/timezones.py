"""A workspace's wall clock: every time the studio shows or reads is in the workspace's time
zone, labelled (``Wed 10 Mar 2027, 09:00 CET``); every time it stores is aware UTC.

Reading a wall-clock time that does not exist (the spring-forward gap) moves it forward by the
gap (02:30 → 03:30); one that happens twice (the fall-back fold) takes the first occurrence, so a
post never goes out later than the person scheduling it saw. ``wall_time_note`` says so in words.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from carepost.studio.errors import ValidationFailed

__all__ = [
    "format_local",
    "local_to_utc",
    "parse_local",
    "tz_label",
    "utc_to_local",
    "wall_time_note",
    "zone_name",
]


def zone_name(where: Any) -> str:
    """The zone name of a workspace (anything with ``.timezone``) or a zone name itself."""
    return str(getattr(where, "timezone", where) or "UTC")


def local_to_utc(wall: datetime, tz: str) -> datetime:
    """A wall-clock time in ``tz`` (naive, or aware: its own zone is ignored) → aware UTC."""
    zone = ZoneInfo(tz)
    naive = wall.replace(tzinfo=None)
    utc = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:  # in a gap: round-trips elsewhere
        later = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
        utc = max(utc, later)
    return utc


def utc_to_local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def tz_label(local: datetime) -> str:
    """The zone's abbreviation at that moment (``CET``, ``EDT``); numeric ones read ``UTC+04``."""
    abbr = local.tzname() or ""
    if not abbr or abbr[0] in "+-":
        offset = local.strftime("%z")
        return f"UTC{offset[:3]}" + (f":{offset[3:]}" if offset[3:] not in ("", "00") else "")
    return abbr


def format_local(moment: datetime | None, where: Any, *, weekday: bool = True) -> str:
    """``Wed 10 Mar 2027, 09:00 CET`` in the workspace's zone; "" for None."""
    if moment is None:
        return ""
    local = utc_to_local(moment, zone_name(where))
    day = f"{local:%a} " if weekday else ""
    return f"{day}{local.day} {local:%b %Y, %H:%M} {tz_label(local)}"


def parse_local(value: str, tz: str, *, field: str = "scheduled_at") -> datetime:
    """A form's ``YYYY-MM-DDTHH:MM`` (``datetime-local``) in the workspace's zone → aware UTC.
    A value with its own offset is taken as that instant."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationFailed(
            "give the date and time as YYYY-MM-DDTHH:MM (for example 2027-03-10T09:00)",
            field=field,
        ) from exc
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    return local_to_utc(parsed, tz)


def wall_time_note(wall: datetime, tz: str) -> str | None:
    """What happened to a wall-clock time that does not exist or exists twice in ``tz``, in the
    words a person scheduling a post needs; None for an ordinary time."""
    zone = ZoneInfo(tz)
    naive = wall.replace(tzinfo=None)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    chosen = utc_to_local(local_to_utc(naive, tz), tz)
    when = f"{naive:%H:%M} on {naive.day} {naive:%b %Y}"
    if chosen.replace(tzinfo=None) != naive:
        return (
            f"{when} does not exist in {tz} (the clocks go forward), so it is scheduled for "
            f"{chosen:%H:%M} {tz_label(chosen)}."
        )
    if first.utcoffset() != second.utcoffset():
        return (
            f"{when} happens twice in {tz} (the clocks go back); it is scheduled for the first, "
            f"{chosen:%H:%M} {tz_label(chosen)}."
        )
    return None
