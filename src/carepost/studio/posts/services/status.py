"""The post's status machine. Every change of ``Post.status`` goes through this module and
writes its audit event in the same transaction; the reviews and publishing apps call it.

    draft → in_review → changes_requested → in_review → approved → scheduled → published | failed
    failed → scheduled (retry);  approved/scheduled/failed → in_review (edit, consent/claim
    problem, crisis);  any status but archived → archived
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import InvalidTransition, ValidationFailed
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.timezones import format_local

from ..models import Post, PostPublication, PostStatus
from ..signals import post_rescheduled
from ._common import require_cap

__all__ = [
    "TRANSITIONS",
    "post_archive",
    "post_flag_for_review",
    "post_flag_takedown",
    "post_mark_failed",
    "post_mark_published",
    "post_retry_publishing",
    "post_schedule",
    "post_status_set",
    "post_unschedule",
]

S = PostStatus
#: Every allowed change of ``Post.status`` (archiving is allowed from any other status).
TRANSITIONS: dict[Any, frozenset[Any]] = {
    S.DRAFT: frozenset({S.IN_REVIEW}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.CHANGES_REQUESTED}),
    S.CHANGES_REQUESTED: frozenset({S.IN_REVIEW}),
    S.APPROVED: frozenset({S.SCHEDULED, S.IN_REVIEW}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.APPROVED, S.PUBLISHED, S.FAILED, S.IN_REVIEW}),
    S.PUBLISHED: frozenset({S.PUBLISHED}),
    S.FAILED: frozenset({S.SCHEDULED, S.PUBLISHED, S.IN_REVIEW}),
    S.ARCHIVED: frozenset(),
}


def post_status_set(
    *,
    post: Post,
    new: Any,  # a PostStatus
    actor: Any,
    event: str,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> Post:
    """Change a (locked) post's status and write ``event`` with the old and new status.

    For the services of the apps above posts (reviews, publishing), which check the actor's
    capability themselves first. Entering review stamps ``submitted_at`` (the review clock);
    ``reason`` replaces the status reason shown on the post (``None`` keeps it)."""
    old = post.status
    if new != S.ARCHIVED and new not in TRANSITIONS.get(old, frozenset()):
        raise InvalidTransition(
            f"a {post.get_status_display().lower()} post cannot become {S(new).label.lower()}"
        )
    post.status = new
    fields = ["status", "updated_at"]
    if reason is not None:
        post.status_reason = reason
        fields.append("status_reason")
    if new == S.IN_REVIEW:
        post.submitted_at = timezone.now()
        fields.append("submitted_at")
    post.save(update_fields=fields)
    audit_log(
        event=event,
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"old": old, "new": new, **({"reason": reason} if reason else {}), **(data or {})},
    )
    return post


@transaction.atomic
def post_schedule(*, actor: Any, post: Post, at: datetime, now: datetime | None = None) -> Post:
    """Approved (or already scheduled: reschedule) → scheduled at ``at`` (aware UTC).

    A time that has passed is refused (``now``, default the current time: the demo seed
    passes the day it pretends to be). Rescheduling announces ``post_rescheduled`` so the
    publish jobs already made for the post move with it."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    require_cap(actor, post.workspace, Cap.SCHEDULE)
    if timezone.is_naive(at):
        raise ValidationFailed("the time must include a time zone", field="scheduled_at")
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED):
        raise InvalidTransition("only an approved post can be scheduled")
    now = now or timezone.now()
    if at <= now:
        ws = post.workspace
        raise ValidationFailed(
            f"{format_local(at, ws)} has already passed (it is now {format_local(now, ws)}): "
            "choose a later time",
            field="scheduled_at",
        )
    from carepost.studio.consent.selectors import post_consent_problems

    problems = post_consent_problems(post=post, on=at.date())
    if problems:
        raise InvalidTransition("consent problem: " + "; ".join(problems))
    old_status, old_at = post.status, post.scheduled_at
    post.status = PostStatus.SCHEDULED
    post.scheduled_at = at
    post.save(update_fields=["status", "scheduled_at", "updated_at"])
    audit_log(
        event="post.schedule",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={
            "old": old_status,
            "new": post.status,
            "old_at": old_at.isoformat() if old_at else None,
            "new_at": at.isoformat(),
            "content_hash": post.content_hash,
        },
    )
    if old_status == PostStatus.SCHEDULED and old_at != at:
        post_rescheduled.send(sender=Post, post=post, actor=actor, old_at=old_at, new_at=at)
    return post


