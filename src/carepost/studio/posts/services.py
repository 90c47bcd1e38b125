"""Writes for posts: compose, check, review, waive, comment, schedule, publish (all audited).

Status machine:
    draft → in_review → changes_requested → in_review → approved → scheduled → published | failed
    any non-terminal → archived;  approved/scheduled → in_review (edit, consent/claim problem)
Publishing (``carepost.studio.publishing``) calls ``post_mark_published`` / ``post_mark_failed``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import (
    ApprovalBlocked,
    EditConflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from carepost.studio.workspaces.models import Membership, Role, Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import (
    Access,
    crisis_for_workspace,
    workspace_access,
)

from .checking import INCOMPLETE_CODE, check_deadline, report_incomplete
from .content import (
    Draft,
    DraftMedia,
    draft_check,
    draft_of,
    draft_with_links,
    post_content,
    post_content_hash,
    reports_with_ids,
)
from .models import (
    PLATFORMS,
    Approval,
    ClientApprovalLink,
    Comment,
    Post,
    PostMedia,
    PostPublication,
    PostSource,
    PostStatus,
    PostVariant,
    PostVersion,
    ReviewMode,
    ReviewStep,
    ReviewStepKind,
    Waiver,
    WorkspaceReviewStep,
)

__all__ = [
    "StepSpec",
    "post_archive",
    "post_author_ids",
    "post_check",
    "post_client_link_create",
    "post_comment_add",
    "post_content",
    "post_content_hash",
    "post_create",
    "post_current_findings",
    "post_mark_failed",
    "post_mark_published",
    "post_media_add",
    "post_media_remove",
    "post_reopen",
    "post_review_approve",
    "post_review_remind_due",
    "post_review_request_changes",
    "post_review_reroute_in_review",
    "post_review_route",
    "post_schedule",
    "post_submit",
    "post_unschedule",
    "post_update",
    "post_waiver_record",
    "workspace_review_step_add",
]

PLATFORM_KEYS = {p for p, _ in PLATFORMS}
EDITABLE = {
    PostStatus.DRAFT,
    PostStatus.IN_REVIEW,
    PostStatus.CHANGES_REQUESTED,
    PostStatus.APPROVED,
    PostStatus.SCHEDULED,
    PostStatus.FAILED,
}


# --- content, hash and check (computed outside transactions: see ``.content``) ------------------


def post_check(*, post: Post) -> dict[str, Any]:
    """Check the post's stored content (master text and every variant) and return the reports
    ``{"master": report, "<platform>": report, ...}``. Writes nothing."""
    return reports_with_ids(
        draft_check(workspace=post.workspace, draft=draft_of(post), deadline=check_deadline()),
        post.pk,
    )


def _all_findings(reports: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for r in reports.values() if r for f in r.get("findings", ())]


# --- compose ----------------------------------------------------------------------------------


def _access(actor: Any, workspace: Workspace, cap: Cap) -> Access | None:
    if actor is None or isinstance(actor, str):  # system (tasks, publishing worker)
        return None
    access = workspace_access(user=actor, workspace=workspace)
    access.require(cap)
    return access


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.email or actor.get_username()


def _user(actor: Any) -> Any:
    return actor if actor is not None and not isinstance(actor, str) else None


class _ContentMoved(Exception):
    """The post's content changed between the check and the write (internal: retried)."""


#: How many times an edit is re-checked when the post keeps changing under it.
EDIT_ATTEMPTS = 3


def _guarded_edit(post_pk: int, prepare: Any, write: Any) -> Any:
    """Run ``prepare(current)`` (reads and the slow check, no transaction), then
    ``write(locked, prepared)`` in a brief transaction, but only if the post's content hash is
    still the one ``prepare`` saw; otherwise check again (``EDIT_ATTEMPTS`` in all), then give
    up with EditConflict. The caller's input is never half-applied."""
    for _ in range(EDIT_ATTEMPTS):
        current = Post.objects.select_related("workspace").get(pk=post_pk)
        prepared = prepare(current)
        try:
            with transaction.atomic():
                locked = (
                    Post.objects.select_for_update().select_related("workspace").get(pk=post_pk)
                )
                if locked.content_hash != current.content_hash:
                    raise _ContentMoved
                _require_editable(locked)
                return write(locked, prepared)
        except _ContentMoved:
            continue
    raise EditConflict(
        "this post kept changing while your edit was being checked, so it was not saved; "
        "your text is still in the form: review the post's latest version and save again"
    )


