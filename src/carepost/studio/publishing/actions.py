"""What people do to publish jobs: retry, mark a by-hand post as posted, and confirm whether a
post whose answer was lost is live. Each checks nothing the view did not, writes its audit
event, and goes through the posts services for the post's own status."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import InvalidTransition, ValidationFailed
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.posts.services import post_retry_publishing

from .models import AccountStatus, AttemptState, JobState, ManualPost, PublishAttempt, PublishJob
from .post_urls import post_url_check
from .services import build_request

__all__ = ["RETRYABLE", "job_confirm", "job_mark_manual_posted", "job_retry"]

#: The states the retry button (the "Publish now" button for a held job) takes a job out of.
RETRYABLE = (JobState.FAILED, JobState.NEEDS_RECONNECT, JobState.HELD, JobState.STOPPED)


@transaction.atomic
def job_retry(*, actor: Any, job: PublishJob) -> PublishJob:
    """Failed / needs-reconnect / held / stopped → scheduled now (the retry button)."""
    job = PublishJob.objects.select_for_update().get(pk=job.pk)
    if job.state not in RETRYABLE:
        raise InvalidTransition(f"a {job.get_state_display().lower()} job cannot be retried")
    if job.account_id and job.account and job.account.status != AccountStatus.ACTIVE:
        raise InvalidTransition("reconnect the account first")
    post_retry_publishing(actor=actor, post=job.post)  # a failed post is scheduled again
    old = job.state
    job.state = JobState.SCHEDULED
    job.next_attempt_at = timezone.now()
    job.attempts = 0 if old != JobState.NEEDS_RECONNECT else job.attempts
    job.error_kind = job.error_message = job.error_action = ""
    job.save(
        update_fields=[
            "state",
            "next_attempt_at",
            "attempts",
            "error_kind",
            "error_message",
            "error_action",
            "updated_at",
        ]
    )
    audit_log(
        event="publishing.job.retry",
        actor=actor,
        workspace=job.workspace,
        target=job,
        data={"old": old, "new": job.state},
    )
    return job


@transaction.atomic
def job_mark_manual_posted(*, actor: Any, job: PublishJob, url: str) -> PublishJob:
    from carepost.studio.posts.services import post_mark_published

    job = PublishJob.objects.select_for_update().get(pk=job.pk)
    if job.state != JobState.MANUAL:
        raise InvalidTransition("only a by-hand job can be marked posted")
    url = _valid_url(job.platform, url)
    now = timezone.now()
    job.state = JobState.PUBLISHED
    job.remote_url = url
    job.published_at = now
    job.payload = build_request(job).to_payload()
    job.save(update_fields=["state", "remote_url", "published_at", "payload", "updated_at"])
    ManualPost.objects.filter(job=job).update(
        posted_url=url, posted_at=now, posted_by=getattr(actor, "email", str(actor or ""))[:254]
    )
    post = Post.objects.get(pk=job.post_id)
    if post.status in (PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED):
        # one event for one publication: the post's, which names the platform and the job
        post_mark_published(
            post=post,
            platform=job.platform,
            url=url,
            published_at=now,
            actor=actor,
            how="by hand",
            job_id=job.pk,
        )
    else:
        audit_log(
            event="publishing.job.manual_posted",
            actor=actor,
            workspace=job.workspace,
            target=job,
            data={"platform": job.platform, "url": url},
        )
    return job


def _valid_url(platform: str, url: str) -> str:
    """A URL of one post on ``platform`` (``post_urls.yaml``): a link pasted from the wrong
    tab — another platform, a profile, a search — is refused with what the link looks like."""
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["https", "http"])(url.strip())
    except Exception:
        raise ValidationFailed("give the live post's URL (https://…)", field="url") from None
    return post_url_check(platform=platform, url=url)


@transaction.atomic
def job_confirm(*, actor: Any, job: PublishJob, live: bool, url: str = "") -> PublishJob:
    """A person looked at the platform for a job carepost could not verify. ``live``: the post
    is there (its URL is recorded, the job is published); not live: the unverified attempts are
    marked as not published and the job goes out again now."""
    from carepost.studio.posts.services import post_mark_published

    job = PublishJob.objects.select_for_update().get(pk=job.pk)
    if job.state != JobState.NEEDS_CONFIRMATION:
        raise InvalidTransition("only a job waiting for a person's confirmation can be confirmed")
    now = timezone.now()
    if live:
        url = _valid_url(job.platform, url)
        job.state = JobState.PUBLISHED
        job.remote_url = url
        job.published_at = now
        job.reconciled = True
        job.payload = build_request(job).to_payload()
        job.error_kind = job.error_message = job.error_action = ""
        PublishAttempt.objects.filter(
            job=job, state__in=[AttemptState.SENDING, AttemptState.UNKNOWN, AttemptState.DUPLICATE]
        ).update(state=AttemptState.RECONCILED, finished_at=now)
    else:
        job.state = JobState.SCHEDULED
        job.next_attempt_at = now
        job.error_kind = job.error_message = job.error_action = ""
        PublishAttempt.objects.filter(
            job=job, state__in=[AttemptState.SENDING, AttemptState.UNKNOWN, AttemptState.DUPLICATE]
        ).update(
            state=AttemptState.FAILED,
            error_message="a person confirmed it is not on the platform",
            finished_at=now,
        )
    job.save()
    post = Post.objects.get(pk=job.post_id)
    if live and post.status in (PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED):
        # one event for one publication: the post's, which says a person confirmed it
        post_mark_published(
            post=post,
            platform=job.platform,
            url=url,
            published_at=now,
            actor=actor,
            how="confirmed by a person",
            job_id=job.pk,
        )
    else:
        audit_log(
            event="publishing.job.confirm",
            actor=actor,
            workspace=job.workspace,
            target=job,
            data={"platform": job.platform, "live": live, "url": url},
        )
    return job
