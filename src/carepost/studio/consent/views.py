from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import NotFound
from carepost.studio.textsafety import CleanTextFormMixin
from carepost.studio.workspaces.models import PLATFORMS
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from . import services
from .models import Consent
from .selectors import consent_list

__all__ = [
    "ConsentForm",
    "consent_detail",
    "consent_document",
    "consent_list_view",
    "consent_new",
    "consent_revoke_view",
]


class ConsentForm(CleanTextFormMixin, forms.Form):
    person_name = forms.CharField(max_length=200)
    aliases = forms.CharField(
        required=False, help_text="Other names used in posts, comma-separated"
    )
    information = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    media_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    discloser = forms.CharField(max_length=200)
    recipient = forms.CharField(max_length=200)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    expires_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expiry_event = forms.CharField(max_length=300, required=False)
    right_to_revoke_acknowledged = forms.BooleanField(required=False)
    signed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.FileField(required=False)
    scope_platforms = forms.MultipleChoiceField(choices=PLATFORMS, required=False)
    scope_uses = forms.CharField(max_length=300, required=False)


@login_required
@require_GET
def consent_list_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    consents = consent_list(user=request.user, workspace=access.workspace)
    return render(
        request,
        "consent/list.html",
        {"access": access, "ws": access.workspace, "consents": consents.prefetch_related("posts")},
    )


@login_required
def consent_new(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.EDIT_CONSENT)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["aliases"] = [a.strip() for a in data["aliases"].split(",") if a.strip()]
        data["scope_platforms"] = list(data["scope_platforms"])
        services.consent_create(actor=request.user, workspace=access.workspace, **data)
        return redirect("consent_list", ws=ws)
    return render(
        request, "consent/new.html", {"access": access, "ws": access.workspace, "form": form}
    )


def _get(request: HttpRequest, ws: int, pk: int) -> tuple[object, Consent]:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW_CONSENT)
    consent = Consent.objects.filter(workspace=access.workspace, pk=pk).first()
    if consent is None:
        raise NotFound("no such consent record")
    return access, consent


@login_required
@require_GET
def consent_detail(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, consent = _get(request, ws, pk)
    audit_log(event="consent.view", actor=request.user, workspace=consent.workspace, target=consent)
    return render(
        request,
        "consent/detail.html",
        {
            "access": access,
            "ws": consent.workspace,
            "consent": consent,
            "posts": consent.posts.all(),
        },
    )


@login_required
@require_GET
def consent_document(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    _, consent = _get(request, ws, pk)
    if not consent.document:
        raise NotFound("no signed document on file")
    audit_log(
        event="consent.view",
        actor=request.user,
        workspace=consent.workspace,
        target=consent,
        data={"document": True},
    )
    suffix = consent.document.name.removesuffix(".enc").rsplit(".", 1)
    name = consent.reference + (f".{suffix[1]}" if len(suffix) == 2 else "")
    response = HttpResponse(
        services.consent_document_bytes(consent=consent), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def consent_revoke_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    _, consent = _get(request, ws, pk)
    services.consent_revoke(
        actor=request.user, consent=consent, reason=request.POST.get("reason", "")
    )
    return redirect("consent_detail", ws=ws, pk=pk)
