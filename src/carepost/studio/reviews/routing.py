"""The review route: which steps a post needs (from its findings), who may act on each, and
whether each is satisfied for the current content hash. Reads and the route's own rows only;
the audited actions are in ``.services``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from carepost.studio.posts.models import Post
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import (
    crisis_for_workspace,
    workspace_member_ids_with,
)

from .models import Approval, ReviewMode, ReviewStep, WorkspaceReviewStep

__all__ = [
    "StepSpec",
    "findings_codes",
    "post_author_ids",
    "post_blocking_findings",
    "post_current_findings",
    "post_flagged",
    "post_review_route",
    "route_recompute",
    "segregated_ids",
    "step_eligible_user_ids",
    "step_is_required",
    "step_is_satisfied",
]


def _all_findings(reports: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for r in reports.values() if r for f in r.get("findings", ())]


@dataclass(frozen=True)
class StepSpec:
    kind: str
    name: str
    cap: str  # who may act on it: the members holding this capability
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
    then the workspace's own steps. Notes (``PHI004``: considered and judged not a patient's)
    say what the checker looked at; they never add a step."""
    by_category: dict[str, list[str]] = {}
    for f in findings:
        if f.get("level") == "note":
            continue
        by_category.setdefault(f["category"], []).append(f["code"])
    steps: list[StepSpec] = []
    claim_codes = sorted(set(by_category.get("claims", [])))
    if claim_codes:
        steps.append(
            StepSpec(
                "clinical",
                "Clinical review",
                Cap.REVIEW_CLINICAL,
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
                Cap.REVIEW_PRIVACY,
                "any",
                "; ".join(reasons),
            )
        )
    steps.append(
        StepSpec(
            "marketing",
            "Marketing approval",
            Cap.REVIEW_MARKETING,
            "any",
            "every post",
        )
    )
    for extra in extra_steps:
        steps.append(StepSpec("custom", extra.name, extra.cap, extra.mode, "workspace step"))
    return steps


def post_current_findings(post: Post) -> list[dict[str, Any]]:
    """Every finding of the latest version's reports (master and each variant)."""
    version = post.versions.order_by("-number").first()
    return _all_findings(version.reports) if version else []


def route_recompute(post: Post) -> list[ReviewStep]:
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
        step.cap, step.mode, step.reason, step.position = spec.cap, spec.mode, spec.reason, i
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


def segregated_ids(post: Post) -> set[int]:
    """The members segregation of duties keeps from approving or waiving on this post."""
    return post_author_ids(post) if post.workspace.segregation_of_duties else set()


def step_eligible_user_ids(step: ReviewStep) -> set[int]:
    """Who may act on the step: the members holding its capability, but not the post's authors
    while the workspace keeps segregation of duties."""
    holders = workspace_member_ids_with(workspace=step.post.workspace_id, cap=Cap(step.cap))
    return holders - segregated_ids(step.post)


def step_is_satisfied(step: ReviewStep, content_hash: str) -> bool:
    """ "any": one current approval; "all": a current approval from every member who may act
    on it (and at least one such member)."""
    approvals = [
        a
        for a in step.approvals.all()
        if a.decision == Approval.Decision.APPROVE
        and a.reset_at is None
        and a.content_hash == content_hash
    ]
    if step.mode == ReviewMode.ANY:
        return bool(approvals)
    needed = step_eligible_user_ids(step)
    done = {a.user_id for a in approvals if a.user_id is not None}
    return bool(needed) and needed <= done


def post_flagged(post: Post) -> list[tuple[dict[str, Any], str]]:
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
        for f, flagged in post_flagged(post)
        if f["level"] == "error" and flagged not in waived.get(f["code"], set())
    ]


def findings_codes(findings: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """The distinct (code, name) pairs of some findings, in code order (a finding repeated in
    every variant, or for two people, counts once)."""
    return sorted({(f["code"], f.get("name", "")) for f in findings})