def _require_editable(post: Post) -> None:
    if post.status not in EDITABLE:
        raise InvalidTransition(f"a {post.get_status_display().lower()} post cannot be edited")


def _require_link_consent(actor: Any, workspace: Workspace, consent_ids: Any) -> None:
    if consent_ids:
        _access(actor, workspace, Cap.LINK_CONSENT)


def _write_links(post: Post, draft: Draft, given: set[str]) -> None:
    """Store the draft's variants, sources, consent and claim links (those in ``given``)."""
    if "variants" in given:
        post.variants.exclude(platform__in=list(draft.variants)).delete()
        for platform, text in draft.variants.items():
            PostVariant.objects.update_or_create(
                post=post, platform=platform, defaults={"text": text}
            )
    if "sources" in given:
        post.sources.all().delete()
        PostSource.objects.bulk_create(
            PostSource(post=post, citation=citation, position=i)
            for i, citation in enumerate(draft.sources)
        )
    if "consents" in given:
        post.consents.set(draft.consents)
    if "claims" in given:
        post.claims.set(draft.claims)


def _store_version(post: Post, *, draft: Draft, reports: dict[str, Any], actor: Any) -> PostVersion:
    """Inside the write transaction: the new version with the reports of exactly its content
    (or ``_ContentMoved`` when what was stored is not what was checked)."""
    new_hash = post_content_hash(post)
    if new_hash != draft.hash():
        raise _ContentMoved
    reports = reports_with_ids(reports, post.pk)
    post.version += 1
    post.content_hash = new_hash
    post.last_report = reports["master"]
    post.save(update_fields=["version", "content_hash", "last_report", "updated_at"])
    for variant in post.variants.all():
        variant.last_report = reports.get(variant.platform)
        variant.save(update_fields=["last_report"])
    return PostVersion.objects.create(
        post=post,
        number=post.version,
        content=draft.content(),
        content_hash=new_hash,
        reports=reports,
        created_by=_user(actor),
    )


def _stored_check_incomplete(post: Post) -> bool:
    version = post.versions.order_by("-number").first()
    return version is not None and any(report_incomplete(r) for r in version.reports.values())


def post_create(
    *,
    actor: Any,
    workspace: Workspace,
    title: str,
    text: str = "",
    pillar: str = "",
    campaign: str = "",
    evergreen: bool = False,
    variants: dict[str, str] | None = None,
    sources: Sequence[str] | None = None,
    consent_ids: Iterable[int] | None = None,
    claim_ids: Iterable[int] | None = None,
) -> Post:
    """Create a draft post. The check runs before the (brief) write transaction."""
    _access(actor, workspace, Cap.EDIT_POST)
    consent_ids = None if consent_ids is None else list(consent_ids)
    _require_link_consent(actor, workspace, consent_ids)
    post = Post(
        workspace=workspace,
        title=title,
        text=text,
        pillar=pillar,
        campaign=campaign,
        evergreen=evergreen,
        status=PostStatus.DRAFT,
        created_by=_user(actor),
    )
    post.full_clean()
    empty = Draft(text="", variants={}, sources=(), consents=(), claims=(), media=())
    draft = draft_with_links(
        empty,
        workspace=workspace,
        text=text,
        variants=variants or {},
        sources=sources or (),
        consent_ids=consent_ids or (),
        claim_ids=claim_ids or (),
    )
    draft.check_work()
    reports = draft_check(workspace=workspace, draft=draft, deadline=check_deadline())
    with transaction.atomic():
        post.save()
        _write_links(post, draft, {"variants", "sources", "consents", "claims"})
        version = _store_version(post, draft=draft, reports=reports, actor=actor)
        audit_log(
            event="post.create",
            actor=actor,
            workspace=workspace,
            target=post,
            data={"version": version.number, "content_hash": post.content_hash},
        )
    return post


