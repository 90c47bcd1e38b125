"""Audit chain verification speed: ``audit verify`` over 1,000,000 events (target ≤ 60 s).

Builds a fresh database (SQLite in a temporary directory, or the PostgreSQL database given),
bulk-inserts a valid HMAC-keyed chain of N events (what ``audit_log`` writes, without running
one service per event), then times, in the same run:

* carepost's ``audit_verify`` (raw rows in id order, HMAC per event), and
* the 6fad124 walk it replaced (model objects in batches of 5,000, SHA-256 per event), run over
  the same rows for the cost only (it cannot check keyed hashes).

    .venv/bin/python bench/audit_verify.py                      # 1,000,000 events on SQLite
    .venv/bin/python bench/audit_verify.py --events 100000
    .venv/bin/python bench/audit_verify.py --postgres postgresql://postgres@127.0.0.1:54329/carepost_bench
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 60.0


def setup(postgres: str | None, tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "carepost.studio.settings.dev"
    os.environ["CAREPOST_DATA_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = postgres or f"sqlite:///{tmp / 'audit.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def fill(n: int) -> None:
    from django.db import connection, transaction

    from carepost.studio.audit.chain import GENESIS, canonical, chain_hash
    from carepost.studio.audit.keys import current_key

    sqlite = connection.vendor == "sqlite"
    key = current_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
        if cursor.fetchone()[0]:
            raise SystemExit("the audit table is not empty: use a fresh database")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prev = GENESIS
    sql = (
        "INSERT INTO audit_auditevent (created_at, event_type, actor_id, actor_label, "
        "organization_id, workspace_id, target_type, target_id, data, prev_hash, hash, key_id) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    batch: list[tuple] = []
    for i in range(n):
        created = start + timedelta(seconds=i, microseconds=(i * 7919) % 1_000_000)
        data = {"comment": i, "post": i // 10, "old_hash": "ab" * 32}
        fields = {
            "event_type": "post.comment.add" if i % 3 else "post.update",
            "actor_id": i % 50 + 1,
            "actor_label": f"user{i % 50}@example.org",
            "organization_id": 1,
            "workspace_id": i % 7 + 1,
            "target_type": "posts.post",
            "target_id": str(i // 10),
        }
        body = canonical(created_at=created.isoformat(), data=data, **fields)
        digest = chain_hash(body, prev, key)
        stored = created.replace(tzinfo=None).isoformat(sep=" ") if sqlite else created
        batch.append((stored, *fields.values(), json.dumps(data), prev, digest, key.id))
        prev = digest
        if len(batch) == 10_000:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch = []
    if batch:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)


def legacy_walk() -> int:
    """6fad124's audit_verify loop (model objects, SHA-256), for its cost."""
    from carepost.studio.audit.models import AuditEvent

    count, last_id = 0, 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:5000])
        if not batch:
            return count
        for event in batch:
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
            body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
            hashlib.sha256(body.encode() + event.prev_hash.encode()).hexdigest()
            count += 1
            last_id = event.pk


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--postgres", help="an EMPTY PostgreSQL database URL (default: SQLite)")
    p.add_argument("--skip-legacy", action="store_true", help="do not time the 6fad124 walk")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="carepost-audit-bench-") as tmp:
        setup(args.postgres, Path(tmp))
        from django.db import connection

        from carepost.studio.audit.verify import audit_verify

        t0 = time.perf_counter()
        fill(args.events)
        filled = time.perf_counter() - t0
        t0 = time.perf_counter()
        checked, broken = audit_verify()
        ours = time.perf_counter() - t0
        assert broken is None and checked == args.events, (checked, broken)
        legacy = None
        if not args.skip_legacy:
            t0 = time.perf_counter()
            legacy_walk()
            legacy = time.perf_counter() - t0
        db = connection.vendor
        print(f"database: {db}; {args.events:,} events (built in {filled:.1f} s)")
        print(f"{'walk':<36}{'seconds':>10}{'events/s':>12}{'target':>10}")
        print(
            f"{'carepost audit verify (HMAC)':<36}{ours:>10.1f}"
            f"{args.events / ours:>12,.0f}{f'≤ {TARGET_S:.0f} s':>10}"
        )
        if legacy is not None:
            print(
                f"{'6fad124 walk (ORM, SHA-256)':<36}{legacy:>10.1f}"
                f"{args.events / legacy:>12,.0f}{'':>10}"
            )
            print(f"ratio (6fad124 / now): {legacy / ours:.2f}x")
        if args.postgres:
            with connection.cursor() as cursor:  # leave the database as it was found
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("DELETE FROM audit_auditevent")
                cursor.execute("SET session_replication_role = DEFAULT")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
