"""A contract run per platform (issue 20): the real client, through the engine, against the
platform's dialect on the fake platform (documented request and answer shapes): a publish, then
a token that dies mid-run together with a lost answer, then the reconcile that settles it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from carepost.studio.publishing.models import (
    AccountStatus,
    ConnectedAccount,
    JobState,
    PublishChoice,
    PublishJob,
)
from carepost.studio.publishing.services import job_run, jobs_materialize
from tests.support.fakeplatform import FakePlatform
from tests.support.publishing import approved_post

pytestmark = pytest.mark.django_db

MEDIA = {"instagram": ("image",), "tiktok": ("image",), "youtube": ("video",)}
EXTERNAL = {"facebook": "1001", "linkedin": "urn:li:person:li1", "bluesky": "did:plc:bs1"}
#: Where a lost answer can be settled by reading the platform, and where only a person can.
SETTLED_BY_A_PERSON = {"linkedin", "tiktok"}
STATIC_TOKENS = {"facebook", "instagram", "mastodon"}
PLATFORMS = [
    "x",
    "facebook",
    "instagram",
    "threads",
    "linkedin",
    "tiktok",
    "youtube",
    "bluesky",
    "mastodon",
]


@pytest.fixture
def nine(settings):
    with FakePlatform(seed=11, token_ttl=3600) as fake:
        settings.CAREPOST_PUBLIC_MEDIA_BASE_URL = f"{fake.url}/media"
        for p in PLATFORMS:
            setattr(settings, f"CAREPOST_OAUTH_{p.upper()}_CLIENT_ID", f"app-{p}")
            setattr(settings, f"CAREPOST_OAUTH_{p.upper()}_CLIENT_SECRET", "secret")
        yield fake


def _account(ws, fake: FakePlatform, platform: str) -> ConnectedAccount:
    ext = EXTERNAL.get(platform, f"{platform[:2]}1")
    if platform in STATIC_TOKENS:
        access, refresh, ttl = f"tok-{ext}", "", None
    else:
        access, refresh, ttl = fake.issue(platform, ext)
    return ConnectedAccount.objects.create(
        workspace=ws,
        platform=platform,
        external_id=ext,
        api_base_url=fake.base_url(platform),
        access_token=access,
        refresh_token=refresh,
        token_expires_at=timezone.now() + timedelta(seconds=ttl) if ttl else None,
    )


def _job(ws, owner, platform: str, text: str) -> PublishJob:
    post = approved_post(
        workspace=ws,
        text=text,
        at=timezone.now() - timedelta(seconds=5),
        platforms=(platform,),
        approver=owner,
        media=MEDIA.get(platform, ()),
    )
    if platform == "tiktok":
        PublishChoice.objects.create(
            post=post,
            platform="tiktok",
            options={"privacy_level": "SELF_ONLY"},
            chosen_at=timezone.now(),
        )
    jobs_materialize()
    return PublishJob.objects.get(post=post)


def _run_again(job: PublishJob) -> str:
    PublishJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    return job_run(job_id=job.pk, worker="w2")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_publish_lost_answer_and_reconcile_with_a_token_dying_mid_run(platform, ws, owner, nine):
    fake = nine
    account = _account(ws, fake, platform)
    first = _job(ws, owner, platform, f"Flu shots today at the {platform} clinic")
    assert job_run(job_id=first.pk, worker="w1") == "published"
    first.refresh_from_db()
    assert first.remote_id and len(fake.posts(platform)) == 1

    # The token dies early (revoked, clock skew) and the create's answer is lost.
    token = str(ConnectedAccount.objects.get(pk=account.pk).access_token)
    renewals = fake.count("refreshes")
    if platform == "threads":
        # Threads renews only a live token (th_refresh_token): it is renewed before it dies,
        # here because it is inside its 7-day margin.
        ConnectedAccount.objects.filter(pk=account.pk).update(
            token_expires_at=timezone.now() + timedelta(days=1)
        )
    elif platform not in STATIC_TOKENS:
        fake.state.tokens[token].expires = time.time() - 1  # refused: renewed mid-run
    fake.faults.drop_after_create = 1.0
    second = _job(ws, owner, platform, f"Walk-in hours on {platform} & more <today>")
    outcome = job_run(job_id=second.pk, worker="w1")
    fake.faults.drop_after_create = 0.0
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    if platform not in STATIC_TOKENS:
        assert str(account.access_token) != token  # renewed once, the call repeated
        assert fake.count("refreshes") == renewals + 1
    assert outcome == "unknown"
    assert len(fake.posts(platform)) == 2  # created, answer lost

    settled = _run_again(second)
    second.refresh_from_db()
    if platform in SETTLED_BY_A_PERSON:
        assert settled == "needs-person" and second.state == JobState.NEEDS_CONFIRMATION
    else:
        assert settled == "reconciled" and second.state == JobState.PUBLISHED and second.reconciled
        ids = {p.id for p in fake.posts(platform)} | {
            str(p.extra["public_id"]) for p in fake.posts(platform) if "public_id" in p.extra
        }
        assert second.remote_id in ids
    assert len(fake.posts(platform)) == 2  # never sent twice
    assert second.attempt_rows.count() == 1


@pytest.mark.parametrize("platform", sorted(STATIC_TOKENS))
def test_a_refused_token_that_cannot_be_renewed_means_reconnect(platform, ws, owner, nine):
    """Page tokens and Mastodon tokens do not expire: a refusal is a real revocation."""
    fake = nine
    account = _account(ws, fake, platform)
    ConnectedAccount.objects.filter(pk=account.pk).update(access_token="tok-dead-revoked")
    job = _job(ws, owner, platform, "Revoked")
    assert job_run(job_id=job.pk, worker="w1") == "needs-reconnect"
    account.refresh_from_db()
    assert account.status == AccountStatus.NEEDS_RECONNECT and fake.posts(platform) == []
