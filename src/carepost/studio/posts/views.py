"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from carepost.studio.errors import InvalidTransition, Unprocessable, ValidationFailed
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from . import services
from .forms import PostForm
from .live import LiveRequest, live_check_run
from .models import PLATFORMS, Post, PostStatus
from .selectors import post_get, post_link_choices, post_list, post_status_counts


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
    consent_choices, claim_choices = post_link_choices(access=access)
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


def _ids(values: list[str]) -> list[int]:
    return [int(x) for x in values if x.isdigit()]


@login_required
@require_POST
def live_check(request: HttpRequest, ws: int) -> HttpResponse:
    """The HTMX live check panel: parse the composer's form, run the live check, render."""
    access = workspace_access(user=request.user, workspace=ws)
    data = request.POST
    apply, seq = data.get("apply", ""), data.get("seq", "")
    enabled = [key for key, _ in PLATFORMS if data.get(f"on_{key}")]
    result = live_check_run(
        access=access,
        request=LiveRequest(
            text=data.get("text", ""),
            variants={key: data.get(f"variant_{key}", "") for key in enabled},
            consent_ids=_ids(data.getlist("consents")),
            claim_ids=_ids(data.getlist("claims")),
            sources=data.get("sources", "").splitlines(),
            adapt=bool(data.get("adapt")),
            apply_field=data.get("field", "text") if apply.isdigit() else None,
            apply_index=int(apply) if apply.isdigit() else None,
            seq=int(seq) if seq.isdigit() else None,
        ),
    )
    response = render(
        request,
        "posts/_panel.html",
        {
            "panels": result.panels,
            "oob": result.replaced,
            "message": result.message,
            "seq": result.seq,
            "ws": access.workspace,
        },
    )
    if result.seq is not None:
        response["X-Check-Seq"] = str(result.seq)
    return response


__all__ = [
    "live_check",
    "post_compose",
    "post_list_view",
]