def post_update(
    *,
    actor: Any,
    post: Post,
    title: str | None = None,
    text: str | None = None,
    pillar: str | None = None,
    campaign: str | None = None,
    evergreen: bool | None = None,
    variants: dict[str, str] | None = None,
    sources: Sequence[str] | None = None,
    consent_ids: Iterable[int] | None = None,
    claim_ids: Iterable[int] | None = None,
) -> Post:
    """Edit a post. If the covered content changed, approvals bound to the old hash stop
    counting (``post.review.reset``) and an approved/scheduled post goes back to review.

    The new content is checked before the write transaction; the write happens only if the
    post's content is still the one that was checked (else it is checked again)."""
    consent_ids = None if consent_ids is None else list(consent_ids)
    claim_ids = None if claim_ids is None else list(claim_ids)
    fields = {"title": title, "pillar": pillar, "campaign": campaign, "evergreen": evergreen}
    given = {
        name
        for name, value in (
            ("variants", variants),
            ("sources", sources),
            ("consents", consent_ids),
            ("claims", claim_ids),
        )
        if value is not None
    }

    def prepare(current: Post) -> tuple[Draft, dict[str, Any] | None]:
        _access(actor, current.workspace, Cap.EDIT_POST)
        _require_editable(current)
        if consent_ids is not None and set(consent_ids) != {c.pk for c in current.consents.all()}:
            _require_link_consent(actor, current.workspace, consent_ids)
        _apply_fields(current, text=text, **fields)
        draft = draft_with_links(
            draft_of(current),
            workspace=current.workspace,
            text=text,
            variants=variants,
            sources=sources,
            consent_ids=consent_ids,
            claim_ids=claim_ids,
        )
        if draft.hash() == current.content_hash and not _stored_check_incomplete(current):
            return draft, None  # nothing the check covers changed
        draft.check_work()
        deadline = check_deadline()
        return draft, draft_check(workspace=current.workspace, draft=draft, deadline=deadline)

    def write(locked: Post, prepared: tuple[Draft, dict[str, Any] | None]) -> Post:
        draft, reports = prepared
        old_hash = locked.content_hash
        _apply_fields(locked, text=text, **fields)
        locked.save()
        _write_links(locked, draft, given)
        if reports is None:
            if post_content_hash(locked) != draft.hash():
                raise _ContentMoved
            return locked
        version = _store_version(locked, draft=draft, reports=reports, actor=actor)
        audit_log(
            event="post.update",
            actor=actor,
            workspace=locked.workspace,
            target=locked,
            data={"version": version.number, "old_hash": old_hash, "new_hash": draft.hash()},
        )
        _reset_approvals(locked, actor=actor, reason="content edited")
        return locked

    return _guarded_edit(post.pk, prepare, write)


def _apply_fields(post: Post, **values: Any) -> None:
    """Set the given (not None) fields on the instance and validate them; saves nothing."""
    for name, value in values.items():
        if value is not None:
            setattr(post, name, value)
    post.full_clean()


def _reset_approvals(post: Post, *, actor: Any, reason: str) -> None:
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
        _route(post)


def _to_review(post: Post, *, actor: Any, reason: str) -> None:
    old = post.status
    post.status = PostStatus.IN_REVIEW
    post.status_reason = reason
    post.submitted_at = timezone.now()
    post.save(update_fields=["status", "status_reason", "submitted_at", "updated_at"])
    _route(post)
    audit_log(
        event="post.review.reopen",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"old": old, "new": post.status, "reason": reason},
    )


# --- review routing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    kind: str
    name: str
    role: str
    mode: str
    reason: str


