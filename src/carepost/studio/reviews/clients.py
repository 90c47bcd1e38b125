"""The external client approver: an expiring magic link (no account), its email, and the
client's decision."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import ApprovalBlocked, InvalidTransition, NotFound, PermissionDenied
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from .models import Approval, ClientApprovalLink, ReviewStepKind
from .routing import post_blocking_findings, segregated_ids
from .services import review_maybe_complete

__all__ = ["is_author_email", "post_client_approve", "post_client_link_create"]


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
    """An expiring magic link for an external client approver (marketing step, no account)."""
    workspace_access(user=actor, workspace=post.workspace).require(Cap.SUBMIT_POST)
    if is_author_email(post, email):
        raise PermissionDenied(
            "segregation of duties: a client link cannot go to someone who wrote this post"
        )
    token = secrets.token_urlsafe(32)
    link = ClientApprovalLink(
        post=post,
        email=email,
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
    return link, token


@transaction.atomic
def post_client_approve(*, token: str, note: str = "") -> Post:
    """The external client approver signs off the marketing step through the magic link."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    link = ClientApprovalLink.objects.select_for_update().filter(token_hash=digest).first()
    if link is None or link.expires_at < timezone.now() or link.used_at is not None:
        raise NotFound("this approval link is not valid or has expired")
    post = Post.objects.select_for_update().get(pk=link.post_id)
    if post.status != PostStatus.IN_REVIEW:
        raise InvalidTransition("this post is not waiting for review")
    if post_blocking_findings(post):
        raise ApprovalBlocked("this post has unresolved error-level findings")
    if is_author_email(post, link.email):
        raise PermissionDenied("segregation of duties: the author cannot approve their own post")
    step = post.review_steps.filter(kind=ReviewStepKind.MARKETING, position__lt=1000).first()
    if step is None:
        raise InvalidTransition("this post has no marketing step")
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
