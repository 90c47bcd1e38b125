"""Writes of the approved claims library (audited). Retiring or expiring a claim flags every
scheduled or evergreen post that uses it (scheduled/approved ones go back to review)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import InvalidTransition, ValidationFailed
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from .models import Claim, ClaimStatus
from .signals import claim_retired

__all__ = ["claim_create", "claim_expire_due", "claim_retire"]


@transaction.atomic
def claim_create(
    *,
    actor: Any,
    workspace: Workspace,
    text: str,
    references: list[str],
    expires_on: date | None = None,
    shared: bool = False,
) -> Claim:
    workspace_access(user=actor, workspace=workspace).require(Cap.EDIT_CLAIMS)
    references = [r.strip() for r in references if r.strip()]
    if not references:
        raise ValidationFailed("an approved claim needs at least one reference", field="references")
    claim = Claim(
        organization=workspace.organization,
        workspace=None if shared else workspace,
        text=text.strip(),
        references=references,
        expires_on=expires_on,
        created_by=actor,
    )
    claim.full_clean()
    claim.save()
    audit_log(
        event="claim.create",
        actor=actor,
        workspace=workspace,
        target=claim,
        data={"shared": shared, "references": references},
    )
    return claim


def _flag_posts(claim: Claim, *, actor: Any, reason: str) -> list[int]:
    """Announce that the claim ended (``claim_retired``); the apps above send the posts that
    use it back to review or flag them. Returns the ids of the posts affected."""
    flagged: list[int] = []
    for _receiver, ids in claim_retired.send(sender=Claim, claim=claim, actor=actor, reason=reason):
        flagged.extend(ids or ())
    return flagged


@transaction.atomic
def claim_retire(*, actor: Any, claim: Claim, workspace: Workspace, reason: str = "") -> list[int]:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    workspace_access(user=actor, workspace=workspace).require(Cap.EDIT_CLAIMS)
    if (
        claim.workspace_id not in (None, workspace.pk)
        or claim.organization_id != workspace.organization_id
    ):
        raise InvalidTransition("this claim does not belong to the workspace")
    if claim.status != ClaimStatus.ACTIVE:
        raise InvalidTransition("this claim is not active")
    claim.status = ClaimStatus.RETIRED
    claim.save(update_fields=["status"])
    flagged = _flag_posts(claim, actor=actor, reason="retired")
    audit_log(
        event="claim.retire",
        actor=actor,
        workspace=workspace,
        target=claim,
        data={"reason": reason, "flagged_posts": flagged},
    )
    return flagged


@transaction.atomic
def claim_expire_due(*, today: date | None = None) -> int:
    day = today or timezone.now().date()
    count = 0
    for claim in Claim.objects.select_for_update().filter(
        status=ClaimStatus.ACTIVE, expires_on__lt=day
    ):
        claim.status = ClaimStatus.EXPIRED
        claim.save(update_fields=["status"])
        flagged = _flag_posts(claim, actor=None, reason="expired")
        audit_log(event="claim.expire", actor=None, target=claim, data={"flagged_posts": flagged})
        count += 1
    return count
