from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from carepost.studio.errors import NotFound, ValidationFailed
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from . import services
from .selectors import claim_list_for_workspace

__all__ = [
    "claim_list_view",
    "claim_new",
    "claim_retire_view",
]


@login_required
@require_GET
def claim_list_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW)
    return render(
        request,
        "claims/list.html",
        {
            "access": access,
            "ws": access.workspace,
            "claims": claim_list_for_workspace(workspace=access.workspace, include_inactive=True),
            "can_edit": access.can(Cap.EDIT_CLAIMS),
        },
    )


@login_required
@require_POST
def claim_new(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    expires = request.POST.get("expires_on") or None
    try:
        expires_on = date.fromisoformat(expires) if expires else None
    except ValueError as exc:
        raise ValidationFailed("expiry must be YYYY-MM-DD", field="expires_on") from exc
    services.claim_create(
        actor=request.user,
        workspace=access.workspace,
        text=request.POST.get("text", ""),
        references=request.POST.get("references", "").splitlines(),
        expires_on=expires_on,
        shared=bool(request.POST.get("shared")),
    )
    return redirect("claim_list", ws=ws)


@login_required
@require_POST
def claim_retire_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    claim = claim_list_for_workspace(workspace=access.workspace).filter(pk=pk).first()
    if claim is None:
        raise NotFound("no such active claim")
    services.claim_retire(
        actor=request.user,
        claim=claim,
        workspace=access.workspace,
        reason=request.POST.get("reason", ""),
    )
    return redirect("claim_list", ws=ws)
