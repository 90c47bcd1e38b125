"""How an audit event is hashed into the chain.

``hash = HMAC-SHA256(key, canonical(event) ‖ prev_hash)`` with the key named by the event's
``key_id`` (``carepost.studio.audit.keys``). Events written before the chain was keyed (``key_id``
NULL) used ``SHA-256(canonical(event) ‖ prev_hash)``; they are accepted only at the start of
the chain, before the first keyed event, whose link then anchors them: whoever rewrites them
must recompute a keyed hash, which needs the key.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .keys import AuditKey

__all__ = ["GENESIS", "canonical", "chain_hash"]

GENESIS = "0" * 64


def canonical(
    *,
    created_at: str,
    event_type: str,
    actor_id: int | None,
    actor_label: str,
    organization_id: int | None,
    workspace_id: int | None,
    target_type: str,
    target_id: str,
    data: Any,
) -> bytes:
    fields = {
        "created_at": created_at,
        "event_type": event_type,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "organization_id": organization_id,
        "workspace_id": workspace_id,
        "target_type": target_type,
        "target_id": target_id,
        "data": data,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def chain_hash(body: bytes, prev_hash: str, key: AuditKey | None) -> str:
    message = body + prev_hash.encode()
    if key is None:  # a legacy (pre-key) event
        return hashlib.sha256(message).hexdigest()
    return key.sign(message)
