"""Reads of review state, scoped to the acting user's workspaces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from carepost.studio.errors import NotFound
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.workspaces.models import Membership
from carepost.studio.workspaces.permissions import Cap, caps_for_roles
from carepost.studio.workspaces.selectors import Access

from .models import Approval, ClientApprovalLink, Notification, ReviewStep
from .routing import (
    findings_codes,
    post_author_ids,
    post_blocking_findings,
    post_current_findings,
    step_eligible_user_ids,
    step_is_required,
    step_is_satisfied,
)

__all__ = [
    "PostReviewState",
    "QueueEntry",
    "StepState",
    "client_link_valid",
    "notifications_unread",
    "post_can_waive",
    "post_review_state",
    "review_queue_for_user",
]


@dataclass(frozen=True)
class StepState:
    step: ReviewStep
    satisfied: bool
    approvals: list[Approval]
    stale: list[Approval]
    can_act: bool


@dataclass(frozen=True)
class PostReviewState:
    steps: list[StepState]
    blocking: list[dict[str, Any]]
    findings: list[dict[str, Any]]

    @property
    def blocking_codes(self) -> list[tuple[str, str]]:
        """Each blocking code once, with its name."""
        return findings_codes(self.blocking)

    @property
    def error_codes(self) -> list[str]:
        """The codes a waiver may be recorded for."""
        return sorted({f["code"] for f in self.findings if f["level"] == "error"})


def post_review_state(*, post: Post, user: Any) -> PostReviewState:
    steps = []
    for step in post.review_steps.prefetch_related(
        Prefetch("approvals", queryset=Approval.objects.order_by("created_at"))
    ):
        if not step_is_required(step):
            continue
        approvals = list(step.approvals.all())
        current = [
            a for a in approvals if a.reset_at is None and a.content_hash == post.content_hash
        ]
        stale = [a for a in approvals if a not in current]
        satisfied = step_is_satisfied(step, post.content_hash)
        steps.append(
            StepState(
                step=step,
                satisfied=satisfied,
                approvals=current,
                stale=stale,
                can_act=(
                    post.status == PostStatus.IN_REVIEW
                    and not satisfied
                    and user.pk in step_eligible_user_ids(step)
                ),
            )
        )
    return PostReviewState(
        steps=steps, blocking=post_blocking_findings(post), findings=post_current_findings(post)
    )


def post_can_waive(*, access: Access, post: Post) -> bool:
    """Whether the member may record a waiver on this post (``RECORD_WAIVER``, and not one of
    its authors while the workspace keeps segregation of duties)."""
    if not access.can(Cap.RECORD_WAIVER):
        return False
    return not (post.workspace.segregation_of_duties and access.user.pk in post_author_ids(post))


def client_link_valid(*, token: str) -> ClientApprovalLink:
    """The unused, unexpired client approval link a token names (NotFound otherwise)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    link = (
        ClientApprovalLink.objects.select_related("post__workspace")
        .filter(token_hash=digest)
        .first()
    )
    if link is None or link.expires_at < timezone.now() or link.used_at is not None:
        raise NotFound("this approval link is not valid or has expired")
    return link


@dataclass(frozen=True)
class QueueEntry:
    """A post waiting for the member, with the steps they may act on."""

    post: Post
    steps: list[ReviewStep]


def review_queue_for_user(*, user: Any) -> list[QueueEntry]:
    """ "Waiting for me": the posts in review, in every workspace of the member, with a
    required step that is not satisfied and that the member may act on (they hold its
    capability, have not approved it yet, and did not write the post while segregation of
    duties is on). Oldest submission first."""
    if user is None or not user.is_authenticated:
        return []
    roles: dict[int, set[str]] = {}
    for ws_id, role in Membership.objects.filter(user=user).values_list("workspace_id", "role"):
        roles.setdefault(ws_id, set()).add(role)
    caps = {ws_id: caps_for_roles(r) for ws_id, r in roles.items()}
    steps = (
        ReviewStep.objects.filter(
            post__workspace_id__in=list(caps),
            post__status=PostStatus.IN_REVIEW,
            position__lt=1000,
            cap__in=sorted({c.value for cs in caps.values() for c in cs}),
        )
        .select_related("post__workspace", "post__created_by")
        .prefetch_related(
            Prefetch("approvals", queryset=Approval.objects.order_by("created_at")),
        )
        .order_by("post__submitted_at", "post_id", "position")
    )
    entries: dict[int, QueueEntry] = {}
    for step in steps:
        post = step.post
        if step.cap not in caps[post.workspace_id]:
            continue
        if step_is_satisfied(step, post.content_hash):
            continue
        current = [
            a
            for a in step.approvals.all()
            if a.reset_at is None and a.content_hash == post.content_hash
        ]
        if any(a.user_id == user.pk for a in current):
            continue  # an "all" step they already approved
        if post.workspace.segregation_of_duties and user.pk in post_author_ids(post):
            continue
        entries.setdefault(post.pk, QueueEntry(post=post, steps=[])).steps.append(step)
    return list(entries.values())


def notifications_unread(*, user: Any, limit: int = 20) -> list[Notification]:
    """The member's unread notices, newest first."""
    return list(
        Notification.objects.filter(user=user, read_at__isnull=True)
        .select_related("post__workspace")
        .order_by("-created_at", "-id")[:limit]
    )
