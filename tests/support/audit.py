"""Acting as an attacker who holds the database's administrator rights (not the audit key)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from carepost.studio.audit.triggers import SQLITE_DROP, install_sqlite_triggers

__all__ = ["as_database_admin"]


@contextmanager
def as_database_admin() -> Iterator[None]:
    """Switch the audit table's append-only triggers off, as the database's owner can."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)
        else:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if connection.vendor == "sqlite":
            install_sqlite_triggers()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
