"""Tokens on the publish path (issue 20 #1–#3): renewed before they expire, renewed once when the
platform refuses one mid-run, serialized per account; Meta and Threads long-lived exchanges.
Platform answers follow the token endpoints' documented shapes."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import respx
from django.utils import timezone

from carepost.studio.publishing.models import (
    AccountStatus,
    ConnectedAccount,
    JobState,
    PublishJob,
)
from carepost.studio.publishing.services import job_run, jobs_materialize
from tests.publishing import spec
from tests.publishing.mock import Script, reply
from tests.support.publishing import approved_post

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

X_TOKEN = {
    "token_type": "bearer",
    "expires_in": 7200,
    "access_token": "AT-new",
    "scope": "tweet.write users.read tweet.read offline.access",
    "refresh_token": "RT-new",
}
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}


def x_account(ws, *, expires_in: timedelta, token: str = "AT-old") -> ConnectedAccount:
    return ConnectedAccount.objects.create(
        workspace=ws,
        platform="x",
        external_id="2244994945",
        access_token=token,
        refresh_token="RT-old",
        token_expires_at=timezone.now() + expires_in,
    )


def x_script(valid: set[str]) -> Script:
    created = spec.x_validate(
        {"data": {"id": "1445880548472328192", "text": "t"}}, "CreatePostsResponse"
    )

    def tweets(request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"].removeprefix("Bearer ") in valid:
            return reply(201, created)
        return reply(401, UNAUTHORIZED)

    return (
        Script()
        .on("POST", r"/2/oauth2/token$", reply(200, X_TOKEN))
        .on("POST", r"/2/tweets$", tweets)
    )


def run_one(ws, owner, script: Script, platforms=("x",)) -> PublishJob:
    post = approved_post(
        workspace=ws,
        text="Flu shots today",
        at=timezone.now() - timedelta(seconds=5),
        platforms=platforms,
        approver=owner,
    )
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    job_run(job_id=job.pk, worker="w1", http=script.client())
    job.refresh_from_db()
    return job


def test_token_about_to_expire_is_renewed_before_publishing(ws, owner, settings):
    settings.CAREPOST_OAUTH_X_CLIENT_ID, settings.CAREPOST_OAUTH_X_CLIENT_SECRET = "cid", "sec"
    account = x_account(ws, expires_in=timedelta(minutes=2))  # inside the 5-minute margin
    s = x_script(valid={"AT-new"})
    job = run_one(ws, owner, s)
    assert job.state == JobState.PUBLISHED
    grant = Script.form(s.sent("POST", "oauth2/token")[0])
    assert grant == {"grant_type": "refresh_token", "refresh_token": "RT-old"}
    assert s.sent("POST", "oauth2/token")[0].headers["authorization"].startswith("Basic ")
    assert [r.headers["authorization"] for r in s.sent("POST", "2/tweets")] == ["Bearer AT-new"]
    account.refresh_from_db()
    assert str(account.access_token) == "AT-new" and str(account.refresh_token) == "RT-new"
    assert account.token_expires_at > timezone.now() + timedelta(minutes=110)
    assert account.status == AccountStatus.ACTIVE


def test_token_refused_mid_run_is_renewed_once_and_the_call_repeated(ws, owner):
    account = x_account(ws, expires_in=timedelta(hours=1))  # looks valid, but was revoked early
    s = x_script(valid={"AT-new"})
    job = run_one(ws, owner, s)
    assert job.state == JobState.PUBLISHED and job.attempts == 1
    assert len(s.sent("POST", "oauth2/token")) == 1
    assert [r.headers["authorization"] for r in s.sent("POST", "2/tweets")] == [
        "Bearer AT-old",
        "Bearer AT-new",
    ]
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and str(account.access_token) == "AT-new"


def test_a_token_refused_again_after_renewal_means_reconnect(ws, owner):
    account = x_account(ws, expires_in=timedelta(hours=1))
    s = x_script(valid=set())  # even the renewed token is refused: the grant was revoked
    job = run_one(ws, owner, s)
    assert job.state == JobState.NEEDS_RECONNECT
    assert len(s.sent("POST", "oauth2/token")) == 1 and len(s.sent("POST", "2/tweets")) == 2
    account.refresh_from_db()
    assert account.status == AccountStatus.NEEDS_RECONNECT


def test_a_refused_token_another_worker_already_renewed_is_not_renewed_again(ws, owner):
    from carepost.studio.publishing.accounts import account_fresh_token

    account = x_account(ws, expires_in=timedelta(hours=1), token="AT-already-new")
    calls: list[str] = []

    def renew(access: str, refresh: str):
        calls.append(refresh)
        raise AssertionError("must not renew")

    assert (
        account_fresh_token(account_id=account.pk, renew=renew, refused="AT-old")
        == "AT-already-new"
    )
    assert calls == []


def test_renewal_that_cannot_reach_the_platform_retries_later_and_keeps_the_account(ws, owner):
    account = x_account(ws, expires_in=timedelta(seconds=-10))
    s = x_script(valid={"AT-new"})
    s.routes.insert(
        0, ("POST", __import__("re").compile(r"/2/oauth2/token$"), [httpx.ConnectError("down")])
    )
    job = run_one(ws, owner, s)
    assert job.state == JobState.SCHEDULED and not s.sent("POST", "2/tweets")
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and str(account.refresh_token) == "RT-old"


def test_threads_renews_its_long_lived_token_without_a_refresh_token(ws, owner):
    """Threads never returns a refresh token: ``th_refresh_token`` renews the access token."""
    account = ConnectedAccount.objects.create(
        workspace=ws,
        platform="threads",
        external_id="me",
        access_token="TH-old",
        token_expires_at=timezone.now() + timedelta(days=3),  # inside the 7-day margin
    )
    s = Script()
    s.on(
        "GET",
        r"/refresh_access_token$",
        reply(200, {"access_token": "TH-new", "token_type": "bearer", "expires_in": 5183944}),
    )
    s.on("GET", r"/threads_publishing_limit$", reply(200, {"data": [{"quota_usage": 1}]}))
    s.on("POST", r"/me/threads$", reply(200, {"id": "k1"}))
    s.on("GET", r"/k1$", reply(200, {"id": "k1", "status": "FINISHED"}))
    s.on("POST", r"/threads_publish$", reply(200, {"id": "t1"}))
    s.on("GET", r"/t1$", reply(200, {"permalink": "https://www.threads.net/@c/post/x"}))
    job = run_one(ws, owner, s, platforms=("threads",))
    assert job.state == JobState.PUBLISHED
    params = s.sent("GET", "refresh_access_token")[0].url.params
    assert dict(params) == {"grant_type": "th_refresh_token", "access_token": "TH-old"}
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and str(account.access_token) == "TH-new"
    assert account.token_expires_at > timezone.now() + timedelta(days=59)


def _callback(client, ws, platform: str):
    start = client.post(f"/w/{ws.pk}/publishing/connect/{platform}/")
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    return client.get("/publishing/oauth/callback/", {"state": state, "code": "C"})


def test_facebook_connect_exchanges_for_a_long_lived_token_and_stores_the_page_token(
    client, ws, owner, settings
):
    settings.CAREPOST_OAUTH_FACEBOOK_CLIENT_ID, settings.CAREPOST_OAUTH_FACEBOOK_CLIENT_SECRET = (
        "app",
        "sec",
    )
    client.login(username=owner.username, password=PASSWORD)
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(url__regex=r"/oauth/access_token$").mock(
            return_value=httpx.Response(
                200, json={"access_token": "SHORT", "token_type": "bearer", "expires_in": 3600}
            )
        )
        exchange = mock.get(url__regex=r"/oauth/access_token\?").mock(
            return_value=httpx.Response(
                200, json={"access_token": "LONG", "token_type": "bearer", "expires_in": 5183944}
            )
        )
        pages = mock.get(url__regex=r"/me/accounts").mock(
            return_value=httpx.Response(
                200, json={"data": [{"id": "123", "name": "Clinic", "access_token": "PAGE"}]}
            )
        )
        assert _callback(client, ws, "facebook").status_code == 302
    assert token.called
    q = dict(exchange.calls[0].request.url.params)
    assert q == {
        "grant_type": "fb_exchange_token",
        "client_id": "app",
        "client_secret": "sec",
        "fb_exchange_token": "SHORT",
    }
    assert pages.calls[0].request.headers["authorization"] == "Bearer LONG"
    account = ConnectedAccount.objects.get(workspace=ws, platform="facebook")
    assert str(account.access_token) == "PAGE"
    assert (
        account.token_expires_at is None
    )  # a Page token from a long-lived user token does not expire


def test_threads_connect_exchanges_for_a_long_lived_token_and_stores_its_expiry(
    client, ws, owner, settings
):
    settings.CAREPOST_OAUTH_THREADS_CLIENT_ID, settings.CAREPOST_OAUTH_THREADS_CLIENT_SECRET = (
        "app",
        "sec",
    )
    client.login(username=owner.username, password=PASSWORD)
    with respx.mock(assert_all_called=True) as mock:
        mock.post("https://graph.threads.net/oauth/access_token").mock(
            return_value=httpx.Response(200, json={"access_token": "SHORT", "user_id": 7})
        )
        exchange = mock.get(url__regex=r"graph\.threads\.net/access_token").mock(
            return_value=httpx.Response(
                200, json={"access_token": "LONG", "token_type": "bearer", "expires_in": 5183944}
            )
        )
        assert _callback(client, ws, "threads").status_code == 302
    q = dict(exchange.calls[0].request.url.params)
    assert q == {"grant_type": "th_exchange_token", "client_secret": "sec", "access_token": "SHORT"}
    account = ConnectedAccount.objects.get(workspace=ws, platform="threads")
    assert account.external_id == "7" and str(account.access_token) == "LONG"
    assert account.token_expires_at > timezone.now() + timedelta(days=59)
    assert str(account.refresh_token) == ""


def test_dispatcher_keeps_threads_tokens_alive_while_nothing_is_published(ws, fake, settings):
    """Threads can only renew a token that is still valid: the dispatcher renews it in time."""
    from carepost.studio.publishing.services import dispatch_tick

    access, _refresh, _ttl = fake.issue("threads", "th1")
    account = ConnectedAccount.objects.create(
        workspace=ws,
        platform="threads",
        external_id="th1",
        api_base_url=fake.base_url("threads"),
        access_token=access,
        token_expires_at=timezone.now() + timedelta(days=2),  # inside the 7-day margin
    )
    far = ConnectedAccount.objects.create(
        workspace=ws,
        platform="threads",
        external_id="th2",
        access_token="TH-far",
        token_expires_at=timezone.now() + timedelta(days=30),
    )
    assert dispatch_tick()["tokens_renewed"] == 1
    account.refresh_from_db()
    assert str(account.access_token) != access and account.status == AccountStatus.ACTIVE
    assert account.token_expires_at > timezone.now() + timedelta(days=59)
    far.refresh_from_db()
    assert str(far.access_token) == "TH-far"
    assert dispatch_tick()["tokens_renewed"] == 0
