"""OAuth 2.0 authorization-code flows (with PKCE where the platform supports it) for connecting
accounts, and token refresh. Pure Python over httpx; client ids/secrets are passed in.

Never log a token: :class:`TokenSet` hides its values in ``repr``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from .errors import PermissionMissing, Rejected, Temporary, TokenDead
from .versions import GRAPH_API_VERSION

__all__ = [
    "PROVIDERS",
    "OAuthProvider",
    "TokenSet",
    "authorization_url",
    "exchange_code",
    "pkce_pair",
    "refresh_token",
]


@dataclass(frozen=True)
class OAuthProvider:
    platform: str
    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    pkce: bool = False
    scope_separator: str = " "
    client_id_param: str = "client_id"
    basic_auth: bool = False  # client credentials in an Authorization: Basic header
    extra: dict[str, str] = field(default_factory=dict)


_FB = f"https://www.facebook.com/{GRAPH_API_VERSION}/dialog/oauth"
_FB_TOKEN = f"https://graph.facebook.com/{GRAPH_API_VERSION}/oauth/access_token"

PROVIDERS: dict[str, OAuthProvider] = {
    p.platform: p
    for p in [
        OAuthProvider(
            "facebook",
            _FB,
            _FB_TOKEN,
            (
                "pages_show_list",
                "pages_manage_posts",
                "pages_read_engagement",
                "pages_manage_engagement",
                "publish_video",
            ),
            scope_separator=",",
        ),
        OAuthProvider(
            "instagram",
            _FB,
            _FB_TOKEN,
            (
                "instagram_basic",
                "instagram_content_publish",
                "instagram_manage_comments",
                "pages_read_engagement",
                "pages_show_list",
            ),
            scope_separator=",",
        ),
        OAuthProvider(
            "threads",
            "https://threads.net/oauth/authorize",
            "https://graph.threads.net/oauth/access_token",
            ("threads_basic", "threads_content_publish", "threads_manage_replies"),
            scope_separator=",",
        ),
        OAuthProvider(
            "linkedin",
            "https://www.linkedin.com/oauth/v2/authorization",
            "https://www.linkedin.com/oauth/v2/accessToken",
            (
                "openid",
                "profile",
                "w_member_social",
                "w_organization_social",
                "r_organization_social",
            ),
        ),
        OAuthProvider(
            "x",
            "https://x.com/i/oauth2/authorize",
            "https://api.x.com/2/oauth2/token",
            ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"),
            pkce=True,
            basic_auth=True,
        ),
        OAuthProvider(
            "tiktok",
            "https://www.tiktok.com/v2/auth/authorize/",
            "https://open.tiktokapis.com/v2/oauth/token/",
            ("user.info.basic", "video.publish", "video.upload", "video.list"),
            scope_separator=",",
            client_id_param="client_key",
        ),
        OAuthProvider(
            "youtube",
            "https://accounts.google.com/o/oauth2/v2/auth",
            "https://oauth2.googleapis.com/token",
            (
                "https://www.googleapis.com/auth/youtube.upload",
                "https://www.googleapis.com/auth/youtube.force-ssl",
            ),
            pkce=True,
            extra={"access_type": "offline", "prompt": "consent"},
        ),
    ]
}


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str = ""
    expires_in: int | None = None
    scope: str = ""
    account_hint: str = ""  # user id the token endpoint returns (TikTok open_id, Threads user_id)

    def __repr__(self) -> str:
        return f"TokenSet(access_token='***', refresh_token={'***' if self.refresh_token else ''!r}, expires_in={self.expires_in})"


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) per RFC 7636."""
    verifier = secrets.token_urlsafe(64)[:96]
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    return verifier, challenge


