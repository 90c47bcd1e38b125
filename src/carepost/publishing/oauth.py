"""OAuth 2.0 authorization-code flows (with PKCE where the platform supports it) for connecting
accounts, the long-lived token exchanges (Meta ``fb_exchange_token``, Threads
``th_exchange_token``) and token renewal for every platform (:func:`renew`). Pure Python over
httpx; client ids/secrets are passed in.

Why not Authlib: its httpx ``OAuth2Client`` covers the standard ``refresh_token`` grant (X,
YouTube, LinkedIn; TikTok with a compliance hook for ``client_key``), but half of what carepost
needs is not that grant — Threads refreshes the access token itself with a GET
(``th_refresh_token``), Meta exchanges tokens with GETs, Bluesky refreshes a session over XRPC —
and the part that matters most, spending a rotating refresh token exactly once across worker
*processes*, needs the database lock in ``carepost.studio.publishing.accounts`` either way
(Authlib's ``ensure_active_token`` refreshes in-process, unlocked). The standard grant here is
one form POST with RFC 6749 §5.2 error handling; a dependency would not shorten it.

Never log a token: :class:`TokenSet` hides its values in ``repr``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

import httpx

from .errors import PermissionMissing, Rejected, Temporary, TokenDead
from .versions import BLUESKY_HOST, GRAPH_API_VERSION, THREADS_HOST

__all__ = [
    "PROVIDERS",
    "OAuthProvider",
    "TokenSet",
    "authorization_url",
    "exchange_code",
    "exchange_long_lived",
    "pkce_pair",
    "rebase",
    "refresh_token",
    "renew",
    "renewal",
]

#: How each platform keeps an account's token alive:
#: ``refresh_token`` the RFC 6749 grant (X, YouTube, LinkedIn partners; TikTok rotates it);
#: ``threads`` the long-lived access token refreshes itself (``th_refresh_token``);
#: ``bluesky`` ``com.atproto.server.refreshSession`` with the refresh JWT (rotates);
#: ``none`` the token does not expire (Page tokens from a long-lived user token, Mastodon).
Renewal = Literal["refresh_token", "threads", "bluesky", "none"]
_RENEWAL: dict[str, Renewal] = {
    "x": "refresh_token",
    "youtube": "refresh_token",
    "linkedin": "refresh_token",
    "tiktok": "refresh_token",
    "threads": "threads",
    "bluesky": "bluesky",
    "facebook": "none",
    "instagram": "none",
    "mastodon": "none",
}


def renewal(platform: str) -> Renewal:
    return _RENEWAL.get(platform, "none")


def rebase(url: str, base_url: str | None) -> str:
    """The same endpoint on an account's own host (a Mastodon instance, a Bluesky PDS, or a
    test server standing in for the platform): the path is kept, the host replaced."""
    if not base_url:
        return url
    return base_url.rstrip("/") + urlsplit(url).path


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


#: Token endpoints get a generous read timeout whatever the publishing timeout: a refresh whose
#: answer is lost after the platform rotated the refresh token (TikTok, X) leaves no valid
#: refresh token at all, so waiting longer is far cheaper than giving up early.
TOKEN_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

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
    token_url: str = "",
) -> TokenSet:
    headers = {"Accept": "application/json"}
    auth: Any = None
    if provider.basic_auth:
        auth = httpx.BasicAuth(client_id, client_secret)
    else:
        data = {provider.client_id_param: client_id, "client_secret": client_secret, **data}
    try:
        response = http.post(
            token_url or provider.token_url,
            data=data,
            headers=headers,
            auth=auth,
            timeout=TOKEN_TIMEOUT,
        )
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
    provider: OAuthProvider,
    *,
    http: httpx.Client,
    client_id: str,
    client_secret: str,
    token: str,
    base_url: str | None = None,
) -> TokenSet:
    """Exchange a refresh token. TikTok rotates them: the returned ``refresh_token`` replaces
    the old one, which stops working at once — callers must serialize per account. Threads
    has no refresh token: ``token`` is then the long-lived access token itself."""
    if provider.platform == "threads":
        return _get_token(
            http,
            rebase(f"{THREADS_HOST}/refresh_access_token", base_url),
            {"grant_type": "th_refresh_token", "access_token": token},
            provider.platform,
        )
    return _post(
        provider,
        http,
        {"grant_type": "refresh_token", "refresh_token": token},
        client_id,
        client_secret,
        rebase(provider.token_url, base_url),
    )


def renew(
    platform: str,
    *,
    http: httpx.Client,
    client_id: str = "",
    client_secret: str = "",
    access_token: str = "",
    refresh_token_value: str = "",
    base_url: str | None = None,
) -> TokenSet:
    """A new access token for an account, whatever the platform's way (see :data:`Renewal`).
    Raises :class:`TokenDead` when the platform refuses or there is nothing to renew with, and
    :class:`Temporary` when the token endpoint could not be reached (keep the old tokens)."""
    kind = renewal(platform)
    if kind == "threads":
        if not access_token:
            raise TokenDead("there is no Threads token to refresh", platform=platform)
        return refresh_token(
            PROVIDERS["threads"],
            http=http,
            client_id=client_id,
            client_secret=client_secret,
            token=access_token,
            base_url=base_url,
        )
    if kind == "bluesky":
        if not refresh_token_value:
            raise TokenDead("there is no Bluesky session to refresh", platform=platform)
        return _bluesky_refresh(http, refresh_token_value, base_url or BLUESKY_HOST)
    if kind == "refresh_token":
        if not refresh_token_value:
            why = (
                "LinkedIn issues refresh tokens to partner apps only"
                if platform == "linkedin"
                else "the platform gave no refresh token"
            )
            raise TokenDead(f"the access token expired and {why}", platform=platform)
        return refresh_token(
            PROVIDERS[platform],
            http=http,
            client_id=client_id,
            client_secret=client_secret,
            token=refresh_token_value,
            base_url=base_url,
        )
    raise TokenDead("this platform's token cannot be renewed", platform=platform)


def exchange_long_lived(
    platform: str,
    tokens: TokenSet,
    *,
    http: httpx.Client,
    client_id: str,
    client_secret: str,
    base_url: str | None = None,
) -> TokenSet:
    """Meta and Threads hand out a short-lived (1 h) token at login; trade it for the long-lived
    one (about 60 days) before anything is derived from it or stored. Other platforms: as is."""
    if platform in ("facebook", "instagram"):
        long = _get_token(
            http,
            rebase(PROVIDERS[platform].token_url, base_url),
            {
                "grant_type": "fb_exchange_token",
                "client_id": client_id,
                "client_secret": client_secret,
                "fb_exchange_token": tokens.access_token,
            },
            platform,
        )
    elif platform == "threads":
        long = _get_token(
            http,
            rebase(f"{THREADS_HOST}/access_token", base_url),
            {
                "grant_type": "th_exchange_token",
                "client_secret": client_secret,
                "access_token": tokens.access_token,
            },
            platform,
        )
    else:
        return tokens
    return TokenSet(
        access_token=long.access_token,
        expires_in=long.expires_in,
        scope=tokens.scope,
        account_hint=tokens.account_hint,
    )


def _bluesky_refresh(http: httpx.Client, refresh_jwt: str, pds: str) -> TokenSet:
    url = f"{pds.rstrip('/')}/xrpc/com.atproto.server.refreshSession"
    try:
        response = http.post(
            url, headers={"Authorization": f"Bearer {refresh_jwt}"}, timeout=TOKEN_TIMEOUT
        )
    except httpx.TransportError as exc:
        raise Temporary(
            f"the PDS is unreachable ({type(exc).__name__})", platform="bluesky"
        ) from None
    body = _json_object(response)
    if response.status_code >= 400 or "accessJwt" not in body:
        code = str(body.get("error") or f"HTTP {response.status_code}")
        message = str(body.get("message") or code)[:300]
        if response.status_code >= 500:
            raise Temporary(f"the PDS failed: {message}", platform="bluesky", code=code)
        raise TokenDead(
            f"the session cannot be refreshed: {message}", platform="bluesky", code=code
        )
    access = str(body["accessJwt"])
    return TokenSet(
        access_token=access,
        refresh_token=str(body.get("refreshJwt") or ""),
        expires_in=jwt_seconds_left(access),
        account_hint=str(body.get("did") or ""),
    )


def jwt_seconds_left(token: str) -> int | None:
    """Seconds until a JWT's ``exp`` (read, not verified: it only schedules the next refresh)."""
    import time

    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return max(0, int(claims["exp"] - time.time()))
    except (IndexError, ValueError, KeyError, TypeError):
        return None


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json() if response.content else {}
    except ValueError:
        body = {}
    return body if isinstance(body, dict) else {}


