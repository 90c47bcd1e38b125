"""Reads of posts, scoped to the acting user's workspaces."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from carepost.studio.errors import NotFound
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import Access, workspace_access

from .models import Post, PostStatus
from .panel import PanelText, panels_build

__all__ = [
    "post_check_panels",
    "post_get",
    "post_link_choices",
    "post_list",
    "post_status_counts",
    "posts_using_claim",
    "posts_using_consent",
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


def posts_using_consent(*, consent: Any) -> QuerySet[Post]:
    """The posts of the consent's workspace that link it, directly or through their media."""
    return (
        Post.objects.filter(workspace_id=consent.workspace_id)
        .filter(Q(pk__in=consent.posts.values("pk")) | Q(pk__in=consent.media.values("post_id")))
        .select_related("workspace")
        .order_by("pk")
    )


def posts_using_claim(*, claim: Any) -> QuerySet[Post]:
    """The posts that link an approved claim."""
    return claim.posts.select_related("workspace").order_by("pk")


def post_link_choices(*, access: Access) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The consent records and approved claims a member may link to a post: active consents
    (named only for members who may see consent records) and the workspace's claims."""
    from carepost.studio.claims.selectors import claim_list_for_workspace
    from carepost.studio.consent.models import Consent

    consents = Consent.objects.filter(workspace=access.workspace, status="active").order_by("-id")
    show_person = access.can(Cap.VIEW_CONSENT)
    consent_choices = [
        (c.pk, f"{c.reference} · {c.person_name}" if show_person else c.reference) for c in consents
    ]
    claim_choices = [
        (c.pk, f"K-{c.pk} · {c.text[:80]}")
        for c in claim_list_for_workspace(workspace=access.workspace)
    ]
    return consent_choices, claim_choices


def post_check_panels(*, post: Post) -> list[dict[str, Any]]:
    """The check panels of the post's saved version (master text, then each variant)."""
    version = post.versions.order_by("-number").first()
    reports = version.reports if version else {}
    empty: dict[str, Any] = {"findings": []}
    texts = [PanelText("text", "Master text", post.text, reports.get("master") or empty)]
    for v in post.variants.all():
        texts.append(
            PanelText(
                v.platform,
                v.get_platform_display(),
                v.text or post.text,
                reports.get(v.platform) or empty,
            )
        )
    return panels_build(texts)