@transaction.atomic
def post_unschedule(*, actor: Any, post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    require_cap(actor, post.workspace, Cap.SCHEDULE)
    if post.status != PostStatus.SCHEDULED:
        raise InvalidTransition("the post is not scheduled")
    post.status = PostStatus.APPROVED
    post.save(update_fields=["status", "updated_at"])
    audit_log(event="post.unschedule", actor=actor, workspace=post.workspace, target=post)
    return post


@transaction.atomic
def post_mark_published(
    *,
    post: Post,
    platform: str,
    remote_id: str = "",
    url: str = "",
    published_at: datetime | None = None,
    actor: Any = None,
    how: str = "",
    job_id: int | None = None,
) -> PostPublication:
    """Record that the post went live on one platform (call once per platform). This is the one
    audit event of that publication: the caller (publishing) writes no second one for it, and
    says ``how`` it happened ("by hand", "confirmed by a person") and through which job."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in (PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED):
        raise InvalidTransition("only a scheduled post can be published")
    when = published_at or timezone.now()
    publication = PostPublication.objects.create(
        post=post,
        platform=platform,
        remote_id=remote_id,
        url=url,
        content_hash=post.content_hash,
        published_at=when,
    )
    old = post.status
    post.status = PostStatus.PUBLISHED
    post.published_at = post.published_at or when
    post.status_reason = ""
    post.save(update_fields=["status", "published_at", "status_reason", "updated_at"])
    audit_log(
        event="post.publish",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={
            "old": old,
            "new": post.status,
            "platform": platform,
            "remote_id": remote_id,
            "content_hash": post.content_hash,
            **({"url": url} if url else {}),
            **({"how": how} if how else {}),
            **({"job": job_id} if job_id else {}),
        },
    )
    return publication


@transaction.atomic
def post_mark_failed(*, post: Post, reason: str, actor: Any = None) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != PostStatus.SCHEDULED:
        raise InvalidTransition("only a scheduled post can fail")
    post.status = PostStatus.FAILED
    post.status_reason = reason
    post.save(update_fields=["status", "status_reason", "updated_at"])
    audit_log(
        event="post.publish.fail",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"old": PostStatus.SCHEDULED, "new": post.status, "reason": reason},
    )
    return post


@transaction.atomic
def post_archive(*, actor: Any, post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    require_cap(actor, post.workspace, Cap.EDIT_POST)
    if post.status == PostStatus.ARCHIVED:
        raise InvalidTransition("already archived")
    old = post.status
    post.status = PostStatus.ARCHIVED
    post.save(update_fields=["status", "updated_at"])
    audit_log(
        event="post.archive", actor=actor, workspace=post.workspace, target=post, data={"old": old}
    )
    return post


@transaction.atomic
def post_retry_publishing(*, actor: Any, post: Post) -> Post:
    """A failed post goes back to scheduled when one of its jobs is retried (publishing checks
    the actor's right to retry)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != S.FAILED:
        return post
    return post_status_set(
        post=post, new=S.SCHEDULED, actor=actor, event="post.publish.retry", reason=""
    )


@transaction.atomic
def post_flag_takedown(*, post: Post, actor: Any, reason: str, data: dict[str, Any]) -> bool:
    """List a published post for takedown (a consent it relies on ended). False if it already
    is, or is not published."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != S.PUBLISHED or post.needs_takedown:
        return False
    post.needs_takedown = True
    post.status_reason = f"{reason}; take down"
    post.save(update_fields=["needs_takedown", "status_reason", "updated_at"])
    audit_log(
        event="post.takedown.flag",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={**data, "reason": reason},
    )
    return True


@transaction.atomic
def post_flag_for_review(*, post: Post, actor: Any, reason: str) -> Post:
    """Say on a published evergreen post why it needs another look (a claim it uses ended)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.status_reason = reason
    post.save(update_fields=["status_reason", "updated_at"])
    audit_log(
        event="post.flag",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"reason": reason},
    )
    return post