def _get_token(http: httpx.Client, url: str, params: dict[str, str], platform: str) -> TokenSet:
    """The Graph-style token GETs (``fb_exchange_token``, ``th_exchange_token``,
    ``th_refresh_token``): ``{"access_token", "token_type", "expires_in"}`` or a Graph error."""
    try:
        response = http.get(url, params=params, timeout=TOKEN_TIMEOUT)
    except httpx.TransportError as exc:
        raise Temporary(
            f"token endpoint unreachable ({type(exc).__name__})", platform=platform
        ) from None
    body = _json_object(response)
    if response.status_code >= 400 or "access_token" not in body:
        err = body.get("error") or {}
        message = str(
            (err.get("message") if isinstance(err, dict) else err) or f"HTTP {response.status_code}"
        )[:300]
        code = err.get("code") if isinstance(err, dict) else err
        if code == 190 or response.status_code in (400, 401):
            raise TokenDead(
                f"the platform refused the token: {message}", platform=platform, code=code
            )
        if response.status_code >= 500:
            raise Temporary(f"token endpoint error: {message}", platform=platform, code=code)
        raise Rejected(f"the token request was refused: {message}", platform=platform, code=code)
    expires = body.get("expires_in")
    return TokenSet(
        access_token=str(body["access_token"]),
        expires_in=int(expires) if expires not in (None, "") else None,
    )


