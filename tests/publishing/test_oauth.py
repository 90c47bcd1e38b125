from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from carepost.publishing import PermissionMissing, Rejected, TokenDead
from carepost.publishing.oauth import (
    PROVIDERS,
    TokenSet,
    authorization_url,
    exchange_code,
    identify,
    pkce_pair,
    refresh_token,
)

from .mock import Script, reply


def test_pkce_pair_is_s256_of_the_verifier():
    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128
    assert (
        challenge
        == base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        .rstrip(b"=")
        .decode()
    )


@pytest.mark.parametrize("platform", sorted(PROVIDERS))
def test_authorization_urls(platform):
    provider = PROVIDERS[platform]
    verifier, _ = pkce_pair()
    url = authorization_url(
        provider,
        client_id="cid",
        redirect_uri="https://studio.example/publishing/oauth/callback/",
        state="st",
        code_verifier=verifier,
    )
    q = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    assert (
        q["state"] == "st" and q["response_type"] == "code" and q[provider.client_id_param] == "cid"
    )
    assert ("code_challenge" in q) is provider.pkce
    if provider.pkce:
        assert q["code_challenge_method"] == "S256"
    assert set(q["scope"].split(provider.scope_separator)) == set(provider.scopes)
    if platform == "x":
        assert "offline.access" in q["scope"]  # X issues refresh tokens only with it
    if platform == "tiktok":
        assert "client_key" in q and "client_id" not in q


def test_pkce_providers_refuse_a_missing_verifier():
    with pytest.raises(ValueError, match="PKCE"):
        authorization_url(PROVIDERS["x"], client_id="c", redirect_uri="https://r", state="s")


def test_exchange_code_x_uses_basic_auth_and_the_verifier():
    s = Script().on(
        "POST",
        r"/2/oauth2/token$",
        reply(
            200,
            {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": "AT",
                "scope": "tweet.write offline.access",
                "refresh_token": "RT",
            },
        ),
    )
    tokens = exchange_code(
        PROVIDERS["x"],
        http=s.client(),
        client_id="cid",
        client_secret="sec",
        code="C",
        redirect_uri="https://r",
        code_verifier="V",
    )
    assert (
        tokens.access_token == "AT" and tokens.refresh_token == "RT" and tokens.expires_in == 7200
    )
    sent = s.requests[0]
    assert sent.headers["authorization"].startswith("Basic ") and Script.form(sent) == {
        "grant_type": "authorization_code",
        "code": "C",
        "redirect_uri": "https://r",
        "code_verifier": "V",
    }
    assert "AT" not in repr(tokens) and "RT" not in repr(tokens)


def test_tiktok_refresh_rotates_and_invalid_grant_is_token_dead():
    s = Script().on(
        "POST",
        r"/v2/oauth/token/$",
        reply(
            200,
            {
                "access_token": "act.new",
                "expires_in": 86400,
                "open_id": "o1",
                "refresh_expires_in": 31536000,
                "refresh_token": "rft.new",
                "scope": "video.publish",
                "token_type": "Bearer",
            },
        ),
    )
    tokens = refresh_token(
        PROVIDERS["tiktok"], http=s.client(), client_id="ck", client_secret="cs", token="rft.old"
    )
    assert tokens.refresh_token == "rft.new" and tokens.account_hint == "o1"
    assert Script.form(s.requests[0])["client_key"] == "ck"
    bad = Script().on(
        "POST",
        r".*",
        reply(
            400,
            {
                "error": "invalid_grant",
                "error_description": "Refresh token is invalid or expired.",
                "log_id": "x",
            },
        ),
    )
    with pytest.raises(TokenDead):
        refresh_token(
            PROVIDERS["tiktok"],
            http=bad.client(),
            client_id="ck",
            client_secret="cs",
            token="rft.old",
        )
    li = Script().on(
        "POST",
        r".*",
        reply(
            400,
            {
                "error": "invalid_grant",
                "error_description": "The provided authorization grant or refresh token is invalid, expired or revoked.",
            },
        ),
    )
    with pytest.raises(TokenDead):
        refresh_token(
            PROVIDERS["linkedin"], http=li.client(), client_id="c", client_secret="s", token="r"
        )
    denied = Script().on("POST", r".*", reply(400, {"error": "unsupported_grant_type"}))
    with pytest.raises(Rejected):
        refresh_token(
            PROVIDERS["youtube"], http=denied.client(), client_id="c", client_secret="s", token="r"
        )