def post_review_route(
    *,
    findings: Iterable[dict[str, Any]],
    in_crisis: bool,
    extra_steps: Iterable[WorkspaceReviewStep] = (),
) -> list[StepSpec]:
    """The review route for a post's findings: claims → clinical reviewer; privacy, consent or
    media → privacy officer (also every post during a crisis); always a marketing approver;
    then the workspace's own steps."""
    by_category: dict[str, list[str]] = {}
    for f in findings:
        by_category.setdefault(f["category"], []).append(f["code"])
    steps: list[StepSpec] = []
    claim_codes = sorted(set(by_category.get("claims", [])))
    if claim_codes:
        steps.append(
            StepSpec(
                "clinical",
                "Clinical review",
                "clinical_reviewer",
                "any",
                "claims findings: " + ", ".join(claim_codes),
            )
        )
    privacy_codes = sorted(
        {c for cat in ("privacy", "consent", "media") for c in by_category.get(cat, [])}
    )
    if privacy_codes or in_crisis:
        reasons = []
        if privacy_codes:
            reasons.append("privacy/consent/media findings: " + ", ".join(privacy_codes))
        if in_crisis:
            reasons.append("crisis mode")
        steps.append(
            StepSpec(
                "privacy",
                "Privacy / compliance review",
                "privacy_officer",
                "any",
                "; ".join(reasons),
            )
        )
    steps.append(
        StepSpec(
            "marketing",
            "Marketing approval",
            "author",
            "any",
            "every post",
        )
    )
    for extra in extra_steps:
        steps.append(StepSpec("custom", extra.name, extra.role, extra.mode, "workspace step"))
    return steps


def post_current_findings(post: Post) -> list[dict[str, Any]]:
    """Every finding of the latest version's reports (master and each variant)."""
    version = post.versions.order_by("-number").first()
    return _all_findings(version.reports) if version else []


def _route(post: Post) -> list[ReviewStep]:
    """Recompute the route; existing steps of the same kind/name keep their approvals."""
    specs = post_review_route(
        findings=post_current_findings(post),
        in_crisis=crisis_for_workspace(workspace=post.workspace) is not None,
        extra_steps=post.workspace.review_steps.order_by("position", "id"),
    )
    existing = {(s.kind, s.name): s for s in post.review_steps.all()}
    keep: list[ReviewStep] = []
    for i, spec in enumerate(specs):
        step = existing.pop((spec.kind, spec.name), None)
        if step is None:
            step = ReviewStep(post=post, kind=spec.kind, name=spec.name)
        step.role, step.mode, step.reason, step.position = spec.role, spec.mode, spec.reason, i
        step.save()
        keep.append(step)
    for stale in existing.values():
        if not stale.approvals.exists():
            stale.delete()
        else:  # keep history, but the step no longer applies
            stale.position = 1000 + stale.position
            stale.reason = "no longer required"
            stale.save(update_fields=["position", "reason"])
    return keep


def step_is_required(step: ReviewStep) -> bool:
    return step.position < 1000


def post_author_ids(post: Post) -> set[int]:
    """Who wrote the post's content: its creator and the author of every version."""
    ids = {post.created_by_id, *post.versions.values_list("created_by_id", flat=True)}
    return {i for i in ids if i is not None}


def _segregated_ids(post: Post) -> set[int]:
    """The members segregation of duties keeps from approving or waiving on this post."""
    return post_author_ids(post) if post.workspace.segregation_of_duties else set()


def step_eligible_user_ids(step: ReviewStep) -> set[int]:
    roles = {step.role}
    if step.kind in (ReviewStepKind.MARKETING, ReviewStepKind.CUSTOM):
        roles.add(
            Role.OWNER
        )  # owners can sign off marketing/custom steps; expertise steps need the role
    members = set(
        Membership.objects.filter(workspace_id=step.post.workspace_id, role__in=roles).values_list(
            "user_id", flat=True
        )
    )
    return members - _segregated_ids(step.post)


def step_is_satisfied(step: ReviewStep, content_hash: str) -> bool:
    approvals = [
        a
        for a in step.approvals.all()
        if a.decision == Approval.Decision.APPROVE
        and a.reset_at is None
        and a.content_hash == content_hash
    ]
    if step.mode == ReviewMode.ANY:
        return bool(approvals)
    # "all": every member holding the step's role (owners may stand in only for "any" steps)
    needed = set(
        Membership.objects.filter(workspace_id=step.post.workspace_id, role=step.role).values_list(
            "user_id", flat=True
        )
    ) - _segregated_ids(step.post)
    done = {a.user_id for a in approvals if a.user_id is not None}
    return bool(needed) and needed <= done


def _flagged(post: Post) -> list[tuple[dict[str, Any], str]]:
    """Each finding of the current version with the text its span covers ("" without span)."""
    version = post.versions.order_by("-number").first()
    if version is None:
        return []
    out = []
    for name, report in version.reports.items():
        text = (
            version.content["text"]
            if name == "master"
            else (version.content["variants"].get(name) or version.content["text"])
        )
        for f in (report or {}).get("findings", ()):
            span = f.get("span")
            out.append((f, text[span["start"] : span["end"]] if span else ""))
    return out


