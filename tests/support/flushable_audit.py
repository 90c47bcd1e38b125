"""Transactional tests (``django_db(transaction=True)``: threads with their own database
connections) empty every table afterwards, which the audit table's append-only triggers refuse
(TRUNCATE on PostgreSQL, DELETE where SQLite has triggers). ``audit_triggers_off`` switches them
off for a test module and restores them exactly as they were."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

__all__ = ["audit_triggers_off"]

TABLE = "audit_auditevent"


@contextmanager
def audit_triggers_off() -> Iterator[None]:
    saved: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            for name, sql in cursor.fetchall():
                saved.append(sql)
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            for sql in saved:
                cursor.execute(sql)
