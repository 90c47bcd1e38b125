"""Reading the audit trail of one workspace: filters, readable rows, and the CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from carepost.studio.errors import ValidationFailed

from .events import EVENTS, event_label
from .models import AuditEvent
from .targets import data_label, describe_targets, target_key

__all__ = [
    "AuditFilter",
    "AuditRow",
    "audit_actor_choices",
    "audit_csv_lines",
    "audit_events",
    "audit_filter_from",
    "audit_namespaces",
    "audit_rows",
    "csv_safe",
]


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    event: str = ""  # an event type, or a namespace ending in "." ("post.")
    start: date | None = None  # inclusive, in the workspace's zone
    end: date | None = None  # inclusive
    target_type: str = ""
    target_id: str = ""

    @property
    def object(self) -> str:
        return target_key(self.target_type, self.target_id) if self.target_type else ""

    def query(self) -> dict[str, str]:
        """The filter as query parameters (for links and the export)."""
        out = {
            "actor": self.actor,
            "event": self.event,
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "object": self.object,
        }
        return {k: v for k, v in out.items() if v}


def _day(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed("give the date as YYYY-MM-DD", field=field) from None


def audit_filter_from(params: Any) -> AuditFilter:
    """Parse the audit page's query string (``actor``, ``event``, ``from``, ``to``,
    ``object=type:id``); ValidationFailed names the bad parameter."""
    event = params.get("event", "").strip()
    if event and event not in EVENTS and not (event.endswith(".") and len(event) > 1):
        raise ValidationFailed("unknown event type", field="event")
    start, end = _day(params.get("from", ""), "from"), _day(params.get("to", ""), "to")
    if start and end and end < start:
        raise ValidationFailed("the end date is before the start date", field="to")
    target_type = target_id = ""
    obj = params.get("object", "").strip()
    if obj:
        target_type, sep, target_id = obj.partition(":")
        if not sep or not target_type or not target_id:
            raise ValidationFailed("object must look like posts.post:18", field="object")
    return AuditFilter(
        actor=params.get("actor", "").strip(),
        event=event,
        start=start,
        end=end,
        target_type=target_type,
        target_id=target_id,
    )


def audit_events(*, workspace: Any, flt: AuditFilter) -> QuerySet[AuditEvent]:
    """The workspace's events matching ``flt``, newest first."""
    qs = AuditEvent.objects.filter(workspace_id=workspace.pk)
    if flt.actor:
        qs = qs.filter(actor_label=flt.actor)
    if flt.event.endswith("."):
        qs = qs.filter(event_type__startswith=flt.event)
    elif flt.event:
        qs = qs.filter(event_type=flt.event)
    zone = ZoneInfo(workspace.timezone)
    if flt.start:
        qs = qs.filter(created_at__gte=datetime.combine(flt.start, time.min, zone))
    if flt.end:
        qs = qs.filter(created_at__lt=datetime.combine(flt.end + timedelta(days=1), time.min, zone))
    if flt.target_type:
        qs = qs.filter(target_type=flt.target_type, target_id=flt.target_id)
    return qs.order_by("-id")


_NAMESPACE_LABELS = {
    "post.": "Posts: editing, review, scheduling, publishing",
    "publishing.": "Publishing jobs and accounts",
    "consent.": "Consent records",
    "claim.": "Claims library",
    "membership.": "Members and invitations",
    "workspace.": "Workspace settings",
    "crisis.": "Crisis mode",
    "auth.": "Sign-ins",
    "audit.": "The audit trail itself",
}


def audit_namespaces() -> list[tuple[str, str]]:
    """The event groups the filter offers ("post." = every post event)."""
    present = {name.split(".", 1)[0] + "." for name in EVENTS}
    return [(ns, label) for ns, label in _NAMESPACE_LABELS.items() if ns in present]


def audit_actor_choices(*, workspace: Any) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(workspace_id=workspace.pk)
        .exclude(actor_label="")
        .values_list("actor_label", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    label: str
    target: str  # "post 'Flu shot reminder'"
    object: str  # the object filter value for the target, "" when none

    @property
    def detail(self) -> str:
        """What the label leaves out: the platform of a publishing event, and how it happened
        ("X, by hand")."""
        data = self.event.data or {}
        parts = [data_label("platform", data["platform"])] if data.get("platform") else []
        if data.get("how"):
            parts.append(str(data["how"]))
        return ", ".join(parts)


def audit_rows(events: Iterable[AuditEvent]) -> list[AuditRow]:
    events = list(events)
    names = describe_targets((e.target_type, e.target_id) for e in events)
    return [
        AuditRow(
            event=e,
            label=event_label(e.event_type),
            target=names.get((e.target_type, e.target_id), ""),
            object=target_key(e.target_type, e.target_id) if e.target_type else "",
        )
        for e in events
    ]


#: A cell a spreadsheet would run as a formula starts with one of these (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_safe(value: Any) -> str:
    """The cell as text, with a leading ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "id",
    "time",
    "event",
    "event_label",
    "actor",
    "target",
    "target_type",
    "target_id",
    "data",
    "hash",
]


def audit_csv_lines(*, events: QuerySet[AuditEvent], tz: str, chunk: int = 500) -> Iterator[str]:
    """The CSV export, one line at a time (streamed: the trail can be long). Times are in the
    workspace's zone with their offset; every cell is formula-safe."""
    writer = csv.writer(_Echo())
    zone = ZoneInfo(tz)
    yield writer.writerow(CSV_HEADER)
    batch: list[AuditEvent] = []
    for event in events.iterator(chunk_size=chunk):
        batch.append(event)
        if len(batch) >= chunk:
            yield from _csv_batch(writer, batch, zone)
            batch = []
    yield from _csv_batch(writer, batch, zone)


def _csv_batch(writer: Any, batch: list[AuditEvent], zone: ZoneInfo) -> Iterator[str]:
    for row in audit_rows(batch):
        e = row.event
        yield writer.writerow(
            [
                csv_safe(v)
                for v in [
                    e.pk,
                    e.created_at.astimezone(zone).isoformat(timespec="seconds"),
                    e.event_type,
                    row.label,
                    e.actor_label,
                    row.target,
                    e.target_type,
                    e.target_id,
                    json.dumps(e.data, sort_keys=True, ensure_ascii=False),
                    e.hash,
                ]
            ]
        )
