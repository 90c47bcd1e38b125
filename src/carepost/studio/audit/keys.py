"""The audit chain's HMAC key ring: a secret the database never holds.

``CAREPOST_AUDIT_KEY`` (setting or environment): comma-separated keys, newest first; new events
are signed with the first, and verification finds older events' keys by ``key_id`` (the first
16 hex digits of a SHA-256 over the key), so a key can be added in front and the old one kept
until no event needs it. ``CAREPOST_AUDIT_KEY_FILE``: a file with one key per line (same order),
for secrets mounted by the deployment. Without either (development, tests) one key is derived
from ``SECRET_KEY`` — which is also outside the database, but production should set its own key
and keep it out of database backups (see docs/security.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

__all__ = ["AuditKey", "audit_keys", "current_key", "key_by_id"]


class AuditKey:
    __slots__ = ("id", "secret")

    def __init__(self, secret: bytes):
        self.secret = secret
        self.id = hashlib.sha256(b"carepost-audit-key-id\0" + secret).hexdigest()[:16]

    def sign(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


def _configured() -> tuple[str, ...]:
    raw = getattr(settings, "CAREPOST_AUDIT_KEY", None) or os.environ.get("CAREPOST_AUDIT_KEY")
    path = getattr(settings, "CAREPOST_AUDIT_KEY_FILE", None) or os.environ.get(
        "CAREPOST_AUDIT_KEY_FILE"
    )
    keys: list[str] = []
    if raw:
        keys += [k.strip() for k in (raw.split(",") if isinstance(raw, str) else raw)]
    if path:
        keys += [line.strip() for line in Path(path).read_text().splitlines()]
    keys = [k for k in keys if k]
    if not keys:
        derived = hmac.new(
            settings.SECRET_KEY.encode(), b"carepost audit chain key", hashlib.sha256
        ).hexdigest()
        keys = [derived]
    return tuple(keys)


@lru_cache(maxsize=8)
def _ring(keys: tuple[str, ...]) -> tuple[AuditKey, ...]:
    return tuple(AuditKey(k.encode()) for k in keys)


def audit_keys() -> tuple[AuditKey, ...]:
    return _ring(_configured())


def current_key() -> AuditKey:
    return audit_keys()[0]


def key_by_id(key_id: str) -> AuditKey | None:
    for key in audit_keys():
        if key.id == key_id:
            return key
    return None
