"""Review actions (all audited): submit, approve, request changes, waive, comment, reopen,
re-route. Each action checks the actor's capability first; the post's status changes only
through ``carepost.studio.posts.services.post_status_set``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import (
    ApprovalBlocked,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from carepost.studio.posts.checking import INCOMPLETE_CODE
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.posts.services import post_status_set
from carepost.studio.posts.services._common import actor_label, require_cap
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import REVIEW_STEP_CAPS, Cap
from carepost.studio.workspaces.selectors import workspace_access

from .models import Approval, Comment, ReviewMode, ReviewStep, Waiver, WorkspaceReviewStep
from .notify import notify_changes_requested, notify_review_requested
from .routing import (
    findings_codes,
    post_blocking_findings,
    post_flagged,
    route_recompute,
    segregated_ids,
    step_eligible_user_ids,
    step_is_required,
    step_is_satisfied,
)

__all__ = [
    "REVIEW_CAPS",
    "approvals_reset_stale",
    "blocked_message",
    "post_comment_add",
    "post_review_approve",
    "post_review_reopen",
    "post_review_request_changes",
    "post_review_reroute_in_review",
    "post_submit",
    "post_waiver_record",
    "review_maybe_complete",
    "workspace_review_step_add",
]

REVIEW_CAPS = tuple(REVIEW_STEP_CAPS)


@transaction.atomic
def post_submit(*, actor: Any, post: Post) -> Post:
    """Draft (or changes requested) → in review, with the route its findings call for."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    require_cap(actor, post.workspace, Cap.SUBMIT_POST)
    if post.status not in (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED):
        raise InvalidTransition("only a draft or a post with requested changes can be submitted")
    if not post.text.strip() and not post.variants.exclude(text="").exists():
        raise ValidationFailed("the post has no text", field="text")
    steps = route_recompute(post)
    post_status_set(
        post=post,
        new=PostStatus.IN_REVIEW,
        actor=actor,
        event="post.submit",
        reason="",
        data={"content_hash": post.content_hash, "route": [s.name for s in steps]},
    )
    notify_review_requested(post, actor=actor)
    return post


def _require_reviewer(actor: Any, post: Post) -> None:
    access = workspace_access(user=actor, workspace=post.workspace)
    if not any(access.can(cap) for cap in REVIEW_CAPS):
        raise PermissionDenied("your role in this workspace does not review posts")


def _require_not_author(actor: Any, post: Post, action: str) -> None:
    """Segregation of duties (a workspace policy, on by default, owners included)."""
    if getattr(actor, "pk", None) in segregated_ids(post):
        raise PermissionDenied(
            f"segregation of duties: you wrote this post, so another member must {action} it"
        )


def _eligible_steps(post: Post, actor: Any) -> list[ReviewStep]:
    steps = [s for s in post.review_steps.all() if step_is_required(s)]
    return [
        s
        for s in steps
        if actor.pk in step_eligible_user_ids(s) and not step_is_satisfied(s, post.content_hash)
    ]


def blocked_message(blocking: list[dict[str, Any]]) -> str:
    """ "Approval is blocked by …" naming each code once, with its name."""
    codes = ", ".join(f"{code} {name}".strip() for code, name in findings_codes(blocking))
    return (
        f"error-level findings block approval: {codes}; fix them or ask the "
        "privacy/compliance officer for a waiver"
    )


@transaction.atomic
def post_review_approve(
    *, actor: Any, post: Post, step_id: int | None = None, note: str = ""
) -> Post:
    """Approve the actor's pending step(s) for the current content hash. Blocked while an
    error-level finding has no waiver. All required steps satisfied → approved."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _require_reviewer(actor, post)
    if post.status != PostStatus.IN_REVIEW:
        raise InvalidTransition("only a post in review can be approved")
    _require_not_author(actor, post, "approve")
    blocking = post_blocking_findings(post)
    if blocking:
        raise ApprovalBlocked(blocked_message(blocking))
    steps = _eligible_steps(post, actor)
    if step_id is not None:
        steps = [s for s in steps if s.pk == step_id]
    if not steps:
        raise PermissionDenied("you have no pending review step on this post")
    step = steps[0]
    Approval.objects.create(
        step=step,
        post=post,
        decision=Approval.Decision.APPROVE,
        user=actor,
        actor_label=actor_label(actor),
        content_hash=post.content_hash,
        note=note,
    )
    audit_log(
        event="post.review.approve",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"step": step.name, "content_hash": post.content_hash, "note": note},
    )
    review_maybe_complete(post, actor)
    return post


def review_maybe_complete(post: Post, actor: Any) -> bool:
    """in_review → approved once every required step is satisfied for the current hash."""
    required = [s for s in post.review_steps.all() if step_is_required(s)]
    if not required or not all(step_is_satisfied(s, post.content_hash) for s in required):
        return False
    post_status_set(
        post=post,
        new=PostStatus.APPROVED,
        actor=actor,
        event="post.review.complete",
        reason="",
        data={"content_hash": post.content_hash, "steps": [s.name for s in required]},
    )
    return True


@transaction.atomic
def post_review_request_changes(*, actor: Any, post: Post, note: str) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    _require_reviewer(actor, post)
    if post.status != PostStatus.IN_REVIEW:
        raise InvalidTransition("only a post in review can be sent back")
    steps = [
        s
        for s in post.review_steps.all()
        if step_is_required(s) and actor.pk in step_eligible_user_ids(s)
    ]
    if not steps:
        raise PermissionDenied("you have no review step on this post")
    if not note.strip():
        raise ValidationFailed("say what should change", field="note")
    Approval.objects.create(
        step=steps[0],
        post=post,
        decision=Approval.Decision.REQUEST_CHANGES,
        user=actor,
        actor_label=actor_label(actor),
        content_hash=post.content_hash,
        note=note,
    )
    post_status_set(
        post=post,
        new=PostStatus.CHANGES_REQUESTED,
        actor=actor,
        event="post.review.request_changes",
        reason=note,
        data={"step": steps[0].name, "content_hash": post.content_hash},
    )
    notify_changes_requested(post, actor=actor, by=actor_label(actor), note=note)
    return post


@transaction.atomic
def post_waiver_record(*, actor: Any, post: Post, code: str, reason: str) -> Waiver:
    """A privacy/compliance officer accepts an error-level finding, with a reason."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    workspace_access(user=actor, workspace=post.workspace).require(Cap.RECORD_WAIVER)
    _require_not_author(actor, post, "waive findings on")
    if not reason.strip():
        raise ValidationFailed("a waiver needs a reason", field="reason")
    if code == INCOMPLETE_CODE:
        raise ValidationFailed(
            "an incomplete check cannot be waived; save the post again to check it completely",
            field="code",
        )
    matches = sorted({flagged for f, flagged in post_flagged(post) if f["code"] == code})
    if not matches:
        raise ValidationFailed(f"the post has no {code} finding", field="code")
    waiver = Waiver.objects.create(
        post=post,
        code=code,
        matches=matches,
        reason=reason.strip(),
        user=actor,
        actor_label=actor_label(actor),
        content_hash=post.content_hash,
    )
    audit_log(
        event="post.waiver.record",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"code": code, "reason": waiver.reason, "content_hash": post.content_hash},
    )
    return waiver


