"""Writing the audit chain (verification and checkpoints: ``carepost.studio.audit.verify``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .chain import GENESIS, canonical, chain_hash
from .events import EVENTS
from .keys import current_key, key_by_id
from .models import AuditEvent
from .selectors import audit_csv_lines, audit_events
from .verify import ChainBreak, audit_verify

__all__ = ["GENESIS", "ChainBreak", "audit_export", "audit_log", "audit_verify", "event_hash"]

_PG_LOCK_KEY = 0x43415245  # "CARE": serialises appends so the chain never forks


def event_hash(event: AuditEvent) -> str:
    """The hash ``event`` should carry, with the key its ``key_id`` names."""
    body = canonical(
        created_at=event.created_at.isoformat(),
        event_type=event.event_type,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        organization_id=event.organization_id,
        workspace_id=event.workspace_id,
        target_type=event.target_type,
        target_id=event.target_id,
        data=event.data,
    )
    key = key_by_id(event.key_id) if event.key_id else None
    if event.key_id and key is None:
        raise LookupError(f"audit key {event.key_id} is not configured")
    return chain_hash(body, event.prev_hash, key)


def _label_of(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "email", "") or getattr(actor, "username", "") or f"user:{actor.pk}"


@transaction.atomic
def audit_log(
    *,
    event: str,
    actor: Any = None,
    workspace: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``actor``: a user, a string label (``"client:<email>"``, ``"system"``) or None.
    ``data``: JSON-serialisable details (old/new values, reasons, hashes). Never PHI.
    """
    if event not in EVENTS:
        raise KeyError(f"unregistered audit event {event!r} (register it in audit/events.py)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    organization_id = None
    if workspace is not None:
        organization_id = workspace.organization_id
    elif target is not None and target.__class__.__name__ == "Organization":
        organization_id = target.pk
    entry = AuditEvent(
        created_at=timezone.now(),
        event_type=event,
        actor_id=getattr(actor, "pk", None)
        if actor is not None and not isinstance(actor, str)
        else None,
        actor_label=_label_of(actor),
        organization_id=organization_id,
        workspace_id=getattr(workspace, "pk", None),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=last or GENESIS,
        key_id=current_key().id,
    )
    entry.hash = event_hash(entry)
    entry.save(force_insert=True)
    return entry


def audit_export(*, actor: Any, workspace: Any, flt: Any) -> Iterator[str]:
    """The CSV lines of the workspace's trail under ``flt`` (an ``AuditFilter``; the caller
    checked the actor may read the trail). The export is itself recorded, with its filter,
    before the first line is produced."""
    audit_log(
        event="audit.export",
        actor=actor,
        workspace=workspace,
        target=workspace,
        data={"filter": flt.query(), "format": "csv"},
    )
    return audit_csv_lines(events=audit_events(workspace=workspace, flt=flt), tz=workspace.timezone)
