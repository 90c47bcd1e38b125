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

__all__ = ["GENESIS", "canonical", "canonical_reference", "chain_hash"]

GENESIS = "0" * 64


_TEMPLATE = (
    '{"actor_id":%s,"actor_label":%s,"created_at":%s,"data":%s,"event_type":%s,'
    '"organization_id":%s,"target_id":%s,"target_type":%s,"workspace_id":%s}'
)
_string = json.encoder.encode_basestring_ascii  # what json.dumps does to a str (C)


def _number(value: int | None) -> str:
    return "null" if value is None else str(int(value))


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
    """``json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)`` of the
    event's fields, byte for byte (``canonical_reference``), spelled out because it is the
    verify walk's hottest line."""
    return (
        _TEMPLATE
        % (
            _number(actor_id),
            _string(actor_label),
            _string(created_at),
            json.dumps(data, sort_keys=True, separators=(",", ":"), default=str),
            _string(event_type),
            _number(organization_id),
            _string(target_id),
            _string(target_type),
            _number(workspace_id),
        )
    ).encode()


def canonical_reference(**fields: Any) -> bytes:
    """The definition ``canonical`` must equal (tests compare them)."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def chain_hash(body: bytes, prev_hash: str, key: AuditKey | None) -> str:
    message = body + prev_hash.encode()
    if key is None:  # a legacy (pre-key) event
        return hashlib.sha256(message).hexdigest()
    return key.sign(message)
