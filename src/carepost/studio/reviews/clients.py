"""The external client approver: an expiring magic link (no account), its email, and the
client's decision."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import (
    ApprovalBlocked,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.posts.services import post_status_set
from carepost.studio.workspaces.mail import mail_queue, studio_url
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from .models import Approval, ClientApprovalLink, Comment, ReviewStep, ReviewStepKind
from .notify import notify_changes_requested
from .routing import post_blocking_findings, segregated_ids
from .services import review_maybe_complete

__all__ = [
    "is_author_email",
    "post_client_approve",
    "post_client_link_create",
    "post_client_request_changes",
]


def is_author_email(post: Post, email: str) -> bool:
    authors = segregated_ids(post)
    wanted = email.strip().lower()
    return bool(authors) and any(
        e.strip().lower() == wanted
        for e in get_user_model().objects.filter(pk__in=authors).values_list("email", flat=True)
    )


@transaction.atomic
def post_client_link_create(
    *, actor: Any, post: Post, email: str, hours: int = 72
) -> tuple[ClientApprovalLink, str]:
    """An expiring magic link for an external client approver (marketing step, no account),
    emailed to the client (the outbox records the email without the link)."""
    post = Post.objects.select_for_update().select_related("workspace").get(pk=post.pk)
    workspace_access(user=actor, workspace=post.workspace).require(Cap.SUBMIT_POST)
    if post.status != PostStatus.IN_REVIEW:
        raise InvalidTransition("only a post in review can be sent to a client")
    if is_author_email(post, email):
        raise PermissionDenied(
            "segregation of duties: a client link cannot go to someone who wrote this post"
        )
    token = secrets.token_urlsafe(32)
    link = ClientApprovalLink(
        post=post,
        email=email.strip(),
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        created_by=actor,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    link.full_clean()
    link.save()
    audit_log(
        event="post.review.client_link",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    url = studio_url(reverse("client_review", args=[token]))
    intro = (
        f"{post.workspace.name} asks you to review a social media post, “{post.title}”, before "
        f"it is published. You can approve it, or ask for changes with a comment."
    )
    until = f"The link works once, until {link.expires_at:%Y-%m-%d %H:%M} UTC."
    mail_queue(
        workspace=post.workspace,
        kind="review.client_link",
        to=[link.email],
        subject=f"[carepost] Please review: {post.title}",
        body=f"{intro}\n\nReview it: (your personal link, not kept here)\n{until}\n",
        sent_body=f"{intro}\n\nReview it: {url}\n{until}\n",
    )
    return link, token


def _client_step(token: str) -> tuple[ClientApprovalLink, Post, ReviewStep]:
    """Lock the link and its post; the marketing step a client decides on."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    link = ClientApprovalLink.objects.select_for_update().filter(token_hash=digest).first()
    if link is None or link.expires_at < timezone.now() or link.used_at is not None:
        raise NotFound("this approval link is not valid or has expired")
    post = Post.objects.select_for_update().select_related("workspace").get(pk=link.post_id)
    if post.status != PostStatus.IN_REVIEW:
        raise InvalidTransition("this post is not waiting for review")
    if is_author_email(post, link.email):
        raise PermissionDenied("segregation of duties: the author cannot approve their own post")
    step = post.review_steps.filter(kind=ReviewStepKind.MARKETING, position__lt=1000).first()
    if step is None:
        raise InvalidTransition("this post has no marketing step")
    return link, post, step


@transaction.atomic
def post_client_approve(*, token: str, note: str = "") -> Post:
    """The external client approver signs off the marketing step through the magic link."""
    link, post, step = _client_step(token)
    if post_blocking_findings(post):
        raise ApprovalBlocked("this post has unresolved error-level findings")
    label = f"client:{link.email}"
    Approval.objects.create(
        step=step,
        post=post,
        decision=Approval.Decision.APPROVE,
        actor_label=label,
        content_hash=post.content_hash,
        note=note,
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_log(
        event="post.review.approve",
        actor=label,
        workspace=post.workspace,
        target=post,
        data={"step": step.name, "content_hash": post.content_hash, "via": "client link"},
    )
    review_maybe_complete(post, label)
    return post


@transaction.atomic
def post_client_request_changes(*, token: str, comment: str) -> Post:
    """The client rejects the post through the magic link, saying why: the post goes back to
    its authors (changes requested), the comment is on the post, and the authors are told."""
    if not comment.strip():
        raise ValidationFailed("say what should change", field="comment")
    link, post, step = _client_step(token)
    label = f"client:{link.email}"
    Approval.objects.create(
        step=step,
        post=post,
        decision=Approval.Decision.REQUEST_CHANGES,
        actor_label=label,
        content_hash=post.content_hash,
        note=comment.strip(),
    )
    Comment.objects.create(post=post, author_label=label, body=comment.strip())
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    post_status_set(
        post=post,
        new=PostStatus.CHANGES_REQUESTED,
        actor=label,
        event="post.review.request_changes",
        reason=f"The client ({link.email}) asked for changes: {comment.strip()}",
        data={"step": step.name, "content_hash": post.content_hash, "via": "client link"},
    )
    notify_changes_requested(post, actor=None, by=f"The client ({link.email})", note=comment)
    return post
