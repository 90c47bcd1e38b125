"""Reads scoped to the acting user's workspaces. Every studio query starts from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from carepost.studio.errors import NotFound, PermissionDenied

from .models import Invitation, Membership, Organization, OutboxMessage, Workspace
from .permissions import Cap, caps_for_roles, denied_message, roles_with

__all__ = [
    "INVITATION_SESSION_KEY",
    "Access",
    "CrisisState",
    "crisis_for_workspace",
    "invitation_valid",
    "outbox_list",
    "workspace_access",
    "workspace_list_for_user",
    "workspace_member_emails_with",
    "workspace_member_ids_with",
    "workspace_members",
    "workspace_publishing_paused",
]


#: Where the sign-up flow keeps the invitation token a browser opened.
INVITATION_SESSION_KEY = "carepost_invitation"


def workspace_list_for_user(*, user: Any) -> QuerySet[Workspace]:
    """The workspaces a user belongs to."""
    if user is None or not user.is_authenticated:
        return Workspace.objects.none()
    return (
        Workspace.objects.filter(memberships__user=user)
        .select_related("organization")
        .distinct()
        .order_by("organization__name", "name")
    )


@dataclass(frozen=True)
class Access:
    """What one user may do in one workspace."""

    workspace: Workspace
    user: Any
    roles: frozenset[str]
    caps: frozenset[Cap]

    def can(self, cap: Cap) -> bool:
        return cap in self.caps

    def require(self, cap: Cap) -> None:
        if cap not in self.caps:
            raise PermissionDenied(denied_message(cap))


def workspace_access(*, user: Any, workspace: Workspace | int) -> Access:
    """The user's access to a workspace; NotFound (never "forbidden") for non-members, so ids of
    other tenants' workspaces reveal nothing."""
    if user is None or not user.is_authenticated:
        raise NotFound("no such workspace")
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    roles = frozenset(
        Membership.objects.filter(user=user, workspace_id=workspace_id).values_list(
            "role", flat=True
        )
    )
    if not roles:
        raise NotFound("no such workspace")
    ws = (
        workspace
        if isinstance(workspace, Workspace)
        else Workspace.objects.select_related("organization").get(pk=workspace_id)
    )
    return Access(workspace=ws, user=user, roles=roles, caps=caps_for_roles(roles))


def workspace_member_ids_with(*, workspace: Workspace | int, cap: Cap) -> set[int]:
    """The ids of the members who hold ``cap`` in a workspace (through any of their roles)."""
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    return set(
        Membership.objects.filter(
            workspace_id=workspace_id, role__in=sorted(roles_with(cap))
        ).values_list("user_id", flat=True)
    )


def workspace_member_emails_with(*, workspace: Workspace | int, cap: Cap) -> list[str]:
    """The email addresses of the members who hold ``cap`` (sorted, no blanks)."""
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    emails = Membership.objects.filter(
        workspace_id=workspace_id, role__in=sorted(roles_with(cap))
    ).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})


def workspace_members(*, workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user").order_by("role")


@dataclass(frozen=True)
class CrisisState:
    scope: str  # "workspace" | "organization"
    reason: str
    started_at: Any


def crisis_for_workspace(*, workspace: Workspace) -> CrisisState | None:
    """The crisis in force for a workspace (its own, or its organization's), or None."""
    if workspace.crisis_active:
        return CrisisState("workspace", workspace.crisis_reason, workspace.crisis_started_at)
    org: Organization = workspace.organization
    if org.crisis_active:
        return CrisisState("organization", org.crisis_reason, org.crisis_started_at)
    return None


def workspace_publishing_paused(*, workspace: Workspace) -> bool:
    """True while the workspace or its organization is in crisis mode: do not publish."""
    return crisis_for_workspace(workspace=workspace) is not None


def invitation_valid(*, token: str) -> Invitation | None:
    """The invitation a link's token names, if it is unused and unexpired."""
    import hashlib

    from django.utils import timezone

    return (
        Invitation.objects.select_related("workspace")
        .filter(
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def outbox_list(*, access: Access) -> QuerySet[OutboxMessage]:
    """The emails the studio sent for a workspace, newest first (owners: ``MANAGE_MEMBERS``)."""
    access.require(Cap.MANAGE_MEMBERS)
    return OutboxMessage.objects.filter(workspace=access.workspace).order_by("-created_at", "-id")