def authorization_url(
    provider: OAuthProvider,
    *,
    client_id: str,
    redirect_uri: str,
    state: str,
    code_verifier: str = "",
) -> str:
    params = {
        provider.client_id_param: client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": provider.scope_separator.join(provider.scopes),
        "state": state,
        **provider.extra,
    }
    if provider.pkce:
        if not code_verifier:
            raise ValueError(f"{provider.platform} needs PKCE: pass a code_verifier")
        params["code_challenge"] = (
            base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        params["code_challenge_method"] = "S256"
    return f"{provider.authorize_url}?{urlencode(params)}"


def _post(
    provider: OAuthProvider,
    http: httpx.Client,
    data: dict[str, str],
    client_id: str,
    client_secret: str,
) -> TokenSet:
    headers = {"Accept": "application/json"}
    auth: Any = None
    if provider.basic_auth:
        auth = httpx.BasicAuth(client_id, client_secret)
    else:
        data = {provider.client_id_param: client_id, "client_secret": client_secret, **data}
    try:
        response = http.post(provider.token_url, data=data, headers=headers, auth=auth)
    except httpx.TransportError as exc:
        raise Temporary(
            f"token endpoint unreachable ({type(exc).__name__})", platform=provider.platform
        ) from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if isinstance(body.get("data"), dict) and "access_token" in body["data"]:
        body = body["data"]  # some APIs wrap the token set
    error = body.get("error")
    if response.status_code >= 400 or error or "access_token" not in body:
        code = error.get("code") if isinstance(error, dict) else error
        message = str(
            (error.get("message") if isinstance(error, dict) else None)
            or body.get("error_description")
            or code
            or f"HTTP {response.status_code}"
        )[:300]
        kw: dict[str, Any] = {
            "platform": provider.platform,
            "status": response.status_code,
            "code": code,
        }
        if code in ("invalid_grant", "invalid_token") or (
            isinstance(error, dict) and error.get("code") == 190
        ):
            raise TokenDead(f"the platform refused the grant: {message}", **kw)
        if code in ("access_denied", "insufficient_scope"):
            raise PermissionMissing(f"permission refused: {message}", **kw)
        if response.status_code >= 500:
            raise Temporary(f"token endpoint error: {message}", **kw)
        raise Rejected(f"the token request was refused: {message}", **kw)
    expires = body.get("expires_in")
    return TokenSet(
        access_token=str(body["access_token"]),
        refresh_token=str(body.get("refresh_token") or ""),
        expires_in=int(expires) if expires not in (None, "") else None,
        scope=str(body.get("scope") or ""),
        account_hint=str(body.get("open_id") or body.get("user_id") or ""),
    )


def exchange_code(
    provider: OAuthProvider,
    *,
    http: httpx.Client,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    code_verifier: str = "",
) -> TokenSet:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if provider.pkce:
        data["code_verifier"] = code_verifier
    return _post(provider, http, data, client_id, client_secret)


def refresh_token(
    provider: OAuthProvider, *, http: httpx.Client, client_id: str, client_secret: str, token: str
) -> TokenSet:
    """Exchange a refresh token. TikTok rotates them: the returned ``refresh_token`` replaces
    the old one, which stops working at once — callers must serialize per account."""
    if provider.platform == "threads":
        # Threads refreshes the long-lived access token itself.
        return _get_refresh(
            http,
            "https://graph.threads.net/refresh_access_token",
            {"grant_type": "th_refresh_token", "access_token": token},
            provider,
        )
    return _post(
        provider,
        http,
        {"grant_type": "refresh_token", "refresh_token": token},
        client_id,
        client_secret,
    )


def _get_refresh(
    http: httpx.Client, url: str, params: dict[str, str], provider: OAuthProvider
) -> TokenSet:
    try:
        response = http.get(url, params=params)
    except httpx.TransportError as exc:
        raise Temporary(
            f"token endpoint unreachable ({type(exc).__name__})", platform=provider.platform
        ) from None
    body = response.json() if response.content else {}
    if response.status_code >= 400 or "access_token" not in body:
        err = body.get("error") or {}
        if isinstance(err, dict) and err.get("code") == 190:
            raise TokenDead(
                str(err.get("message") or "token expired"), platform=provider.platform, code=190
            )
        raise Rejected(
            str(err.get("message") if isinstance(err, dict) else err or "refresh refused"),
            platform=provider.platform,
        )
    return TokenSet(access_token=str(body["access_token"]), expires_in=body.get("expires_in"))


@dataclass(frozen=True)
class Identity:
    external_id: str
    display_name: str
    access_token: str  # may differ from the user token (a Facebook Page token)


def identify(platform: str, tokens: TokenSet, *, http: httpx.Client) -> Identity:
    """Who the token publishes as. Facebook/Instagram: the first Page the user manages (and
    its Page token / linked Instagram professional account)."""
    auth = {"Authorization": f"Bearer {tokens.access_token}"}

    def get(url: str, **params: Any) -> Any:
        response = http.get(url, params=params, headers=auth)
        if response.status_code == 401:
            raise TokenDead("the new token was refused", platform=platform, status=401)
        if response.status_code >= 400:
            raise Rejected(
                f"could not read the account (HTTP {response.status_code})",
                platform=platform,
                status=response.status_code,
            )
        return response.json()

    if platform == "x":
        data = get("https://api.x.com/2/users/me")["data"]
        return Identity(str(data["id"]), f"@{data.get('username', '')}", tokens.access_token)
    if platform == "linkedin":
        info = get("https://api.linkedin.com/v2/userinfo")
        return Identity(
            f"urn:li:person:{info['sub']}", str(info.get("name", "")), tokens.access_token
        )
    if platform == "youtube":
        items = (
            get("https://www.googleapis.com/youtube/v3/channels", part="snippet", mine="true").get(
                "items"
            )
            or []
        )
        if not items:
            raise Rejected("this Google account has no YouTube channel", platform=platform)
        return Identity(
            str(items[0]["id"]), str(items[0]["snippet"].get("title", "")), tokens.access_token
        )
    if platform in ("tiktok", "threads"):
        if not tokens.account_hint:
            raise Rejected("the token answer carried no account id", platform=platform)
        return Identity(tokens.account_hint, "", tokens.access_token)
    base = f"https://graph.facebook.com/{GRAPH_API_VERSION}"
    pages = (
        get(
            f"{base}/me/accounts",
            fields="id,name,access_token,instagram_business_account{id,username}",
        ).get("data")
        or []
    )
    for page in pages:
        if platform == "facebook":
            return Identity(str(page["id"]), str(page.get("name", "")), str(page["access_token"]))
        ig = page.get("instagram_business_account")
        if ig:
            return Identity(str(ig["id"]), f"@{ig.get('username', '')}", tokens.access_token)
    raise PermissionMissing(
        "no Page (with a linked Instagram professional account) is available to this login",
        platform=platform,
        action="Grant access to the Page during the Facebook login, or link the Instagram account to a Page.",
    )
