"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from carepost.checks.variants import adapt
from carepost.studio.claims.selectors import claim_list_for_workspace
from carepost.studio.consent.models import Consent
from carepost.studio.errors import (
    InvalidTransition,
    NotFound,
    Unprocessable,
    ValidationFailed,
)
from carepost.studio.workspaces.models import PILLARS
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import Access, workspace_access

from . import services
from .checking import check_session
from .evidence import post_evidence
from .forms import PostForm
from .models import PLATFORMS, ClientApprovalLink, Post, PostStatus
from .panel import apply_fix, highlight
from .selectors import (
    post_can_waive,
    post_get,
    post_list,
    post_review_state,
    post_status_counts,
)


def _choices(access: Access) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
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


@login_required
@require_GET
def post_list_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    status = request.GET.get("status") or None
    if status and status not in PostStatus.values:
        raise ValidationFailed("unknown status filter", field="status")
    counts = post_status_counts(access=access)
    page = Paginator(
        post_list(access=access, status=status, query=request.GET.get("q", "")), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "posts/list.html",
        {
            "access": access,
            "ws": access.workspace,
            "page": page,
            "status": status,
            "statuses": [(v, label, counts[v]) for v, label in PostStatus.choices],
        },
    )


def _initial(post: Post) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": post.title,
        "text": post.text,
        "pillar": post.pillar,
        "campaign": post.campaign,
        "evergreen": post.evergreen,
        "sources": "\n".join(s.citation for s in post.sources.all()),
        "consents": [c.pk for c in post.consents.all()],
        "claims": [c.pk for c in post.claims.all()],
    }
    for v in post.variants.all():
        initial[f"on_{v.platform}"] = True
        initial[f"variant_{v.platform}"] = v.text
    return initial


@login_required
def post_compose(request: HttpRequest, ws: int, pk: int | None = None) -> HttpResponse:
    if pk is None:
        access = workspace_access(user=request.user, workspace=ws)
        access.require(Cap.EDIT_POST)
        post = None
    else:
        access, post = post_get(user=request.user, workspace_id=ws, post_id=pk, cap=Cap.EDIT_POST)
    consent_choices, claim_choices = _choices(access)
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST, consent_choices=consent_choices, claim_choices=claim_choices)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "title": data["title"],
                "text": data["text"],
                "pillar": data["pillar"],
                "campaign": data["campaign"],
                "evergreen": data["evergreen"],
                "variants": form.variants(),
                "sources": form.source_list(),
                "consent_ids": data["consents"],
                "claim_ids": data["claims"],
            }
            try:
                if post is None:
                    post = services.post_create(
                        actor=request.user, workspace=access.workspace, **fields
                    )
                else:
                    post = services.post_update(actor=request.user, post=post, **fields)
                return redirect("post_detail", ws=ws, pk=post.pk)
            except (ValidationFailed, Unprocessable, InvalidTransition) as exc:
                # the author's text stays in the form, with the reason next to its field
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
    else:
        form = PostForm(
            initial=_initial(post) if post else {},
            consent_choices=consent_choices,
            claim_choices=claim_choices,
        )
    platform_fields = [
        (key, label, form[f"on_{key}"], form[f"variant_{key}"]) for key, label in PLATFORMS
    ]
    return render(
        request,
        "posts/compose.html",
        {
            "access": access,
            "ws": access.workspace,
            "post": post,
            "form": form,
            "platform_fields": platform_fields,
        },
        status=status,
    )


@login_required
@require_POST
def live_check(request: HttpRequest, ws: int) -> HttpResponse:
    """The HTMX live check panel: check the master text and each enabled variant."""
    access = workspace_access(user=request.user, workspace=ws)
    target = request.POST.get("field", "text")
    text = request.POST.get("text", "")
    apply_index = request.POST.get("apply")
    enabled = [key for key, _ in PLATFORMS if request.POST.get(f"on_{key}")]
    adapting = bool(request.POST.get("adapt") and enabled and text.strip())
    session = check_session(
        access=access,
        text=text,
        variants={key: request.POST.get(f"variant_{key}", "") for key in enabled},
        consent_ids=[int(x) for x in request.POST.getlist("consents") if x.isdigit()],
        claim_ids=[int(x) for x in request.POST.getlist("claims") if x.isdigit()],
        sources=request.POST.get("sources", "").splitlines(),
        adapt=adapting,
        apply_field=target if apply_index is not None and apply_index.isdigit() else None,
    )
    oob: dict[str, str] = {}
    if apply_index is not None and apply_index.isdigit():
        body = request.POST.get(target, "") if target != "text" else text
        platform = target.removeprefix("variant_") if target != "text" else None
        report = session.run(body, platform)
        findings = report["findings"]
        if int(apply_index) < len(findings):
            body = apply_fix(body, findings[int(apply_index)])
            oob[target] = body
            if target == "text":
                text = body
    notes: dict[str, list[str]] = {}
    if adapting:
        # the platform adapter (carepost.checks.variants) writes each enabled variant
        result = adapt(text, enabled, engine=session.engine(), consents=session.consents)
        for variant in result.variants:
            oob[f"variant_{variant.platform}"] = variant.text
            notes[f"variant_{variant.platform}"] = [*variant.notes, *variant.problems]
    panels = [{"field": "text", "label": "Master text", **_panel(text, session.run(text))}]
    for key, label in PLATFORMS:
        if key in enabled:
            field = f"variant_{key}"
            body = oob.get(field, request.POST.get(field, "")) or text
            panels.append(
                {
                    "field": field,
                    "label": label,
                    "notes": notes.get(field, []),
                    **_panel(body, session.run(body, key)),
                }
            )
    return render(
        request, "posts/_panel.html", {"panels": panels, "oob": oob, "ws": access.workspace}
    )


