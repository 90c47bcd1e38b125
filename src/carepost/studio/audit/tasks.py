"""Periodic audit work: a signed checkpoint of the chain's head (run with the housekeeping)."""

from __future__ import annotations

from django_tasks import task

__all__ = ["audit_checkpoint_task"]


@task()
def audit_checkpoint_task() -> str:
    from .verify import audit_checkpoint

    path = audit_checkpoint()
    return str(path) if path else ""
