"""Thin views of the post page and its review: parse input, call one service or selector,
render. (The post page shows content and review together, so it lives in the app above both.)"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from carepost.studio.errors import NotFound
from carepost.studio.posts import services as post_services
from carepost.studio.posts.selectors import post_check_panels, post_get, post_link_choices
from carepost.studio.workspaces.permissions import REVIEW_STEP_CAPS, Cap
from carepost.studio.workspaces.selectors import workspace_access
from carepost.studio.workspaces.services import workspace_settings_update
from carepost.studio.workspaces.timezones import format_local, parse_local, wall_time_note

from . import clients
from . import services as review_services
from .evidence import post_evidence
from .notify import notifications_mark_read
from .selectors import client_link_valid, post_can_waive, post_review_state

__all__ = [
    "client_review",
    "notifications_read",
    "post_action",
    "post_detail",
    "post_evidence_view",
    "review_policy",
]


@login_required
@require_GET
def post_detail(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, post = post_get(user=request.user, workspace_id=ws, post_id=pk)
    state = post_review_state(post=post, user=request.user)
    panels = post_check_panels(post=post)
    notifications_mark_read(user=request.user, post=post)  # opening the post reads its notices
    comments = list(post.comments.all())
    for c in comments:
        c.reply_list = [r for r in comments if r.parent_id == c.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "posts/detail.html",
        {
            "access": access,
            "ws": access.workspace,
            "post": post,
            "state": state,
            "panels": panels,
            "waivers": list(post.waivers.all()),
            "comments": [c for c in comments if c.parent_id is None],
            "versions": list(post.versions.order_by("-number")[:20]),
            "publications": list(post.publications.all()),
            "consents": list(post.consents.all()),
            "media": list(post.media.prefetch_related("consents")),
            "consent_choices": post_link_choices(access=access)[0],
            "can_waive": post_can_waive(access=access, post=post),
            "client_link": request.session.pop(f"client_link_{post.pk}", None),
            "readonly": True,  # fixes are applied in the composer, not on the saved post
            "error_codes": state.error_codes,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def post_action(request: HttpRequest, ws: int, pk: int, action: str) -> HttpResponse:
    _, post = post_get(user=request.user, workspace_id=ws, post_id=pk)
    user, data = request.user, request.POST
    if action == "submit":
        review_services.post_submit(actor=user, post=post)
    elif action == "approve":
        step = data.get("step")
        review_services.post_review_approve(
            actor=user,
            post=post,
            step_id=int(step) if step and step.isdigit() else None,
            note=data.get("note", ""),
        )
    elif action == "request-changes":
        review_services.post_review_request_changes(
            actor=user, post=post, note=data.get("note", "")
        )
    elif action == "waive":
        review_services.post_waiver_record(
            actor=user, post=post, code=data.get("code", ""), reason=data.get("reason", "")
        )
    elif action == "comment":
        parent = data.get("parent")
        review_services.post_comment_add(
            actor=user,
            post=post,
            body=data.get("body", ""),
            parent_id=int(parent) if parent and parent.isdigit() else None,
        )
    elif action == "schedule":
        raw, tz = data.get("scheduled_at", ""), post.workspace.timezone
        at = parse_local(raw, tz)
        post_services.post_schedule(actor=user, post=post, at=at)
        wall = datetime.fromisoformat(raw.strip())
        note = wall_time_note(wall, tz) if wall.tzinfo is None else None
        messages.info(request, note or f"Scheduled for {format_local(at, post.workspace)}.")
    elif action == "media-add":
        post_services.post_media_add(
            actor=user,
            post=post,
            upload=request.FILES.get("file"),
            alt_text=data.get("alt_text", ""),
            consent_ids=[int(x) for x in data.getlist("consents") if x.isdigit()],
        )
    elif action == "media-remove":
        media = data.get("media", "")
        post_services.post_media_remove(
            actor=user, post=post, media_id=int(media) if media.isdigit() else None
        )
    elif action == "unschedule":
        post_services.post_unschedule(actor=user, post=post)
    elif action == "archive":
        post_services.post_archive(actor=user, post=post)
    elif action == "client-link":
        _, token = clients.post_client_link_create(
            actor=user, post=post, email=data.get("email", "")
        )
        # shown once, to the person who created it (the token is stored hashed)
        request.session[f"client_link_{post.pk}"] = request.build_absolute_uri(
            reverse("client_review", args=[token])
        )
    else:
        raise NotFound("no such action")
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("post_detail", args=[ws, pk])
        return response
    return redirect("post_detail", ws=ws, pk=pk)


@login_required
@require_GET
def post_evidence_view(request: HttpRequest, ws: int, pk: int, fmt: str) -> HttpResponse:
    access, post = post_get(user=request.user, workspace_id=ws, post_id=pk, cap=Cap.EXPORT_EVIDENCE)
    evidence = post_evidence(post=post, actor=request.user)
    if fmt == "json":
        response = JsonResponse(evidence, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="post-{post.pk}-evidence.json"'
        return response
    return render(
        request, "reviews/evidence.html", {"ev": evidence, "ws": access.workspace, "post": post}
    )


def client_review(request: HttpRequest, token: str) -> HttpResponse:
    """The external client approver's page (magic link, no account): approve, or ask for
    changes with a comment."""
    link = client_link_valid(token=token)
    post = link.post
    if request.method == "POST":
        if request.POST.get("decision") == "changes":
            clients.post_client_request_changes(
                token=token, comment=request.POST.get("comment", "")
            )
            return render(
                request, "reviews/client_done.html", {"post": post, "decision": "changes"}
            )
        clients.post_client_approve(token=token, note=request.POST.get("comment", ""))
        return render(request, "reviews/client_done.html", {"post": post, "decision": "approve"})
    return render(
        request,
        "reviews/client_review.html",
        {"post": post, "variants": list(post.variants.all()), "sources": list(post.sources.all())},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark every notice of the member read."""
    notifications_mark_read(user=request.user)
    return redirect("dashboard")


@login_required
def review_policy(request: HttpRequest, ws: int) -> HttpResponse:
    """The workspace's review policy: segregation of duties and its own review steps (owners
    change them; every member may read them)."""
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW)
    if request.method == "POST":
        data = request.POST
        if data.get("action") == "segregation":
            workspace_settings_update(
                actor=request.user,
                workspace=access.workspace,
                segregation_of_duties=data.get("segregation_of_duties") == "on",
            )
        elif data.get("action") == "step-add":
            review_services.workspace_review_step_add(
                actor=request.user,
                workspace=access.workspace,
                name=data.get("name", ""),
                cap=data.get("cap", ""),
                mode=data.get("mode", "any"),
            )
        else:
            raise NotFound("no such action")
        return redirect("review_policy", ws=ws)
    return render(
        request,
        "reviews/policy.html",
        {
            "access": access,
            "ws": access.workspace,
            "steps": list(access.workspace.review_steps.order_by("position", "id")),
            "step_caps": [(c.value, label) for c, label in REVIEW_STEP_CAPS.items()],
            "can_manage": access.can(Cap.MANAGE_MEMBERS),
        },
    )
