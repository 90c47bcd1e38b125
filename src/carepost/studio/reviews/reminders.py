"""Reminders for reviews that wait longer than the workspace's target."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.posts.models import Post, PostStatus

from .routing import step_eligible_user_ids, step_is_required, step_is_satisfied

__all__ = ["post_review_remind_due"]


@transaction.atomic
def post_review_remind_due(*, now: datetime | None = None) -> int:
    """Email the reviewers of every post waiting longer than its workspace's review target
    (at most once per target period per post). Returns how many posts were reminded."""
    moment = now or timezone.now()
    reminded = 0
    waiting = (
        Post.objects.select_for_update()
        .filter(status=PostStatus.IN_REVIEW, submitted_at__isnull=False)
        .select_related("workspace")
    )
    for post in waiting:
        target = timedelta(hours=post.workspace.review_target_hours)
        if post.submitted_at is None or moment - post.submitted_at < target:
            continue
        if post.last_reminded_at is not None and moment - post.last_reminded_at < target:
            continue
        pending = [
            s
            for s in post.review_steps.all()
            if step_is_required(s) and not step_is_satisfied(s, post.content_hash)
        ]
        user_ids = set().union(*(step_eligible_user_ids(s) for s in pending)) if pending else set()
        emails = sorted(
            e
            for e in get_user_model()
            .objects.filter(pk__in=user_ids)
            .values_list("email", flat=True)
            if e
        )
        post.last_reminded_at = moment
        post.save(update_fields=["last_reminded_at"])
        audit_log(
            event="post.review.remind",
            actor=None,
            workspace=post.workspace,
            target=post,
            data={"steps": [s.name for s in pending], "recipients": len(emails)},
        )
        if emails:
            hours = int((moment - post.submitted_at).total_seconds() // 3600)
            transaction.on_commit(
                partial(
                    send_mail,
                    subject=f"[carepost] Review waiting {hours} h in {post.workspace.name}",
                    message=(
                        f"Post #{post.pk} has waited {hours} hours for: "
                        + ", ".join(s.name for s in pending)
                        + f".\n{settings.CAREPOST_BASE_URL.rstrip('/')}/w/{post.workspace_id}/posts/{post.pk}/"
                    ),
                    from_email=None,
                    recipient_list=emails,
                )
            )
        reminded += 1
    return reminded
