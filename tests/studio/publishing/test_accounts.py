from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import respx
from django.utils import timezone

from carepost.publishing import TokenDead
from carepost.studio.publishing.accounts import account_fresh_token
from carepost.studio.publishing.models import AccountStatus, ConnectedAccount

from ..factories import PASSWORD


@pytest.mark.django_db
def test_refused_refresh_marks_the_account_needs_reconnect(ws, owner):
    account = ConnectedAccount.objects.create(
        workspace=ws,
        platform="linkedin",
        external_id="urn:li:person:a",
        access_token="a",
        refresh_token="r",
        token_expires_at=timezone.now(),
    )

    def refresh(access: str, token: str):
        raise TokenDead("invalid_grant", platform="linkedin")

    with pytest.raises(TokenDead):
        account_fresh_token(account_id=account.pk, renew=refresh)
    account.refresh_from_db()
    assert account.status == AccountStatus.NEEDS_RECONNECT


@pytest.mark.django_db
def test_connect_flow_with_pkce_state_and_encrypted_tokens(client, ws, owner, settings):
    settings.CAREPOST_OAUTH_X_CLIENT_ID = "cid"
    settings.CAREPOST_OAUTH_X_CLIENT_SECRET = "secret"
    client.login(username=owner.username, password=PASSWORD)
    start = client.post(f"/w/{ws.pk}/publishing/connect/x/")
    assert start.status_code == 302
    q = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    assert (
        start["Location"].startswith("https://x.com/i/oauth2/authorize")
        and q["code_challenge_method"] == "S256"
    )
    assert (
        client.get("/publishing/oauth/callback/", {"state": "forged", "code": "C"}).status_code
        == 400
    )
    start = client.post(f"/w/{ws.pk}/publishing/connect/x/")
    q = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post("https://api.x.com/2/oauth2/token").mock(
            return_value=httpx.Response(
                200,
                json={
                    "token_type": "bearer",
                    "expires_in": 7200,
                    "access_token": "AT-x",
                    "refresh_token": "RT-x",
                    "scope": "tweet.write offline.access",
                },
            )
        )
        mock.get("https://api.x.com/2/users/me").mock(
            return_value=httpx.Response(
                200, json={"data": {"id": "99", "name": "Clinic", "username": "clinic"}}
            )
        )
        done = client.get("/publishing/oauth/callback/", {"state": q["state"], "code": "C"})
    assert done.status_code == 302 and done["Location"] == f"/w/{ws.pk}/publishing/"
    assert "code_verifier" in token.calls[0].request.content.decode()
    account = ConnectedAccount.objects.get(workspace=ws, platform="x")
    assert (
        account.external_id == "99"
        and str(account.access_token) == "AT-x"
        and str(account.refresh_token) == "RT-x"
    )
    assert account.token_expires_at and account.status == AccountStatus.ACTIVE


@pytest.mark.django_db
def test_connect_needs_configuration_and_the_owner_role(client, ws, owner):
    from carepost.studio.workspaces.models import Role

    from ..factories import member

    client.login(username=owner.username, password=PASSWORD)
    response = client.post(f"/w/{ws.pk}/publishing/connect/tiktok/")
    assert response.status_code == 400 and b"CAREPOST_OAUTH_TIKTOK_CLIENT_ID" in response.content
    author = member(ws, Role.AUTHOR)
    client.login(username=author.username, password=PASSWORD)
    assert client.post(f"/w/{ws.pk}/publishing/connect/x/").status_code == 403
