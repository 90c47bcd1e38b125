"""Verifying the audit chain, and the signed checkpoints that anchor its head outside the
database.

The walk reads raw rows in id order (no model objects: 1,000,000 events in well under a minute,
``bench/audit_verify.py``) and checks each link and each keyed hash. A hash chain alone cannot
show that its *tail* was cut off, so ``audit_checkpoint`` writes the head (last id, its hash,
the number of events) signed with the audit key into ``CAREPOST_AUDIT_CHECKPOINT_DIR``; given
a checkpoint, ``audit_verify`` reports a chain that no longer reaches it or reaches it with
another hash. Copy checkpoints off the database host (or point the directory at storage the
database's administrators cannot rewrite).
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from .chain import GENESIS, canonical, chain_hash
from .keys import AuditKey, current_key, key_by_id

__all__ = [
    "ChainBreak",
    "Checkpoint",
    "audit_checkpoint",
    "audit_verify",
    "checkpoint_dir",
    "latest_checkpoint",
    "read_checkpoint",
]

_COLUMNS = (
    "id, {created_at}, event_type, actor_id, actor_label, organization_id, workspace_id, "
    "target_type, target_id, data, prev_hash, hash, key_id"
)
# PostgreSQL: the timestamp as ISO text in UTC (parsing datetimes costs more than the HMAC).
_PG_CREATED = """to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    hash: str
    count: int
    created_at: str
    key_id: str
    signature: str
    source: str = ""

    def payload(self) -> bytes:
        fields = {
            "version": 1,
            "event_id": self.event_id,
            "hash": self.hash,
            "count": self.count,
            "created_at": self.created_at,
            "key_id": self.key_id,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _rows(batch_size: int) -> Iterator[tuple[Any, ...]]:
    last_id = 0
    created = _PG_CREATED if connection.vendor == "postgresql" else "created_at"
    columns = _COLUMNS.format(created_at=created)
    sql = f"SELECT {columns} FROM audit_auditevent WHERE id > %s ORDER BY id LIMIT %s"
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [last_id, batch_size])
            batch = cursor.fetchall()
        if not batch:
            return
        yield from batch
        last_id = batch[-1][0]


def _iso(value: Any) -> str:
    """``datetime.isoformat()`` of the stored UTC time, from the database's text."""
    if isinstance(value, str):
        if "T" in value:  # PostgreSQL's to_char: always six fractional digits
            return value.removesuffix(".000000") + "+00:00"
        return value.replace(" ", "T", 1) + "+00:00"  # SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.isoformat())


def _key(key_id: str, cache: dict[str, AuditKey | None]) -> AuditKey | None:
    if key_id not in cache:
        cache[key_id] = key_by_id(key_id)
    return cache[key_id]


def _walk(batch_size: int) -> Iterator[tuple[int, str, ChainBreak | None]]:
    """Yield (event id, hash, break or None) for each event in order."""
    prev = GENESIS
    keyed_seen = False
    keys: dict[str, AuditKey | None] = {}
    for row in _rows(batch_size):
        (pk, created, etype, actor, label, org, ws, ttype, tid, data, prev_hash, digest, kid) = row
        if prev_hash != prev:
            yield pk, digest, ChainBreak(pk, "prev_hash does not match the previous event")
            return
        if isinstance(data, str):
            data = json.loads(data)
        body = canonical(
            created_at=_iso(created),
            event_type=etype,
            actor_id=actor,
            actor_label=label,
            organization_id=org,
            workspace_id=ws,
            target_type=ttype,
            target_id=tid,
            data=data,
        )
        if kid:
            key = _key(kid, keys)
            if key is None:
                yield pk, digest, ChainBreak(pk, f"signed with an unknown audit key ({kid})")
                return
            keyed_seen = True
        elif keyed_seen:
            yield pk, digest, ChainBreak(pk, "an unkeyed event after keyed ones (rewritten)")
            return
        else:
            key = None
        if not hmac.compare_digest(chain_hash(body, prev_hash, key), digest):
            yield pk, digest, ChainBreak(pk, "content does not match its hash")
            return
        yield pk, digest, None
        prev = digest


def audit_verify(
    *, batch_size: int = 20000, checkpoints: Iterable[Checkpoint] = ()
) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return (events checked, first broken link or None).

    With ``checkpoints``, also require the chain to reach each one with the hash it signed.
    """
    wanted = {c.event_id: c for c in checkpoints}
    for c in wanted.values():
        problem = _signature_problem(c)
        if problem:
            return 0, ChainBreak(c.event_id, problem)
    checked = 0
    last_id = 0
    for pk, digest, broken in _walk(batch_size):
        if broken is not None:
            return checked, broken
        checked += 1
        last_id = pk
        anchor = wanted.pop(pk, None)
        if anchor is not None and (anchor.hash != digest or anchor.count != checked):
            return checked, ChainBreak(
                pk, f"differs from checkpoint {anchor.source or ''} (rewritten)".replace("  ", " ")
            )
    if wanted:
        missing = min(wanted.values(), key=lambda c: c.event_id)
        return checked, ChainBreak(
            missing.event_id,
            f"missing: the chain ends at #{last_id} but checkpoint {missing.source} signed "
            f"#{missing.event_id} ({missing.count} events): events were deleted",
        )
    return checked, None


def _signature_problem(c: Checkpoint) -> str | None:
    key = key_by_id(c.key_id)
    if key is None:
        return f"checkpoint {c.source} is signed with an unknown audit key ({c.key_id})"
    if not hmac.compare_digest(key.sign(c.payload()), c.signature):
        return f"checkpoint {c.source} has a bad signature (edited or forged)"
    return None


# --- checkpoints ---------------------------------------------------------------------------


def checkpoint_dir() -> Path:
    configured = getattr(settings, "CAREPOST_AUDIT_CHECKPOINT_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-checkpoints"


def audit_checkpoint(*, directory: Path | None = None) -> Path | None:
    """Sign the chain's head and write it as a JSON file; None when the log is empty."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
        head = cursor.fetchone()
        if head is None:
            return None
        cursor.execute("SELECT COUNT(*) FROM audit_auditevent WHERE id <= %s", [head[0]])
        (count,) = cursor.fetchone()
    key = current_key()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    unsigned = Checkpoint(head[0], head[1], count, now, key.id, "")
    signed = Checkpoint(head[0], head[1], count, now, key.id, key.sign(unsigned.payload()))
    directory = directory or checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{signed.event_id:012d}-{now.replace(':', '')}.json"
    record = {**json.loads(signed.payload()), "signature": signed.signature}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n")
    os.replace(tmp, path)
    return path


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        raw = json.loads(path.read_text())
        return Checkpoint(
            event_id=int(raw["event_id"]),
            hash=str(raw["hash"]),
            count=int(raw["count"]),
            created_at=str(raw["created_at"]),
            key_id=str(raw["key_id"]),
            signature=str(raw["signature"]),
            source=path.name,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a carepost audit checkpoint ({exc})") from exc


def latest_checkpoint(directory: Path | None = None) -> Checkpoint | None:
    """The checkpoint naming the highest event in ``directory`` (None if there is none)."""
    directory = directory or checkpoint_dir()
    if not directory.is_dir():
        return None
    found = [read_checkpoint(p) for p in sorted(directory.glob("checkpoint-*.json"))]
    return max(found, key=lambda c: c.event_id, default=None)
