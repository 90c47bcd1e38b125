"""Reads of posts, scoped to the acting user's workspaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from carepost.studio.errors import NotFound
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import Access, workspace_access

from .models import Approval, Post, PostStatus, ReviewStep

__all__ = [
    "PostReviewState",
    "post_can_waive",
    "post_get",
    "post_list",
    "post_review_state",
]


def post_get(
    *, user: Any, workspace_id: int, post_id: int, cap: Cap = Cap.VIEW
) -> tuple[Access, Post]:
    access = workspace_access(user=user, workspace=workspace_id)
    access.require(cap)
    post = (
        Post.objects.filter(workspace_id=workspace_id, pk=post_id)
        .select_related("workspace__organization", "created_by")
        .first()
    )
    if post is None:
        raise NotFound("no such post")
    return access, post


def post_list(
    *, access: Access, status: str | None = None, query: str = "", pillar: str = ""
) -> QuerySet[Post]:
    """Posts of one workspace, newest first (paginate the result: constant queries per page)."""
    qs = Post.objects.filter(workspace=access.workspace).only(
        "id",
        "title",
        "status",
        "pillar",
        "campaign",
        "scheduled_at",
        "updated_at",
        "workspace_id",
        "needs_takedown",
        "last_report",
    )
    if status:
        qs = qs.filter(status=status)
    if pillar:
        qs = qs.filter(pillar=pillar)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(campaign__icontains=query))
    return qs.order_by("-updated_at", "-id")


def post_status_counts(*, access: Access) -> dict[str, int]:
    rows = (
        Post.objects.filter(workspace=access.workspace)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {s: 0 for s in PostStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


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


def post_review_state(*, post: Post, user: Any) -> PostReviewState:
    from .services import (
        post_blocking_findings,
        post_current_findings,
        step_eligible_user_ids,
        step_is_required,
        step_is_satisfied,
    )

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
    from .services import post_author_ids

    if not access.can(Cap.RECORD_WAIVER):
        return False
    return not (post.workspace.segregation_of_duties and access.user.pk in post_author_ids(post))
