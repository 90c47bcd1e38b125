"""Connect a platform account: redirect to the platform (state + PKCE kept in the session),
then the callback exchanges the code, finds the publishing identity and stores the tokens
encrypted. Client ids/secrets: settings or env ``CAREPOST_OAUTH_<PLATFORM>_CLIENT_ID`` /
``_CLIENT_SECRET``."""

from __future__ import annotations

import secrets

import httpx
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from carepost.publishing import PlatformError
from carepost.publishing.oauth import (
    PROVIDERS,
    authorization_url,
    exchange_code,
    exchange_long_lived,
    identify,
    pkce_pair,
)
from carepost.studio.errors import NotFound, ValidationFailed
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from .accounts import account_connect
from .conf import oauth_credentials

SESSION_KEY = "carepost_oauth"


def client_credentials(platform: str) -> tuple[str, str]:
    cid, secret = oauth_credentials(platform)
    if not cid:
        name = f"CAREPOST_OAUTH_{platform.upper()}"
        raise ValidationFailed(
            f"{platform} is not configured: set {name}_CLIENT_ID and {name}_CLIENT_SECRET",
            field="platform",
        )
    return cid, secret


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("publishing_oauth_callback"))


@login_required
@require_POST
def connect_start(request: HttpRequest, ws: int, platform: str) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.MANAGE_MEMBERS)
    provider = PROVIDERS.get(platform)
    if provider is None:
        raise NotFound("no such platform")
    client_id, _ = client_credentials(platform)
    state = secrets.token_urlsafe(32)
    verifier, _challenge = pkce_pair() if provider.pkce else ("", "")
    request.session[SESSION_KEY] = {
        "state": state,
        "verifier": verifier,
        "ws": access.workspace.pk,
        "platform": platform,
    }
    return redirect(
        authorization_url(
            provider,
            client_id=client_id,
            redirect_uri=_redirect_uri(request),
            state=state,
            code_verifier=verifier,
        )
    )


@login_required
@require_GET
def connect_callback(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or not secrets.compare_digest(
        str(pending.get("state", "")), request.GET.get("state", "")
    ):
        raise ValidationFailed(
            "this sign-in link expired or was not started here; connect the account again",
            field="state",
        )
    access = workspace_access(user=request.user, workspace=pending["ws"])
    access.require(Cap.MANAGE_MEMBERS)
    platform = pending["platform"]
    if request.GET.get("error"):
        messages.error(
            request,
            f"{platform}: the connection was cancelled or refused ({request.GET['error'][:80]}).",
        )
        return redirect("publishing_queue", ws=access.workspace.pk)
    client_id, secret = client_credentials(platform)
    provider = PROVIDERS[platform]
    with httpx.Client(timeout=20) as http:
        try:
            tokens = exchange_code(
                provider,
                http=http,
                client_id=client_id,
                client_secret=secret,
                code=request.GET.get("code", ""),
                redirect_uri=_redirect_uri(request),
                code_verifier=pending.get("verifier", ""),
            )
            tokens = exchange_long_lived(
                platform, tokens, http=http, client_id=client_id, client_secret=secret
            )
            who = identify(platform, tokens, http=http)
        except PlatformError as exc:
            messages.error(request, f"{platform}: {exc.message} {exc.action}")
            return redirect("publishing_queue", ws=access.workspace.pk)
    account_connect(
        actor=request.user,
        workspace=access.workspace,
        platform=platform,
        external_id=who.external_id,
        display_name=who.display_name,
        access_token=who.access_token,
        refresh_token=who.refresh_token,
        expires_in=who.expires_in,
        scopes=tokens.scope,
    )
    messages.success(
        request, f"Connected {platform} account {who.display_name or who.external_id}."
    )
    return redirect("publishing_queue", ws=access.workspace.pk)