def test_identify_each_platform():
    t = TokenSet(access_token="AT", account_hint="hint")
    s = Script()
    s.on(
        "GET",
        r"/2/users/me$",
        reply(200, {"data": {"id": "2244994945", "name": "Clinic", "username": "clinic"}}),
    )
    s.on("GET", r"/v2/userinfo$", reply(200, {"sub": "782bbtaQ", "name": "Dr. Lee"}))
    s.on(
        "GET",
        r"/youtube/v3/channels$",
        reply(200, {"items": [{"id": "UC1", "snippet": {"title": "Clinic TV"}}]}),
    )
    s.on(
        "GET",
        r"/me/accounts$",
        reply(
            200,
            {
                "data": [
                    {
                        "id": "123",
                        "name": "Clinic Page",
                        "access_token": "PAGE",
                        "instagram_business_account": {"id": "1784", "username": "clinic"},
                    }
                ]
            },
        ),
    )
    http = s.client()
    assert identify("x", t, http=http).external_id == "2244994945"
    assert identify("linkedin", t, http=http).external_id == "urn:li:person:782bbtaQ"
    assert identify("youtube", t, http=http).display_name == "Clinic TV"
    assert identify("tiktok", t, http=http).external_id == "hint"
    fb = identify("facebook", t, http=http)
    assert (fb.external_id, fb.access_token) == ("123", "PAGE")  # the Page token publishes
    assert identify("instagram", t, http=http).external_id == "1784"
    none = Script().on("GET", r".*", reply(200, {"data": []}))
    with pytest.raises(PermissionMissing):
        identify("facebook", t, http=none.client())
    dead = Script().on("GET", r".*", httpx.Response(401))
    with pytest.raises(TokenDead):
        identify("x", t, http=dead.client())


def test_renew_each_platform_its_own_way():
    from carepost.publishing.oauth import jwt_seconds_left, renew

    s = Script()
    jwt = "eyJhbGciOiJFUzI1NksifQ.eyJleHAiOjQxMDI0NDQ4MDAsInN1YiI6ImRpZDpwbGM6YWJjIn0.sig"
    s.on(
        "POST",
        r"/xrpc/com.atproto.server.refreshSession$",
        reply(
            200,
            {
                "accessJwt": jwt,
                "refreshJwt": "RJ2",
                "handle": "c.bsky.social",
                "did": "did:plc:abc",
            },
        ),
    )
    s.on(
        "GET",
        r"/refresh_access_token$",
        reply(200, {"access_token": "TH2", "token_type": "bearer", "expires_in": 5183944}),
    )
    bs = renew(
        "bluesky", http=s.client(), refresh_token_value="RJ1", base_url="https://pds.example"
    )
    assert bs.access_token == jwt and bs.refresh_token == "RJ2"  # rotates
    assert bs.expires_in == jwt_seconds_left(jwt) and bs.expires_in > 0  # read from exp
    assert s.sent("POST", "refreshSession")[0].headers["authorization"] == "Bearer RJ1"
    th = renew("threads", http=s.client(), access_token="TH1")
    assert th.access_token == "TH2" and th.expires_in == 5183944
    with pytest.raises(TokenDead, match="partner"):
        renew("linkedin", http=s.client(), access_token="LI")  # no refresh token: reconnect
    with pytest.raises(TokenDead):
        renew("facebook", http=s.client(), access_token="PAGE")
    expired = Script().on(
        "POST", r".*", reply(400, {"error": "ExpiredToken", "message": "Token has expired"})
    )
    with pytest.raises(TokenDead):
        renew("bluesky", http=expired.client(), refresh_token_value="RJ1")


def test_token_endpoints_wait_longer_than_a_publishing_call():
    """A refresh whose answer is lost after the platform rotated the refresh token leaves the
    account with none: the token call waits 60 s even when publishing calls give up sooner."""
    seen = []

    def answer(request):
        seen.append(request.extensions["timeout"]["read"])
        return httpx.Response(
            200, json={"access_token": "A", "refresh_token": "R", "expires_in": 60}
        )

    http = httpx.Client(transport=httpx.MockTransport(answer), timeout=1.5)
    refresh_token(PROVIDERS["tiktok"], http=http, client_id="c", client_secret="s", token="r")
    assert seen == [60.0]
