"""Writes for tenancy, membership, invitations and crisis mode (all audited)."""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import (
    EmailUnavailable,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

from .models import Invitation, Membership, Organization, Role, Workspace
from .permissions import Cap
from .selectors import workspace_access
from .signals import crisis_changed

__all__ = [
    "crisis_lift",
    "crisis_start",
    "invitation_accept",
    "invitation_create",
    "membership_add",
    "membership_remove",
    "organization_create",
    "user_sessions_end",
    "workspace_create",
    "workspace_settings_update",
]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def organization_create(*, actor: Any, name: str, slug: str) -> Organization:
    org = Organization(name=name, slug=slug)
    org.full_clean()
    org.save()
    audit_log(event="organization.create", actor=actor, target=org, data={"slug": slug})
    return org


@transaction.atomic
def workspace_create(
    *, actor: Any, organization: Organization, name: str, slug: str, policy_toml: str = ""
) -> Workspace:
    ws = Workspace(organization=organization, name=name, slug=slug, policy_toml=policy_toml)
    ws.ics_token = secrets.token_urlsafe(24)
    ws.full_clean()
    ws.save()
    audit_log(event="workspace.create", actor=actor, workspace=ws, target=ws, data={"slug": slug})
    if actor is not None and not isinstance(actor, str):
        membership_add(actor=None, workspace=ws, user=actor, role=Role.OWNER)
    return ws


@transaction.atomic
def membership_add(*, actor: Any, workspace: Workspace, user: Any, role: str) -> Membership:
    if actor is not None:
        workspace_access(user=actor, workspace=workspace).require(Cap.MANAGE_MEMBERS)
    if role not in Role.values:
        raise ValidationFailed(f"unknown role {role!r}", field="role")
    membership, created = Membership.objects.get_or_create(
        user=user, workspace=workspace, role=role
    )
    if created:
        audit_log(
            event="membership.add",
            actor=actor,
            workspace=workspace,
            target=membership,
            data={"user_id": user.pk, "role": role},
        )
    return membership


def user_sessions_end(*, user: Any) -> int:
    """Delete every database session of the user (used when access is removed)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def membership_remove(
    *, actor: Any, workspace: Workspace, user: Any, role: str | None = None
) -> int:
    """Remove the user's role (or every role) in the workspace and end all of their sessions."""
    if actor is not None:
        workspace_access(user=actor, workspace=workspace).require(Cap.MANAGE_MEMBERS)
    qs = Membership.objects.filter(workspace=workspace, user=user)
    if role:
        qs = qs.filter(role=role)
    roles = list(qs.values_list("role", flat=True))
    if not roles:
        raise NotFound("no such membership")
    qs.delete()
    audit_log(
        event="membership.remove",
        actor=actor,
        workspace=workspace,
        target=workspace,
        data={"user_id": user.pk, "roles": roles},
    )
    transaction.on_commit(partial(user_sessions_end, user=user))
    return len(roles)


@transaction.atomic
def invitation_create(
    *, actor: Any, workspace: Workspace, email: str, role: str, days: int = 7
) -> tuple[Invitation, str]:
    """Create an invitation and email its link (after commit). Returns (invitation, token)."""
    workspace_access(user=actor, workspace=workspace).require(Cap.MANAGE_MEMBERS)
    if role not in Role.values:
        raise ValidationFailed(f"unknown role {role!r}", field="role")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    invitation.full_clean()
    invitation.save()
    audit_log(
        event="membership.invite",
        actor=actor,
        workspace=workspace,
        target=invitation,
        data={"role": role},
    )
    link = f"{settings.CAREPOST_BASE_URL.rstrip('/')}/invitations/{token}/"
    # Sent inside the transaction: when the mail server does not take it, the invitation and
    # its audit event roll back and the owner sees why (no invitation nobody received).
    try:
        send_mail(
            subject=f"You are invited to {workspace.name} on carepost",
            message=f"Join {workspace.name} as {Role(role).label}: {link}\nThis link expires in {days} days.",
            from_email=None,
            recipient_list=[email],
        )
    except (smtplib.SMTPException, OSError) as exc:
        raise EmailUnavailable(
            "The invitation email could not be sent (the mail server did not answer); no "
            "invitation was created. Try again later."
        ) from exc
    return invitation, token


@transaction.atomic
def invitation_accept(*, token: str, user: Any) -> Membership:
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None:
        raise NotFound("this invitation link is not valid")
    if invitation.accepted_at is not None or invitation.expires_at < timezone.now():
        raise InvalidTransition("this invitation has expired or was already used")
    if invitation.email.lower() != (user.email or "").lower():
        raise ValidationFailed("this invitation was sent to another email address", field="email")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    membership = membership_add(
        actor=None, workspace=invitation.workspace, user=user, role=invitation.role
    )
    audit_log(
        event="membership.invite.accept",
        actor=user,
        workspace=invitation.workspace,
        target=invitation,
    )
    return membership


def _crisis_target(workspace: Workspace | None, organization: Organization | None) -> Any:
    if (workspace is None) == (organization is None):
        raise ValidationFailed("give exactly one of workspace or organization")
    return workspace if workspace is not None else organization


@transaction.atomic
def crisis_start(
    *,
    actor: Any,
    reason: str,
    workspace: Workspace | None = None,
    organization: Organization | None = None,
) -> None:
    """Put a workspace or a whole organization in crisis mode: scheduled publishing pauses and
    every post needs the privacy/compliance officer's approval until it is lifted."""
    target = _crisis_target(workspace, organization)
    if not reason.strip():
        raise ValidationFailed("a reason is required", field="reason")
    _require_crisis_cap(actor, workspace, organization)
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if target.crisis_active:
        raise InvalidTransition("crisis mode is already on")
    target.crisis_active = True
    target.crisis_reason = reason.strip()
    target.crisis_started_at = timezone.now()
    target.crisis_started_by = actor if actor is not None and not isinstance(actor, str) else None
    target.save(
        update_fields=["crisis_active", "crisis_reason", "crisis_started_at", "crisis_started_by"]
    )
    rerouted = _reroute(workspace, organization, actor=actor, active=True)
    audit_log(
        event="crisis.start",
        actor=actor,
        workspace=workspace,
        target=target,
        data={
            "scope": target._meta.model_name,
            "reason": target.crisis_reason,
            "posts_rerouted": rerouted,
        },
    )


@transaction.atomic
def crisis_lift(
    *,
    actor: Any,
    workspace: Workspace | None = None,
    organization: Organization | None = None,
    note: str = "",
) -> None:
    target = _crisis_target(workspace, organization)
    _require_crisis_cap(actor, workspace, organization)
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if not target.crisis_active:
        raise InvalidTransition("crisis mode is not on")
    old_reason = target.crisis_reason
    target.crisis_active = False
    target.crisis_reason = ""
    target.crisis_started_at = None
    target.crisis_started_by = None
    target.save(
        update_fields=["crisis_active", "crisis_reason", "crisis_started_at", "crisis_started_by"]
    )
    audit_log(
        event="crisis.lift",
        actor=actor,
        workspace=workspace,
        target=target,
        data={
            "scope": target._meta.model_name,
            "was": old_reason,
            "note": note,
            "posts_rerouted": _reroute(workspace, organization, actor=actor, active=False),
        },
    )


def _reroute(
    workspace: Workspace | None, organization: Organization | None, *, actor: Any, active: bool
) -> int:
    """Announce the crisis change (``crisis_changed``): posts in review get (or lose) the
    privacy step crisis mode requires. Returns how many posts were re-routed."""
    scope = [workspace] if workspace is not None else list(organization.workspaces.all())  # type: ignore[union-attr]
    responses = crisis_changed.send(sender=Workspace, workspaces=scope, active=active, actor=actor)
    return sum(n for _receiver, n in responses if isinstance(n, int))


def _require_crisis_cap(
    actor: Any, workspace: Workspace | None, organization: Organization | None
) -> None:
    if actor is None:
        return
    if workspace is not None:
        workspace_access(user=actor, workspace=workspace).require(Cap.CRISIS)
        return
    assert organization is not None
    # Organization-wide: the actor needs the crisis capability in at least one of its workspaces.
    for ws in organization.workspaces.all():
        try:
            if workspace_access(user=actor, workspace=ws).can(Cap.CRISIS):
                return
        except NotFound:
            continue
    raise PermissionDenied("your role does not allow crisis mode for this organization")


@transaction.atomic
def workspace_settings_update(
    *,
    actor: Any,
    workspace: Workspace,
    review_target_hours: int | None = None,
    target_pillar_mix: dict[str, int] | None = None,
    policy_toml: str | None = None,
    timezone_name: str | None = None,
    segregation_of_duties: bool | None = None,
) -> Workspace:
    """Change a workspace's settings (owners only; audited with old and new values)."""
    if actor is not None:
        workspace_access(user=actor, workspace=workspace).require(Cap.MANAGE_MEMBERS)
    changes: dict[str, Any] = {}
    for field, value in (
        ("review_target_hours", review_target_hours),
        ("target_pillar_mix", target_pillar_mix),
        ("policy_toml", policy_toml),
        ("timezone", timezone_name),
        ("segregation_of_duties", segregation_of_duties),
    ):
        if value is not None and getattr(workspace, field) != value:
            changes[field] = {"old": getattr(workspace, field), "new": value}
            setattr(workspace, field, value)
    if policy_toml is not None:
        from carepost.checks import CheckError, Policy

        try:
            Policy.from_toml(policy_toml, path=f"workspace:{workspace.slug}")
        except CheckError as exc:
            raise ValidationFailed(str(exc), field="policy_toml") from exc
    if not changes:
        return workspace
    workspace.full_clean()
    workspace.save(update_fields=list(changes))
    audit_log(
        event="workspace.settings.update",
        actor=actor,
        workspace=workspace,
        target=workspace,
        data={k: v if k != "policy_toml" else {"changed": True} for k, v in changes.items()},
    )
    return workspace