@dataclass(frozen=True)
class Identity:
    """Who publishes, and the token to store for it with its lifetime (``expires_in`` None: the
    token does not expire — a Page token derived from a long-lived user token)."""

    external_id: str
    display_name: str
    access_token: str  # may differ from the user token (a Facebook Page token)
    expires_in: int | None = None
    refresh_token: str = ""


def identify(platform: str, tokens: TokenSet, *, http: httpx.Client) -> Identity:
    """Who the token publishes as. Facebook/Instagram: the first Page the user manages (and
    its Page token / linked Instagram professional account). Pass the *long-lived* user token
    (:func:`exchange_long_lived`): Page tokens derived from it do not expire, those derived from
    a short-lived one die within the hour."""
    own: dict[str, Any] = {"expires_in": tokens.expires_in, "refresh_token": tokens.refresh_token}
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
        return Identity(str(data["id"]), f"@{data.get('username', '')}", tokens.access_token, **own)
    if platform == "linkedin":
        info = get("https://api.linkedin.com/v2/userinfo")
        return Identity(
            f"urn:li:person:{info['sub']}", str(info.get("name", "")), tokens.access_token, **own
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
            str(items[0]["id"]),
            str(items[0]["snippet"].get("title", "")),
            tokens.access_token,
            **own,
        )
    if platform in ("tiktok", "threads"):
        if not tokens.account_hint:
            raise Rejected("the token answer carried no account id", platform=platform)
        return Identity(tokens.account_hint, "", tokens.access_token, **own)
    base = f"https://graph.facebook.com/{GRAPH_API_VERSION}"
    pages = (
        get(
            f"{base}/me/accounts",
            fields="id,name,access_token,instagram_business_account{id,username}",
        ).get("data")
        or []
    )
    for page in pages:
        # The Page token (long-lived, no expiry) publishes for the Page and for its linked
        # Instagram professional account alike.
        if platform == "facebook":
            return Identity(str(page["id"]), str(page.get("name", "")), str(page["access_token"]))
        ig = page.get("instagram_business_account")
        if ig:
            return Identity(str(ig["id"]), f"@{ig.get('username', '')}", str(page["access_token"]))
    raise PermissionMissing(
        "no Page (with a linked Instagram professional account) is available to this login",
        platform=platform,
        action="Grant access to the Page during the Facebook login, or link the Instagram account to a Page.",
    )
