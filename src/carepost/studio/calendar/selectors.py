"""Calendar reads: posts in a period (one query), pillar mix against the target mix."""

from __future__ import annotations

import calendar as pycal
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.workspaces.models import PILLARS

from .observances import Occurrence, observances_between

__all__ = [
    "CALENDAR_STATUSES",
    "Day",
    "calendar_grid",
    "calendar_posts",
    "period_bounds",
    "pillar_mix",
]

CALENDAR_STATUSES = [
    PostStatus.SCHEDULED,
    PostStatus.PUBLISHED,
    PostStatus.FAILED,
    PostStatus.APPROVED,
]


@dataclass
class Day:
    day: date
    in_period: bool
    posts: list[Post] = field(default_factory=list)
    observances: list[Occurrence] = field(default_factory=list)


def period_bounds(
    *, month: str | None = None, week: str | None = None, today: date
) -> tuple[str, date, date]:
    """('month'|'week', first, last) from ?month=YYYY-MM or ?week=YYYY-MM-DD."""
    if week:
        start = date.fromisoformat(week)
        start -= timedelta(days=start.weekday())
        return "week", start, start + timedelta(days=6)
    if month:
        year, mon = (int(x) for x in month.split("-"))
    else:
        year, mon = today.year, today.month
    first = date(year, mon, 1)
    return "month", first, date(year, mon, pycal.monthrange(year, mon)[1])


def calendar_posts(*, workspaces: list[Any], first: date, last: date, tz: str) -> QuerySet[Post]:
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last + timedelta(days=1), time.min, zone)
    when = Q(scheduled_at__gte=start, scheduled_at__lt=end) | Q(
        scheduled_at__isnull=True, published_at__gte=start, published_at__lt=end
    )
    return (
        Post.objects.filter(workspace__in=workspaces, status__in=CALENDAR_STATUSES)
        .filter(when)
        .select_related("workspace")
        .only(
            "id",
            "title",
            "status",
            "pillar",
            "scheduled_at",
            "published_at",
            "workspace__id",
            "workspace__name",
        )
        .order_by("scheduled_at", "id")
    )


def calendar_grid(
    *, posts: list[Post], kind: str, first: date, last: date, tz: str
) -> list[list[Day]]:
    zone = ZoneInfo(tz)
    grid_first = first - timedelta(days=first.weekday())
    grid_last = last + timedelta(days=6 - last.weekday())
    days: dict[date, Day] = {}
    d = grid_first
    while d <= grid_last:
        days[d] = Day(d, first <= d <= last)
        d += timedelta(days=1)
    for post in posts:
        when = post.scheduled_at or post.published_at
        if when is None:
            continue
        local = when.astimezone(zone).date()
        if local in days:
            days[local].posts.append(post)
    for occ in observances_between(grid_first, grid_last):
        if occ.observance.kind == "month":
            continue  # months are listed once above the grid
        day = max(occ.start, grid_first)
        days[day].observances.append(occ)
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def pillar_mix(*, posts: list[Post], target: dict[str, Any]) -> list[dict[str, Any]]:
    counts = Counter(p.pillar or "" for p in posts)
    total = sum(counts.values()) or 1
    rows = []
    for key, label in PILLARS:
        actual = round(100 * counts.get(key, 0) / total)
        goal = target.get(key)
        rows.append(
            {
                "pillar": key,
                "label": label,
                "count": counts.get(key, 0),
                "actual": actual,
                "target": goal,
                "gap": None if goal is None else actual - int(goal),
            }
        )
    return rows
