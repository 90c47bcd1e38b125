"""Telling people about reviews: in the studio (``Notification``, the dashboard's "Waiting for
me") and by email through the workspace's outbox. Emails name the post and link to it; they
never carry the post's text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carepost.studio.posts.models import Post
from carepost.studio.workspaces.mail import mail_queue, studio_url

from .models import Notification, ReviewStep
from .routing import post_author_ids, step_eligible_user_ids, step_is_required, step_is_satisfied

__all__ = [
    "notifications_mark_read",
    "notify_changes_requested",
    "notify_review_requested",
]


def _post_url(post: Post) -> str:
    return studio_url(reverse("post_detail", args=[post.workspace_id, post.pk]))


def _notify(
    post: Post,
    users: dict[int, str],
    *,
    kind: Any,  # a Notification.Kind
    subject: str,
    lines: dict[int, str],
    mail_lines: dict[int, str] | None = None,
) -> int:
    """One unread notice per member and post and kind (a second one while the first is unread
    adds nothing), and one email each (``mail_lines``, else the notice's line)."""
    already = set(
        Notification.objects.filter(
            post=post, kind=kind, read_at__isnull=True, user_id__in=list(users)
        ).values_list("user_id", flat=True)
    )
    fresh = {pk: email for pk, email in users.items() if pk not in already}
    Notification.objects.bulk_create(
        Notification(user_id=pk, post=post, kind=kind, message=lines[pk][:500]) for pk in fresh
    )
    for pk, email in fresh.items():
        mail_queue(
            workspace=post.workspace,
            kind=f"review.{kind}",
            to=[email],
            subject=subject,
            body=f"{(mail_lines or lines)[pk]}\n\nOpen it: {_post_url(post)}\n",
        )
    return len(fresh)


def _emails(ids: Iterable[int]) -> dict[int, str]:
    return dict(get_user_model().objects.filter(pk__in=list(ids)).values_list("pk", "email"))


def notify_review_requested(post: Post, *, actor: Any) -> int:
    """Tell each member who may act on a pending step of the post that it waits for them."""
    pending: dict[int, list[ReviewStep]] = {}
    for step in post.review_steps.all():
        if not step_is_required(step) or step_is_satisfied(step, post.content_hash):
            continue
        for pk in step_eligible_user_ids(step):
            pending.setdefault(pk, []).append(step)
    pending.pop(getattr(actor, "pk", None), None)  # type: ignore[arg-type]
    users = _emails(pending)
    lines = {
        pk: f"“{post.title}” in {post.workspace.name} waits for your review: "
        + ", ".join(s.name for s in pending[pk])
        for pk in users
    }
    return _notify(
        post,
        users,
        kind=Notification.Kind.REVIEW_REQUESTED,
        subject=f"[carepost] Review requested: {post.title}",
        lines=lines,
    )


def notify_changes_requested(post: Post, *, actor: Any, by: str, note: str) -> int:
    """Tell whoever wrote the post that a reviewer (or the client) asked for changes. The note
    is shown in the studio only: a reviewer's words about a post can name a patient, and email
    leaves the studio."""
    authors = post_author_ids(post) - {getattr(actor, "pk", None)}
    users = _emails(authors)
    line = f"{by} asked for changes to “{post.title}” in {post.workspace.name}"
    return _notify(
        post,
        users,
        kind=Notification.Kind.CHANGES_REQUESTED,
        subject=f"[carepost] Changes requested: {post.title}",
        lines=dict.fromkeys(users, f"{line}: {note}"),
        mail_lines=dict.fromkeys(users, f"{line}. Open the post to read what should change."),
    )


@transaction.atomic
def notifications_mark_read(*, user: Any, post: Post | None = None) -> int:
    """Mark the member's unread notices read (of one post, or all). Returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if post is not None:
        unread = unread.filter(post=post)
    return unread.update(read_at=timezone.now())
