"""Writing and verifying the audit chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .events import EVENTS
from .models import AuditEvent

__all__ = ["GENESIS", "ChainBreak", "audit_log", "audit_verify", "event_hash"]

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x43415245  # "CARE": serialises appends so the chain never forks


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(event: AuditEvent) -> str:
    fields = {
        "created_at": event.created_at.isoformat(),
        "event_type": event.event_type,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "organization_id": event.organization_id,
        "workspace_id": event.workspace_id,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "data": event.data,
    }
    return hashlib.sha256(_canonical(fields) + event.prev_hash.encode()).hexdigest()


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
    )
    entry.hash = event_hash(entry)
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def audit_verify(*, batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return (events checked, first broken link or None)."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for event in batch:
            if event.prev_hash != prev:
                return checked, ChainBreak(event.pk, "prev_hash does not match the previous event")
            if event_hash(event) != event.hash:
                return checked, ChainBreak(event.pk, "content does not match its hash")
            prev = event.hash
            checked += 1
            last_id = event.pk
