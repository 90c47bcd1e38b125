"""The database cache's table, created in the migrate path."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

__all__ = ["create_cache_tables"]


def create_cache_tables(*, using: str = "default", verbosity: int = 0, **kwargs: Any) -> None:
    """Create the table of every ``DatabaseCache`` (idempotent; runs after ``migrate``)."""
    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))
