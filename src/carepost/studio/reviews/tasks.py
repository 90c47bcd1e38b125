"""Periodic studio housekeeping as ``django.tasks`` tasks (ids in, nothing pickled). It lives
in reviews, the highest app whose work it runs (consent and claim expiry, review reminders)."""

from __future__ import annotations

from django_tasks import task

from carepost.studio.audit.tasks import audit_checkpoint_task

__all__ = [
    "HOUSEKEEPING",
    "claim_expiry_task",
    "consent_expiry_task",
    "housekeeping_enqueue",
    "review_reminders_task",
]


@task()
def review_reminders_task() -> int:
    from .reminders import post_review_remind_due

    return post_review_remind_due()


@task()
def consent_expiry_task() -> int:
    from carepost.studio.consent.services import consent_expire_due

    return consent_expire_due()


@task()
def claim_expiry_task() -> int:
    from carepost.studio.claims.services import claim_expire_due

    return claim_expire_due()


# The audit checkpoint anchors the chain's head outside the database (issue 11, finding 9).
HOUSEKEEPING = (
    review_reminders_task,
    consent_expiry_task,
    claim_expiry_task,
    audit_checkpoint_task,
)


def housekeeping_enqueue() -> None:
    """Enqueue every housekeeping task (the embedded server does it hourly; with PostgreSQL
    and separate workers, run ``carepost manage studio_housekeeping`` from cron)."""
    for t in HOUSEKEEPING:
        t.enqueue()
