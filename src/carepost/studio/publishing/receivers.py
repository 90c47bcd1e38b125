"""What publishing does when the apps below it announce something: a rescheduled post's publish
jobs move with it (and its copy-ready package for posting by hand says the new time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import InvalidTransition
from carepost.studio.posts.models import Post
from carepost.studio.posts.signals import post_rescheduled

from .models import JobState, PublishJob

__all__ = ["jobs_reschedule"]

#: Jobs that wait for their time (or for the owner's decision after a crisis): they move.
_WAITING = (JobState.SCHEDULED, JobState.PAUSED, JobState.HELD)
#: Jobs that wait for a person to fix something first: their due time moves, their state stays.
_BLOCKED = (JobState.MANUAL, JobState.NEEDS_RECONNECT, JobState.STOPPED)
#: Jobs being sent, or whose fate a person must settle first: the post cannot move under them.
_IN_FLIGHT = (JobState.PUBLISHING, JobState.NEEDS_CONFIRMATION)


def jobs_reschedule(*, post: Post, at: datetime, actor: Any) -> int:
    """Move the publish jobs of ``post`` (locked by the caller) to ``at``: waiting ones go out
    then (a job held after a crisis is released: rescheduling is the owner's decision); by-hand
    ones are due then, and their copy-ready package says so. Published, failed and cancelled jobs keep their history.
    Returns how many moved."""
    jobs = list(PublishJob.objects.select_for_update().filter(post_id=post.pk).order_by("pk"))
    busy = [j for j in jobs if j.state in _IN_FLIGHT]
    if busy:
        names = ", ".join(j.get_platform_display() for j in busy)
        raise InvalidTransition(
            f"the post is being published on {names} right now (or a person must confirm "
            "whether it is live): settle that on its publishing page, then reschedule"
        )
    moved = 0
    for job in jobs:
        if job.state not in _WAITING and job.state not in _BLOCKED:
            continue
        old_at, old_state = job.publish_at, job.state
        job.publish_at = at
        fields = ["publish_at", "updated_at"]
        if job.state in _WAITING:
            job.state = JobState.SCHEDULED if job.state == JobState.HELD else job.state
            job.next_attempt_at = at
            job.enqueued_at = None  # a task already queued finds it not due and skips it
            if old_state == JobState.HELD:
                job.error_kind = job.error_message = job.error_action = ""
            fields += [
                "state",
                "next_attempt_at",
                "enqueued_at",
                "error_kind",
                "error_message",
                "error_action",
            ]
        job.save(update_fields=fields)
        audit_log(
            event="publishing.job.reschedule",
            actor=actor,
            workspace=post.workspace,
            target=job,
            data={
                "platform": job.platform,
                "old_at": old_at.isoformat(),
                "new_at": at.isoformat(),
                **({"old": old_state, "new": job.state} if old_state != job.state else {}),
            },
        )
        moved += 1
    return moved


@receiver(post_rescheduled, dispatch_uid="publishing.jobs_follow_schedule")
def _jobs_follow_schedule(sender: Any, *, post: Post, actor: Any, new_at: datetime, **_: Any):
    jobs_reschedule(post=post, at=new_at, actor=actor)
