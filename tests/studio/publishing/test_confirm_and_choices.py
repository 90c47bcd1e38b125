"""Honest reconciliation in the studio (issue 20 #6, #10, usage headers): a lost answer nothing
can verify goes to a person, who confirms; TikTok's audience is the user's choice from
creator_info; Meta's usage headers pause the account before a 429. Against the fake platform
on 127.0.0.1 (the real clients) or recorded shapes."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
import respx
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from carepost.studio.publishing.actions import job_confirm
from carepost.studio.publishing.models import (
    AttemptState,
    ConnectedAccount,
    JobState,
    PublishChoice,
    PublishJob,
)
from carepost.studio.publishing.services import job_run, jobs_materialize
from tests.support.publishing import approved_post

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


def _job(ws, owner, platform: str, text: str = "Flu shots today") -> PublishJob:
    post = approved_post(
        workspace=ws,
        text=text,
        at=timezone.now() - timedelta(seconds=5),
        platforms=(platform,),
        approver=owner,
    )
    jobs_materialize()
    return PublishJob.objects.get(post=post)


def again(job: PublishJob) -> str:
    PublishJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    return job_run(job_id=job.pk, worker="w2")


@pytest.fixture
def linkedin(ws, fake):
    return ConnectedAccount.objects.create(
        workspace=ws,
        platform="linkedin",
        external_id="urn:li:person:a",
        api_base_url=fake.base_url("linkedin"),
        access_token="tok-urn:li:person:a",
    )


def test_linkedin_lost_answer_goes_to_a_person_and_is_never_rechecked_forever(
    ws, owner, fake, linkedin, client
):
    fake.faults.drop_after_create = 1.0
    job = _job(ws, owner, "linkedin")
    assert job_run(job_id=job.pk, worker="w1") == "unknown"
    fake.faults.drop_after_create = 0.0
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert again(job) == "needs-person"
    job.refresh_from_db()
    assert job.state == JobState.NEEDS_CONFIRMATION and "LinkedIn" in job.error_message
    assert len(fake.posts("linkedin")) == 1  # and nothing was sent again
    assert again(job) == "skipped"  # not scheduled: no endless rechecking
    assert any("live on LinkedIn" in m.subject for m in mail.outbox)
    client.login(username=owner.username, password=PASSWORD)
    page = client.get(f"/w/{ws.pk}/publishing/jobs/{job.pk}/").content.decode()
    assert "Needs a person to confirm" in page and "Not there: publish again" in page
    live = f"https://www.linkedin.com/feed/update/{fake.posts('linkedin')[0].id}/"
    response = client.post(
        f"/w/{ws.pk}/publishing/jobs/{job.pk}/confirm/", {"live": "yes", "url": live}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED and job.remote_url == live and job.reconciled
    assert job.attempt_rows.get().state == AttemptState.RECONCILED


def test_confirming_it_is_not_there_publishes_again(ws, owner, fake, linkedin):
    fake.faults.drop_before_create = 1.0  # nothing was created, but the answer is lost all the same
    job = _job(ws, owner, "linkedin")
    assert job_run(job_id=job.pk, worker="w1") == "unknown"
    fake.faults.drop_before_create = 0.0
    assert again(job) == "needs-person"
    job_confirm(actor=owner, job=PublishJob.objects.get(pk=job.pk), live=False)
    assert job_run(job_id=job.pk, worker="w3") == "published"
    assert len(fake.posts("linkedin")) == 1
    states = list(job.attempt_rows.order_by("number").values_list("state", flat=True))
    assert states == [AttemptState.FAILED, AttemptState.SUCCEEDED]


def test_a_reconcile_that_never_settles_stops_after_the_bound(ws, owner, fake, settings):
    settings.CAREPOST_PUBLISHING = {**settings.CAREPOST_PUBLISHING, "CONFIRM_AFTER_SECONDS": 60}
    ConnectedAccount.objects.create(
        workspace=ws, platform="x", external_id="u1", api_base_url=fake.url, access_token="tok-u1"
    )
    fake.faults.drop_after_create = 1.0
    job = _job(ws, owner, "x")
    assert job_run(job_id=job.pk, worker="w1") == "unknown"
    # The platform keeps failing the read, and the first attempt is now long past the bound.
    job.attempt_rows.update(started_at=timezone.now() - timedelta(minutes=5))
    fake.state.tokens.clear()
    with respx.mock(assert_all_called=False) as mock:
        mock.route(host="127.0.0.1").mock(return_value=httpx.Response(503))
        assert again(job) == "needs-person"
    assert PublishJob.objects.get(pk=job.pk).state == JobState.NEEDS_CONFIRMATION


@pytest.fixture
def tiktok(ws, fake):
    return ConnectedAccount.objects.create(
        workspace=ws,
        platform="tiktok",
        external_id="clinic",
        api_base_url=fake.base_url("tiktok"),
        access_token="tok-clinic",
    )


def test_tiktok_waits_for_the_users_choice_from_creator_info(
    ws, owner, fake, tiktok, client, settings
):
    settings.CAREPOST_PUBLIC_MEDIA_BASE_URL = "https://media.clinic.example"
    from tests.support.publishing import add_image

    job = _job(ws, owner, "tiktok")
    add_image(job.post)
    assert job_run(job_id=job.pk, worker="w1") == "failed"  # nobody chose: never sent
    job.refresh_from_db()
    assert "choose" in job.error_action.lower() and fake.posts("tiktok") == []
    client.login(username=owner.username, password=PASSWORD)
    page = client.get(f"/w/{ws.pk}/publishing/posts/{job.post_id}/").content.decode()
    assert 'value="MUTUAL_FOLLOW_FRIENDS"' in page and 'value="PUBLIC_TO_EVERYONE"' in page
    assert "turned off in the TikTok app" in page  # stitch_disabled from creator_info
    bad = client.post(
        f"/w/{ws.pk}/publishing/posts/{job.post_id}/tiktok/",
        {"privacy_level": "FOLLOWER_OF_CREATOR"},
    )
    assert bad.status_code == 400  # not among what TikTok offers this account
    ok = client.post(
        f"/w/{ws.pk}/publishing/posts/{job.post_id}/tiktok/",
        {"privacy_level": "SELF_ONLY", "disable_comment": "on"},
    )
    assert ok.status_code == 302
    choice = PublishChoice.objects.get(post_id=job.post_id, platform="tiktok")
    assert choice.options == {
        "privacy_level": "SELF_ONLY",
        "disable_comment": True,
        "disable_duet": False,
        "disable_stitch": True,
    }
    client.post(f"/w/{ws.pk}/publishing/jobs/{job.pk}/retry/")
    assert job_run(job_id=job.pk, worker="w2") == "published"
    (post,) = fake.posts("tiktok")
    assert post.extra["privacy"] == "SELF_ONLY"


def test_meta_usage_headers_pause_the_account_before_a_429(ws, owner):
    ConnectedAccount.objects.create(
        workspace=ws, platform="facebook", external_id="123", access_token="PAGE"
    )
    job = _job(ws, owner, "facebook")
    usage = {"x-app-usage": json.dumps({"call_count": 95, "total_cputime": 20, "total_time": 30})}
    with respx.mock() as mock:
        mock.post(url__regex=r"/123/feed$").mock(
            return_value=httpx.Response(200, json={"id": "123_9"}, headers=usage)
        )
        mock.get(url__regex=r"/123_9").mock(
            return_value=httpx.Response(200, json={"permalink_url": "https://www.facebook.com/9"})
        )
        assert job_run(job_id=job.pk, worker="w1") == "published"
    account = ConnectedAccount.objects.get(platform="facebook")
    assert account.rate_limited_until and account.rate_limited_until > timezone.now() + timedelta(
        minutes=5
    )
    second = _job(ws, owner, "facebook", text="Second post")
    assert job_run(job_id=second.pk, worker="w1") == "deferred"  # no call until usage falls