def post_blocking_findings(post: Post) -> list[dict[str, Any]]:
    """Error-level findings of the current version that no waiver covers (a waiver covers a
    code and the exact flagged texts it was recorded for)."""
    waived: dict[str, set[str]] = {}
    for waiver in post.waivers.all():
        waived.setdefault(waiver.code, set()).update(waiver.matches)
    return [
        f
        for f, flagged in _flagged(post)
        if f["level"] == "error" and flagged not in waived.get(f["code"], set())
    ]


@transaction.atomic
def post_submit(*, actor: Any, post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    _access(actor, post.workspace, Cap.SUBMIT_POST)
    if post.status not in (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED):
        raise InvalidTransition("only a draft or a post with requested changes can be submitted")
    if not post.text.strip() and not post.variants.exclude(text="").exists():
        raise ValidationFailed("the post has no text", field="text")
    old = post.status
    post.status = PostStatus.IN_REVIEW
    post.status_reason = ""
    post.submitted_at = timezone.now()
    post.save(update_fields=["status", "status_reason", "submitted_at", "updated_at"])
    steps = _route(post)
    audit_log(
        event="post.submit",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={
            "old": old,
            "new": post.status,
            "content_hash": post.content_hash,
            "route": [s.name for s in steps],
        },
    )
    return post


REVIEW_CAPS = (Cap.REVIEW_MARKETING, Cap.REVIEW_CLINICAL, Cap.REVIEW_PRIVACY)


def _require_reviewer(actor: Any, post: Post) -> None:
    access = workspace_access(user=actor, workspace=post.workspace)
    if not any(access.can(cap) for cap in REVIEW_CAPS):
        raise PermissionDenied("your role in this workspace does not review posts")


def _require_not_author(actor: Any, post: Post, action: str) -> None:
    """Segregation of duties (a workspace policy, on by default, owners included)."""
    if getattr(actor, "pk", None) in _segregated_ids(post):
        raise PermissionDenied(
            f"segregation of duties: you wrote this post, so another member must {action} it"
        )


def _is_author_email(post: Post, email: str) -> bool:
    from django.contrib.auth import get_user_model

    authors = _segregated_ids(post)
    wanted = email.strip().lower()
    return bool(authors) and any(
        e.strip().lower() == wanted
        for e in get_user_model().objects.filter(pk__in=authors).values_list("email", flat=True)
    )


def _eligible_steps(post: Post, actor: Any) -> list[ReviewStep]:
    steps = [s for s in post.review_steps.all() if step_is_required(s)]
    return [
        s
        for s in steps
        if actor.pk in step_eligible_user_ids(s) and not step_is_satisfied(s, post.content_hash)
    ]


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
        codes = ", ".join(sorted({f["code"] for f in blocking}))
        raise ApprovalBlocked(
            f"error-level findings block approval ({codes}); fix them or ask the privacy/compliance officer for a waiver"
        )
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
        actor_label=_actor_label(actor),
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
    _maybe_approved(post, actor)
    return post


def _maybe_approved(post: Post, actor: Any) -> bool:
    """in_review → approved once every required step is satisfied for the current hash."""
    required = [s for s in post.review_steps.all() if step_is_required(s)]
    if not required or not all(step_is_satisfied(s, post.content_hash) for s in required):
        return False
    post.status = PostStatus.APPROVED
    post.status_reason = ""
    post.save(update_fields=["status", "status_reason", "updated_at"])
    audit_log(
        event="post.review.complete",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={
            "old": PostStatus.IN_REVIEW,
            "new": post.status,
            "content_hash": post.content_hash,
            "steps": [s.name for s in required],
        },
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
        actor_label=_actor_label(actor),
        content_hash=post.content_hash,
        note=note,
    )
    post.status = PostStatus.CHANGES_REQUESTED
    post.status_reason = note
    post.save(update_fields=["status", "status_reason", "updated_at"])
    audit_log(
        event="post.review.request_changes",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"step": steps[0].name, "content_hash": post.content_hash},
    )
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
    matches = sorted({flagged for f, flagged in _flagged(post) if f["code"] == code})
    if not matches:
        raise ValidationFailed(f"the post has no {code} finding", field="code")
    waiver = Waiver.objects.create(
        post=post,
        code=code,
        matches=matches,
        reason=reason.strip(),
        user=actor,
        actor_label=_actor_label(actor),
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
        post=post, parent=parent, author=actor, author_label=_actor_label(actor), body=body
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


@transaction.atomic
def post_client_link_create(
    *, actor: Any, post: Post, email: str, hours: int = 72
) -> tuple[ClientApprovalLink, str]:
    """An expiring magic link for an external client approver (marketing step, no account)."""
    workspace_access(user=actor, workspace=post.workspace).require(Cap.SUBMIT_POST)
    if _is_author_email(post, email):
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
    if _is_author_email(post, link.email):
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
    _maybe_approved(post, label)
    return post


# --- schedule and publish ---------------------------------------------------------------------


@transaction.atomic
def post_schedule(*, actor: Any, post: Post, at: datetime) -> Post:
    """Approved (or already scheduled: reschedule) → scheduled at ``at`` (aware UTC)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _access(actor, post.workspace, Cap.SCHEDULE)
    if timezone.is_naive(at):
        raise ValidationFailed("the time must include a time zone", field="scheduled_at")
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED):
        raise InvalidTransition("only an approved post can be scheduled")
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
    return post


@transaction.atomic
def post_unschedule(*, actor: Any, post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    _access(actor, post.workspace, Cap.SCHEDULE)
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
) -> PostPublication:
    """Record that the post went live on one platform (call once per platform)."""
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
def post_reopen(*, post: Post, reason: str, actor: Any = None) -> Post:
    """Send an approved/scheduled post back to review (consent or claim problem, crisis)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED):
        raise InvalidTransition("only an approved or scheduled post can be sent back to review")
    post.approvals.filter(reset_at__isnull=True).update(reset_at=timezone.now())
    _to_review(post, actor=actor, reason=reason)
    return post