def _panel(text: str, report: dict[str, Any]) -> dict[str, Any]:
    findings = report["findings"]
    return {
        "report": report,
        "findings": list(enumerate(findings)),
        "highlighted": highlight(text, findings),
        "platform": report.get("platform"),
    }


@login_required
@require_GET
def post_detail(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, post = post_get(user=request.user, workspace_id=ws, post_id=pk)
    state = post_review_state(post=post, user=request.user)
    version = post.versions.order_by("-number").first()
    reports = version.reports if version else {}
    variants = list(post.variants.all())
    panels = [
        {
            "field": "text",
            "label": "Master text",
            **_panel(post.text, reports.get("master") or {"findings": []}),
        }
    ]
    for v in variants:
        body = v.text or post.text
        panels.append(
            {
                "field": v.platform,
                "label": v.get_platform_display(),
                **_panel(body, reports.get(v.platform) or {"findings": []}),
            }
        )
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
            "consent_choices": _choices(access)[0],
            "can_waive": post_can_waive(access=access, post=post),
            "client_link": request.session.pop(f"client_link_{post.pk}", None),
            "readonly": True,  # fixes are applied in the composer, not on the saved post
            "error_codes": sorted({f["code"] for f in state.findings if f["level"] == "error"}),
            "now_local": timezone.now().astimezone(ZoneInfo(access.workspace.timezone)),
        },
    )


def _parse_local(value: str, tz: str) -> datetime:
    try:
        naive = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed(
            "give the date and time as YYYY-MM-DDTHH:MM", field="scheduled_at"
        ) from exc
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(tz))


@login_required
@require_POST
def post_action(request: HttpRequest, ws: int, pk: int, action: str) -> HttpResponse:
    _, post = post_get(user=request.user, workspace_id=ws, post_id=pk)
    user, data = request.user, request.POST
    if action == "submit":
        services.post_submit(actor=user, post=post)
    elif action == "approve":
        step = data.get("step")
        services.post_review_approve(
            actor=user,
            post=post,
            step_id=int(step) if step and step.isdigit() else None,
            note=data.get("note", ""),
        )
    elif action == "request-changes":
        services.post_review_request_changes(actor=user, post=post, note=data.get("note", ""))
    elif action == "waive":
        services.post_waiver_record(
            actor=user, post=post, code=data.get("code", ""), reason=data.get("reason", "")
        )
    elif action == "comment":
        parent = data.get("parent")
        services.post_comment_add(
            actor=user,
            post=post,
            body=data.get("body", ""),
            parent_id=int(parent) if parent and parent.isdigit() else None,
        )
    elif action == "schedule":
        at = _parse_local(data.get("scheduled_at", ""), post.workspace.timezone)
        services.post_schedule(actor=user, post=post, at=at)
    elif action == "media-add":
        services.post_media_add(
            actor=user,
            post=post,
            upload=request.FILES.get("file"),
            alt_text=data.get("alt_text", ""),
            consent_ids=[int(x) for x in data.getlist("consents") if x.isdigit()],
        )
    elif action == "media-remove":
        media = data.get("media", "")
        services.post_media_remove(
            actor=user, post=post, media_id=int(media) if media.isdigit() else None
        )
    elif action == "unschedule":
        services.post_unschedule(actor=user, post=post)
    elif action == "archive":
        services.post_archive(actor=user, post=post)
    elif action == "client-link":
        _, token = services.post_client_link_create(
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
        request, "posts/evidence.html", {"ev": evidence, "ws": access.workspace, "post": post}
    )


def client_review(request: HttpRequest, token: str) -> HttpResponse:
    """The external client approver's page (magic link, no account)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    link = (
        ClientApprovalLink.objects.select_related("post__workspace")
        .filter(token_hash=digest)
        .first()
    )
    if link is None or link.expires_at < timezone.now() or link.used_at is not None:
        raise NotFound("this approval link is not valid or has expired")
    if request.method == "POST":
        services.post_client_approve(token=token, note=request.POST.get("note", ""))
        return render(request, "posts/client_done.html", {"post": link.post})
    post = link.post
    return render(
        request,
        "posts/client_review.html",
        {"post": post, "variants": list(post.variants.all()), "sources": list(post.sources.all())},
    )


__all__ = [
    "PILLARS",
    "client_review",
    "live_check",
    "post_action",
    "post_compose",
    "post_detail",
    "post_evidence_view",
    "post_list_view",
]
