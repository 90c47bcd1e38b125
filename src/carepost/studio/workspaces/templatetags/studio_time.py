"""``{% load studio_time %}``: every time in the studio, in the workspace's zone and labelled.

    {{ post.scheduled_at|wstime:ws }}        → <time datetime="…Z" title="Europe/Berlin">Wed 10 Mar 2027, 09:00 CET</time>
    {{ post.scheduled_at|wstime_text:ws }}   → Wed 10 Mar 2027, 09:00 CET   (for attributes, plain text)
    {{ post.scheduled_at|wsclock:ws }}       → 09:00 CET                     (inside a dated cell)
    {{ post.scheduled_at|wsinput:ws }}       → 2027-03-10T09:00              (a datetime-local value)

``ws`` is a workspace (anything with ``.timezone``) or a zone name; the time an aware datetime
or an ISO 8601 string with an offset (the evidence bundle's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import template
from django.utils.html import format_html

from ..timezones import format_local, tz_label, utc_to_local, zone_name

register = template.Library()

__all__ = ["register", "wsclock", "wsinput", "wstime", "wstime_text"]


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    return None


@register.filter
def wstime(value: Any, where: Any) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        zone_name(where),
        format_local(moment, where),
    )


@register.filter
def wstime_text(value: Any, where: Any) -> str:
    return format_local(_moment(value), where)


@register.filter
def wsclock(value: Any, where: Any) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    local = utc_to_local(moment, zone_name(where))
    return f"{local:%H:%M} {tz_label(local)}"


@register.filter
def wsinput(value: Any, where: Any) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    return f"{utc_to_local(moment, zone_name(where)):%Y-%m-%dT%H:%M}"
