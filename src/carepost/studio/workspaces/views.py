from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from carepost.studio.audit.events import EVENTS
from carepost.studio.audit.selectors import (
    audit_actor_choices,
    audit_events,
    audit_filter_from,
    audit_namespaces,
    audit_rows,
)
from carepost.studio.audit.services import audit_export
from carepost.studio.audit.targets import describe_targets
from carepost.studio.errors import NotFound

from . import services
from .models import Role
from .permissions import Cap
from .selectors import (
    INVITATION_SESSION_KEY,
    crisis_for_workspace,
    invitation_valid,
    outbox_list,
    workspace_access,
    workspace_members,
)

__all__ = [
    "AUDIT_PAGE_SIZE",
    "audit_export_view",
    "audit_view",
    "crisis_view",
    "invitation_accept_view",
    "member_invite",
    "member_remove",
    "members_view",
    "outbox_view",
    "settings_view",
]


@login_required
@require_GET
def members_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW)
    return render(
        request,
        "workspaces/members.html",
        {
            "access": access,
            "ws": access.workspace,
            "members": workspace_members(workspace=access.workspace),
            "roles": Role.choices,
            "can_manage": access.can(Cap.MANAGE_MEMBERS),
            "invitations": access.workspace.invitations.filter(accepted_at__isnull=True)
            if access.can(Cap.MANAGE_MEMBERS)
            else [],
        },
    )


@login_required
@require_POST
def member_invite(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    services.invitation_create(
        actor=request.user,
        workspace=access.workspace,
        email=request.POST.get("email", "").strip(),
        role=request.POST.get("role", ""),
    )
    return redirect("members", ws=ws)


@login_required
@require_POST
def member_remove(request: HttpRequest, ws: int, user_id: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    user = (
        get_user_model().objects.filter(pk=user_id, memberships__workspace=access.workspace).first()
    )
    if user is None:
        raise NotFound("no such member")
    services.membership_remove(
        actor=request.user,
        workspace=access.workspace,
        user=user,
        role=request.POST.get("role") or None,
    )
    return redirect("members", ws=ws)


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """Signed in: accept. Not signed in: remember the invitation in the session (it opens
    sign-up for the invited address only) and offer to sign in or create the account."""
    if not request.user.is_authenticated:
        invitation = invitation_valid(token=token)
        if invitation is None:
            raise NotFound("this invitation link is not valid or has expired")
        request.session[INVITATION_SESSION_KEY] = token
        get_adapter(request).stash_verified_email(request, invitation.email)
        return render(
            request,
            "workspaces/invitation.html",
            {"token": token, "invited_email": invitation.email, "anonymous": True},
        )
    if request.method == "POST":
        membership = services.invitation_accept(token=token, user=request.user)
        request.session.pop(INVITATION_SESSION_KEY, None)
        return redirect("post_list", ws=membership.workspace_id)
    return render(request, "workspaces/invitation.html", {"token": token})


@login_required
@require_POST
def crisis_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    scope = request.POST.get("scope", "workspace")
    target = (
        {"organization": access.workspace.organization}
        if scope == "organization"
        else {"workspace": access.workspace}
    )
    if request.POST.get("action") == "lift":
        services.crisis_lift(actor=request.user, note=request.POST.get("note", ""), **target)
    else:
        services.crisis_start(actor=request.user, reason=request.POST.get("reason", ""), **target)
    return redirect("settings", ws=ws)


@login_required
@require_GET
def settings_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW)
    return render(
        request,
        "workspaces/settings.html",
        {
            "access": access,
            "ws": access.workspace,
            "crisis": crisis_for_workspace(workspace=access.workspace),
            "can_crisis": access.can(Cap.CRISIS),
            "ics_url": request.build_absolute_uri(
                f"/w/{ws}/calendar.ics?token={access.workspace.ics_token}"
            )
            if access.can(Cap.SCHEDULE)
            else None,
        },
    )


AUDIT_PAGE_SIZE = 100


@login_required
@require_GET
def audit_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW_AUDIT)
    flt = audit_filter_from(request.GET)
    page = Paginator(audit_events(workspace=access.workspace, flt=flt), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workspaces/audit.html",
        {
            "access": access,
            "ws": access.workspace,
            "rows": audit_rows(page.object_list),
            "page": page,
            "flt": flt,
            "query": urlencode(flt.query()),
            "query_no_object": urlencode({k: v for k, v in flt.query().items() if k != "object"}),
            "object_name": describe_targets([(flt.target_type, flt.target_id)]).get(
                (flt.target_type, flt.target_id), ""
            ),
            "actors": audit_actor_choices(workspace=access.workspace),
            "events": sorted(EVENTS.items(), key=lambda kv: kv[1].lower()),
            "namespaces": audit_namespaces(),
        },
    )


@login_required
@require_GET
def audit_export_view(request: HttpRequest, ws: int) -> StreamingHttpResponse:
    """The filtered trail as CSV, streamed."""
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW_AUDIT)
    flt = audit_filter_from(request.GET)
    lines = audit_export(actor=request.user, workspace=access.workspace, flt=flt)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="carepost-audit-{ws}.csv"'
    return response


@login_required
@require_GET
def outbox_view(request: HttpRequest, ws: int) -> HttpResponse:
    """What the studio emailed for this workspace (owners)."""
    access = workspace_access(user=request.user, workspace=ws)
    page = Paginator(outbox_list(access=access), 50).get_page(request.GET.get("page"))
    return render(
        request, "workspaces/outbox.html", {"access": access, "ws": access.workspace, "page": page}
    )
