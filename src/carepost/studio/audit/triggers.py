"""Append-only enforcement in the database: PostgreSQL (migration 0002) and SQLite triggers.

On SQLite, a migration that rebuilds the audit table (Django copies the table for some schema
changes) would drop its triggers, so ``migrate`` re-installs them every time (post_migrate).
"""

from __future__ import annotations

from typing import Any

__all__ = ["SQLITE_CREATE", "SQLITE_DROP", "install_sqlite_triggers"]

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update
       BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only (UPDATE rejected)'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_delete
       BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only (DELETE rejected)'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
]


def install_sqlite_triggers(*, using: str = "default", **kwargs: Any) -> None:
    """Install the SQLite triggers if missing. As a post_migrate receiver it acts after
    ``migrate`` only (which passes ``plan``), not after ``flush`` (tests that empty the
    database switch the triggers off around it and restore them themselves)."""
    from django.db import connections

    if kwargs.get("signal") is not None and "plan" not in kwargs:
        return  # post_migrate sent by `flush`

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if "audit_auditevent" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_CREATE:
            cursor.execute(sql)