@transaction.atomic
def post_comment_add(*, actor: Any, post: Post, body: str, parent_id: int | None = None) -> Comment:
    workspace_access(user=actor, workspace=post.workspace).require(Cap.COMMENT)
    if not body.strip():
        raise ValidationFailed("the comment is empty", field="body")
    parent = None
    if parent_id is not None:
        parent = post.comments.filter(pk=parent_id).first()
        if parent is None:
            raise NotFound("no such comment")
    comment = Comment(
        post=post, parent=parent, author=actor, author_label=actor_label(actor), body=body
    )
    comment.full_clean()
    comment.save()
    audit_log(
        event="post.comment.add",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"comment": comment.pk, "parent": parent_id},
    )
    return comment


def approvals_reset_stale(post: Post, *, actor: Any, reason: str) -> None:
    """After an edit (inside its transaction): approvals bound to another hash stop counting,
    an approved/scheduled/failed post goes back to review, and a post in review is re-routed
    for its new findings."""
    stale = post.approvals.filter(reset_at__isnull=True).exclude(content_hash=post.content_hash)
    reset_ids = list(stale.values_list("pk", flat=True))
    if reset_ids:
        stale.update(reset_at=timezone.now())
        audit_log(
            event="post.review.reset",
            actor=actor,
            workspace=post.workspace,
            target=post,
            data={"approvals": reset_ids, "reason": reason},
        )
    if post.status in (PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.FAILED):
        _to_review(post, actor=actor, reason=reason)
    elif post.status == PostStatus.IN_REVIEW:
        route_recompute(post)


def _to_review(post: Post, *, actor: Any, reason: str) -> None:
    route_recompute(post)
    post_status_set(
        post=post, new=PostStatus.IN_REVIEW, actor=actor, event="post.review.reopen", reason=reason
    )
    notify_review_requested(post, actor=actor)


@transaction.atomic
def post_review_reopen(*, post: Post, reason: str, actor: Any = None) -> Post:
    """Send an approved/scheduled post back to review (consent or claim problem, a publish-time
    rule): every approval is reset and the route recomputed."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED):
        raise InvalidTransition("only an approved or scheduled post can be sent back to review")
    post.approvals.filter(reset_at__isnull=True).update(reset_at=timezone.now())
    _to_review(post, actor=actor, reason=reason)
    return post


def post_review_reroute_in_review(*, workspaces: Iterable[Workspace]) -> int:
    """Recompute the route of every post in review (crisis started or lifted). Returns how
    many posts were re-routed. Runs inside the caller's transaction."""
    count = 0
    for post in Post.objects.select_for_update().filter(
        workspace__in=list(workspaces), status=PostStatus.IN_REVIEW
    ):
        route_recompute(post)
        review_maybe_complete(post, None)
        count += 1
    return count


@transaction.atomic
def workspace_review_step_add(
    *, actor: Any, workspace: Workspace, name: str, cap: str, mode: str = "any"
) -> WorkspaceReviewStep:
    """Add a step every post of the workspace must pass, for the members holding ``cap`` (one
    of ``REVIEW_STEP_CAPS``; ``mode``: any one of them / every one of them)."""
    if actor is not None:
        workspace_access(user=actor, workspace=workspace).require(Cap.MANAGE_MEMBERS)
    if cap not in {c.value for c in REVIEW_STEP_CAPS}:
        raise ValidationFailed(
            f"a review step is for one of: {', '.join(sorted(REVIEW_STEP_CAPS))}", field="cap"
        )
    if mode not in ReviewMode.values:
        raise ValidationFailed("mode must be 'any' or 'all'", field="mode")
    step = WorkspaceReviewStep(
        workspace=workspace,
        name=name.strip(),
        cap=cap,
        mode=mode,
        position=workspace.review_steps.count(),
    )
    step.full_clean()
    step.save()
    audit_log(
        event="workspace.settings.update",
        actor=actor,
        workspace=workspace,
        target=workspace,
        data={"review_step_added": {"name": step.name, "cap": cap, "mode": mode}},
    )
    return step
