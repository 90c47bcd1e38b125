"""Helpers shared by the posts services (and the reviews services, which build on them)."""

from __future__ import annotations

from typing import Any

from carepost.studio.errors import InvalidTransition
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import Access, workspace_access

from ..models import Post, PostStatus

__all__ = ["EDITABLE", "actor_label", "actor_user", "require_cap", "require_editable"]

EDITABLE = frozenset(
    {
        PostStatus.DRAFT,
        PostStatus.IN_REVIEW,
        PostStatus.CHANGES_REQUESTED,
        PostStatus.APPROVED,
        PostStatus.SCHEDULED,
        PostStatus.FAILED,
    }
)


def require_cap(actor: Any, workspace: Workspace, cap: Cap) -> Access | None:
    """The actor's access, after checking it holds ``cap`` (PermissionDenied naming the
    capability, NotFound for non-members). ``None`` or a string actor is the system (tasks,
    the publishing worker, a client link), which the caller has authorised."""
    if actor is None or isinstance(actor, str):
        return None
    access = workspace_access(user=actor, workspace=workspace)
    access.require(cap)
    return access


def actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.email or actor.get_username()


def actor_user(actor: Any) -> Any:
    return actor if actor is not None and not isinstance(actor, str) else None


def require_editable(post: Post) -> None:
    if post.status not in EDITABLE:
        raise InvalidTransition(f"a {post.get_status_display().lower()} post cannot be edited")