@transaction.atomic
def post_archive(*, actor: Any, post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    _access(actor, post.workspace, Cap.EDIT_POST)
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
def post_review_remind_due(*, now: datetime | None = None) -> int:
    """Email the reviewers of every post waiting longer than its workspace's review target
    (at most once per target period per post). Returns how many posts were reminded."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail

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


@transaction.atomic
def workspace_review_step_add(
    *, actor: Any, workspace: Workspace, name: str, role: str, mode: str = "any"
) -> WorkspaceReviewStep:
    """Add a step every post of the workspace must pass (``mode``: any one / all members)."""
    if actor is not None:
        workspace_access(user=actor, workspace=workspace).require(Cap.MANAGE_MEMBERS)
    if role not in Role.values:
        raise ValidationFailed(f"unknown role {role!r}", field="role")
    if mode not in ReviewMode.values:
        raise ValidationFailed("mode must be 'any' or 'all'", field="mode")
    step = WorkspaceReviewStep(
        workspace=workspace,
        name=name.strip(),
        role=role,
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
        data={"review_step_added": {"name": step.name, "role": role, "mode": mode}},
    )
    return step


def post_media_add(
    *,
    actor: Any,
    post: Post,
    upload: Any,
    alt_text: str = "",
    consent_ids: Iterable[int] = (),
) -> PostMedia:
    """Attach a photo or video. The upload is validated completely before anything is stored
    (size limits of the studio, of the post's platforms and of the workspace; its format from
    its bytes; image dimensions from the header, before any pixel is decoded; then a full
    read). The file is stored, the post re-checked (media rules) outside any transaction, and
    the media row written briefly; if anything fails after the file was stored, the file is
    removed, so a failed upload leaves nothing behind. Approvals reset."""
    from .uploads import upload_store, upload_validated

    current = Post.objects.select_related("workspace").get(pk=post.pk)
    _access(actor, current.workspace, Cap.EDIT_POST)
    _require_editable(current)
    ids = set(consent_ids)
    _require_link_consent(actor, current.workspace, ids)
    consents = tuple(current.workspace.consents.filter(pk__in=ids).order_by("pk"))
    if len(consents) != len(ids):
        raise ValidationFailed("a linked consent is not in this workspace", field="consents")
    platforms = list(current.variants.values_list("platform", flat=True))
    with upload_validated(upload=upload, workspace=current.workspace, platforms=platforms) as ok:
        stored = upload_store(ok)
    try:
        added = DraftMedia(
            sha256=ok.sha256,
            alt_text=alt_text.strip(),
            consents=consents,
            path=stored.path,
            id=f"upload:{ok.sha256[:12]}",
        )

        def prepare(current: Post) -> tuple[Draft, dict[str, Any]]:
            _access(actor, current.workspace, Cap.EDIT_POST)
            base = draft_of(current)
            draft = draft_with_links(base, workspace=current.workspace, media=[*base.media, added])
            deadline = check_deadline()
            return draft, draft_check(workspace=current.workspace, draft=draft, deadline=deadline)

        def write(locked: Post, prepared: tuple[Draft, dict[str, Any]]) -> PostMedia:
            draft, reports = prepared
            old_hash = locked.content_hash
            media = PostMedia(
                post=locked,
                alt_text=added.alt_text,
                sha256=ok.sha256,
                kind=ok.kind,
                size=ok.size,
                position=locked.media.count(),
            )
            media.file.name = stored.name
            media.full_clean()
            media.save()
            media.consents.set(consents)
            _content_changed(
                locked,
                actor=actor,
                draft=draft,
                reports=reports,
                old_hash=old_hash,
                event="post.media.add",
                data={"media": media.pk, "sha256": media.sha256},
            )
            return media

        result: PostMedia = _guarded_edit(current.pk, prepare, write)
    except BaseException:
        stored.delete()  # the upload failed after its file was stored: no orphan
        raise
    return result


def _content_changed(
    post: Post,
    *,
    actor: Any,
    draft: Draft,
    reports: dict[str, Any],
    old_hash: str,
    event: str,
    data: dict[str, Any],
) -> None:
    version = _store_version(post, draft=draft, reports=reports, actor=actor)
    audit_log(
        event=event,
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={
            **data,
            "version": version.number,
            "old_hash": old_hash,
            "new_hash": post.content_hash,
        },
    )
    _reset_approvals(post, actor=actor, reason="media changed")


def post_media_remove(*, actor: Any, post: Post, media_id: int | None) -> None:
    """Detach a photo or video; the post is re-checked without it before the brief write, and
    the file is deleted once the removal is committed."""

    def prepare(current: Post) -> tuple[Draft, dict[str, Any]]:
        _access(actor, current.workspace, Cap.EDIT_POST)
        _require_editable(current)
        if media_id is None:
            raise ValidationFailed("which media?", field="media")
        if not current.media.filter(pk=media_id).exists():
            raise NotFound("no such media on this post")
        base = draft_of(current)
        draft = draft_with_links(
            base,
            workspace=current.workspace,
            media=[m for m in base.media if m.id != str(media_id)],
        )
        deadline = check_deadline()
        return draft, draft_check(workspace=current.workspace, draft=draft, deadline=deadline)

    def write(locked: Post, prepared: tuple[Draft, dict[str, Any]]) -> None:
        draft, reports = prepared
        media = locked.media.get(pk=media_id)
        sha, file_name = media.sha256, media.file.name
        old_hash = locked.content_hash
        media.delete()
        storage = PostMedia._meta.get_field("file").storage
        transaction.on_commit(partial(storage.delete, file_name))
        _content_changed(
            locked,
            actor=actor,
            draft=draft,
            reports=reports,
            old_hash=old_hash,
            event="post.media.remove",
            data={"sha256": sha},
        )

    _guarded_edit(post.pk, prepare, write)


def post_review_reroute_in_review(*, workspaces: Iterable[Workspace]) -> int:
    """Recompute the route of every post in review (crisis started or lifted). Returns how
    many posts were re-routed. Runs inside the caller's transaction."""
    count = 0
    for post in Post.objects.select_for_update().filter(
        workspace__in=list(workspaces), status=PostStatus.IN_REVIEW
    ):
        _route(post)
        _maybe_approved(post, None)
        count += 1
    return count
