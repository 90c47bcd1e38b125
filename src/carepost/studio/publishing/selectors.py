"""Reads for the publishing pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from carepost.studio.posts.models import Post, PostStatus

from .models import ConnectedAccount, JobState, PublishAttempt, PublishJob

ACTIVE = [
    JobState.SCHEDULED,
    JobState.PUBLISHING,
    JobState.PAUSED,
    JobState.HELD,
    JobState.NEEDS_RECONNECT,
    JobState.NEEDS_CONFIRMATION,
    JobState.MANUAL,
    JobState.FAILED,
    JobState.STOPPED,
]


def jobs_for_workspace(*, workspace: Any) -> QuerySet[PublishJob]:
    return PublishJob.objects.filter(workspace=workspace).select_related("post", "account")


def queue_for_workspace(*, workspace: Any) -> dict[str, Any]:
    """Per connected account: waiting jobs (oldest due first) and the last published ones;
    plus the scheduled posts not yet due, and the by-hand jobs."""
    jobs = jobs_for_workspace(workspace=workspace)
    accounts = []
    for account in ConnectedAccount.objects.filter(workspace=workspace).order_by("platform", "pk"):
        mine = jobs.filter(account=account)
        accounts.append(
            {
                "account": account,
                "waiting": list(
                    mine.filter(state__in=ACTIVE).order_by("next_attempt_at", "pk")[:100]
                ),
                "published": list(
                    mine.filter(state=JobState.PUBLISHED).order_by("-published_at")[:20]
                ),
            }
        )
    upcoming = (
        Post.objects.filter(
            workspace=workspace, status=PostStatus.SCHEDULED, scheduled_at__gt=timezone.now()
        )
        .prefetch_related("variants")
        .order_by("scheduled_at")[:100]
    )
    manual = list(jobs.filter(state=JobState.MANUAL).order_by("publish_at"))
    return {"accounts": accounts, "upcoming": upcoming, "manual": manual}


def jobs_for_post(*, post: Post) -> QuerySet[PublishJob]:
    return (
        PublishJob.objects.filter(post=post)
        .select_related("account")
        .prefetch_related(
            Prefetch("attempt_rows", queryset=PublishAttempt.objects.order_by("number"))
        )
        .order_by("platform")
    )
