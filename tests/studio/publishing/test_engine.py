"""The exactly-once engine against the fake platform on 127.0.0.1 (the real X client)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from carepost.studio.posts.models import Post, PostPublication, PostStatus
from carepost.studio.publishing.actions import job_mark_manual_posted, job_retry
from carepost.studio.publishing.models import (
    AccountStatus,
    AttemptState,
    ConnectedAccount,
    JobState,
    PublishAttempt,
    PublishJob,
)
from carepost.studio.publishing.services import (
    _claim,
    dispatch_tick,
    job_run,
    jobs_materialize,
    jobs_resume_after_crisis,
)
from tests.support.publishing import approved_post

pytestmark = pytest.mark.django_db


def one_job(post) -> PublishJob:
    jobs_materialize()
    return PublishJob.objects.get(post=post)


def again(job: PublishJob) -> str:
    """Run the job's next attempt now (skip the backoff wait)."""
    PublishJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    return job_run(job_id=job.pk, worker="w2")


def texts(fake) -> list[str]:
    return [p.text for p in fake.posts()]


def test_publishes_once_and_records_id_url_payload(ws, account, fake, due, owner):
    post = approved_post(
        workspace=ws,
        text="Flu shots today, walk in 8-5. https://clinic.example/flu",
        at=due,
        platforms=("x",),
        approver=owner,
    )
    job = one_job(post)
    assert job_run(job_id=job.pk, worker="w1") == "published"
    job.refresh_from_db()
    remote = fake.posts()
    assert len(remote) == 1 and job.remote_id == remote[0].id
    assert job.state == JobState.PUBLISHED and job.remote_url.endswith(remote[0].id)
    assert (
        job.payload["text"] == post.text and job.payload["idempotency_key"] == job.idempotency_key
    )
    assert job.content_hash == post.content_hash
    assert PostPublication.objects.get(post=post, platform="x").remote_id == remote[0].id
    assert Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED
    assert job_run(job_id=job.pk, worker="w1") == "skipped"  # a second delivery of the task
    assert len(fake.posts()) == 1


def test_job_not_due_is_not_claimed(ws, account, fake):
    post = approved_post(workspace=ws, text="later", at=timezone.now() + timedelta(hours=1))
    assert jobs_materialize() == 0
    assert not PublishJob.objects.filter(post=post).exists()


@pytest.mark.parametrize("fault", ["drop_after_create", "error_503_after_create"])
def test_lost_answer_is_reconciled_not_retried(ws, account, fake, due, fault):
    post = approved_post(workspace=ws, text=f"Lost answer {fault}", at=due)
    job = one_job(post)
    setattr(fake.faults, fault, 1.0)
    assert job_run(job_id=job.pk, worker="w1") == "unknown"
    attempt = PublishAttempt.objects.get(job=job)
    assert attempt.state == AttemptState.UNKNOWN and attempt.may_have_published
    setattr(fake.faults, fault, 0.0)
    assert again(job) == "reconciled"
    job.refresh_from_db()
    assert texts(fake) == [post.text]  # exactly one, found by content fingerprint
    assert (
        job.state == JobState.PUBLISHED and job.reconciled and job.remote_id == fake.posts()[0].id
    )
    assert fake.count("create_calls") == 1


def test_request_lost_before_create_is_published_after_reconcile_finds_nothing(
    ws, account, fake, due
):
    post = approved_post(workspace=ws, text="Dropped before create", at=due)
    job = one_job(post)
    fake.faults.drop_before_create = 1.0
    assert job_run(job_id=job.pk, worker="w1") == "unknown"
    fake.faults.drop_before_create = 0.0
    assert again(job) == "published"
    assert texts(fake) == [post.text]
    states = list(PublishAttempt.objects.filter(job=job).values_list("state", flat=True))
    assert states == [AttemptState.FAILED, AttemptState.SUCCEEDED]


def test_worker_death_mid_call_leaves_a_lease_the_next_worker_reconciles(ws, account, fake, due):
    """Simulate SIGKILL after the platform created the post: attempt SENDING, lease held."""
    post = approved_post(workspace=ws, text="Worker died", at=due)
    job = one_job(post)
    lease = _claim(job.pk, "dead-worker")
    assert lease is not None
    PublishAttempt.objects.create(
        job=job,
        platform="x",
        number=1,
        idempotency_key=job.idempotency_key,
        started_at=timezone.now(),
        worker="dead-worker",
    )
    PublishJob.objects.filter(pk=job.pk).update(attempts=1)
    import httpx as _h

    _h.post(
        f"{fake.url}/2/tweets", json={"text": post.text}, headers={"Authorization": "Bearer tok-u1"}
    )
    assert job_run(job_id=job.pk, worker="w2") == "skipped"  # lease still live
    PublishJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert job_run(job_id=job.pk, worker="w2") == "reconciled"
    assert texts(fake) == [post.text]
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED and job.lease_token == ""


def test_stale_worker_cannot_write_after_losing_its_lease(ws, account, fake, due):
    post = approved_post(workspace=ws, text="fenced", at=due)
    job = one_job(post)
    first = _claim(job.pk, "w1")
    PublishJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    second = _claim(job.pk, "w2")
    assert first and second and first.token != second.token
    from carepost.studio.publishing.services import LeaseLost

    with pytest.raises(LeaseLost):
        first.checkpoint({"container_id": "x"})
    assert _claim(job.pk, "w3") is None


def test_rate_limit_honours_reset_and_holds_the_account(ws, account, fake, due):
    a = approved_post(workspace=ws, text="first", at=due)
    b = approved_post(workspace=ws, text="second", at=due)
    jobs_materialize()
    ja, jb = PublishJob.objects.get(post=a), PublishJob.objects.get(post=b)
    fake.faults.error_429 = 1.0
    assert job_run(job_id=ja.pk) == "rate-limited"
    ja.refresh_from_db()
    account.refresh_from_db()
    assert (
        account.rate_limited_until
        and abs((ja.next_attempt_at - account.rate_limited_until).total_seconds()) < 0.01
    )
    assert ja.error_kind == "rate_limited" and "retries" in ja.error_action
    calls = fake.count("create_calls")
    assert job_run(job_id=jb.pk) == "deferred"  # no second call into a throttled account
    assert fake.count("create_calls") == calls


def test_temporary_error_backs_off_then_publishes(ws, account, fake, due):
    post = approved_post(workspace=ws, text="503 first", at=due)
    job = one_job(post)
    fake.faults.error_503 = 1.0
    assert job_run(job_id=job.pk) == "unknown"  # a 5xx after sending may have published
    job.refresh_from_db()
    assert job.next_attempt_at > timezone.now()
    fake.faults.error_503 = 0.0
    assert again(job) == "published" and texts(fake) == [post.text]


def test_dead_token_needs_reconnect_and_tells_owners(ws, account, fake, due, owner):
    ConnectedAccount.objects.filter(pk=account.pk).update(access_token="tok-dead-u1")
    ConnectedAccount.objects.get(pk=account.pk).save()  # re-encrypt through the field
    account = ConnectedAccount.objects.get(pk=account.pk)
    account.access_token = "tok-dead-u1"
    account.save()
    post = approved_post(workspace=ws, text="token", at=due)
    job = one_job(post)
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert job_run(job_id=job.pk) == "needs-reconnect"
    job.refresh_from_db()
    account.refresh_from_db()
    assert job.state == JobState.NEEDS_RECONNECT and account.status == AccountStatus.NEEDS_RECONNECT
    assert "Reconnect" in job.error_action
    assert (
        mail.outbox
        and mail.outbox[0].to == ["owner@clinic.test"]
        and "token" not in mail.outbox[0].body.lower().replace("reconnect", "")
    )
    with pytest.raises(Exception, match="reconnect the account first"):
        job_retry(actor=owner, job=job)


def _mock_x(handler):
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_duplicate_answer_means_reconcile_and_finds_the_post(ws, account, due):
    post = approved_post(workspace=ws, text="dup text", at=due)
    job = one_job(post)
    calls = []

    def handler(request):
        calls.append(request.method)
        if request.method == "POST":
            return httpx.Response(
                403,
                json={
                    "detail": "You are not allowed to create a Tweet with duplicate content.",
                    "type": "about:blank",
                    "title": "Forbidden",
                    "status": 403,
                },
            )
        return httpx.Response(
            200, json={"data": [{"id": "55", "text": "dup text"}], "meta": {"result_count": 1}}
        )

    assert job_run(job_id=job.pk, http=_mock_x(handler)) == "unknown"
    assert PublishAttempt.objects.get(job=job).state == AttemptState.DUPLICATE
    PublishJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    assert job_run(job_id=job.pk, http=_mock_x(handler)) == "reconciled"
    assert PublishJob.objects.get(pk=job.pk).remote_id == "55" and calls == ["POST", "GET"]


def test_duplicate_that_cannot_be_found_fails_with_advice(ws, account, due):
    post = approved_post(workspace=ws, text="dup elsewhere", at=due)
    job = one_job(post)

    def handler(request):
        if request.method == "POST":
            return httpx.Response(
                403,
                json={
                    "detail": "You are not allowed to create a Tweet with duplicate content.",
                    "type": "about:blank",
                    "title": "Forbidden",
                    "status": 403,
                },
            )
        return httpx.Response(200, json={"meta": {"result_count": 0}})

    outcomes = [job_run(job_id=job.pk, http=_mock_x(handler))]
    for _ in range(5):
        PublishJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
        outcomes.append(job_run(job_id=job.pk, http=_mock_x(handler)))
        if outcomes[-1] == "failed":
            break
    job.refresh_from_db()
    assert (
        outcomes[-1] == "failed" and job.state == JobState.FAILED and job.error_kind == "duplicate"
    )
    assert "edit the text" in job.error_action
    assert Post.objects.get(pk=post.pk).status == PostStatus.FAILED


def test_media_rejection_fails_with_the_platforms_reason_and_retry_button(ws, account, due, owner):
    post = approved_post(workspace=ws, text="bad", at=due)
    job = one_job(post)

    def handler(request):
        return httpx.Response(
            400,
            json={
                "type": "https://api.x.com/2/problems/invalid-request",
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid: media_ids",
                "status": 400,
            },
        )

    assert job_run(job_id=job.pk, http=_mock_x(handler)) == "failed"
    job.refresh_from_db()
    assert (
        job.error_kind == "media_rejected" and "media_ids" in job.error_message and job.error_action
    )
    job = job_retry(actor=owner, job=job)
    assert (
        job.state == JobState.SCHEDULED
        and Post.objects.get(pk=post.pk).status == PostStatus.SCHEDULED
    )


def test_crisis_pauses_and_lifting_resumes_in_order_or_holds_late_ones(ws, account, fake, owner):
    now = timezone.now()
    early = approved_post(workspace=ws, text="late one", at=now - timedelta(hours=2))
    recent = approved_post(workspace=ws, text="recent one", at=now - timedelta(seconds=10))
    jobs_materialize()
    ws.crisis_active = True
    ws.save(update_fields=["crisis_active"])
    for post in (early, recent):
        job = PublishJob.objects.get(post=post)
        assert job_run(job_id=job.pk) == "paused"
    assert fake.posts() == []
    assert jobs_resume_after_crisis() == 0  # still in crisis
    ws.crisis_active = False
    ws.save(update_fields=["crisis_active"])
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert jobs_resume_after_crisis() == 2
    late = PublishJob.objects.get(post=early)
    assert late.state == JobState.HELD and "past due" in late.error_message
    assert any("decision" in m.subject for m in mail.outbox)
    fresh = PublishJob.objects.get(post=recent)
    assert fresh.state == JobState.SCHEDULED
    assert job_run(job_id=fresh.pk) == "published"
    assert texts(fake) == ["recent one"]
    assert job_run(job_id=late.pk) == "skipped"  # held: never silently late
    job_retry(actor=owner, job=late)  # the owner decides: publish now
    assert again(late) == "published"


def test_organization_crisis_also_pauses(ws, account, fake, due):
    post = approved_post(workspace=ws, text="org crisis", at=due)
    job = one_job(post)
    org = ws.organization
    org.crisis_active = True
    org.save(update_fields=["crisis_active"])
    assert job_run(job_id=job.pk) == "paused" and fake.posts() == []


def test_content_changed_after_approval_stops_the_job(ws, account, fake, due):
    post = approved_post(workspace=ws, text="approved text", at=due)
    job = one_job(post)
    Post.objects.filter(pk=post.pk).update(text="edited without review")
    assert job_run(job_id=job.pk) == "stopped"
    job.refresh_from_db()
    assert job.state == JobState.STOPPED and "changed after it was approved" in job.error_message
    assert fake.posts() == []


def test_approval_bound_to_another_hash_stops_the_job(ws, account, fake, due):
    post = approved_post(workspace=ws, text="approved", at=due)
    post.approvals.update(content_hash="0" * 64)
    job = one_job(post)
    assert job_run(job_id=job.pk) == "stopped"
    assert "no approval covers" in PublishJob.objects.get(pk=job.pk).error_message


def test_revoked_consent_stops_the_job_and_reopens_the_post(ws, account, fake, due, owner):
    from ..factories import make_consent

    consent = make_consent(ws, owner)
    post = approved_post(workspace=ws, text="testimonial", at=due)
    post.consents.add(consent)
    from carepost.studio.posts.services import post_content_hash

    digest = post_content_hash(post)
    Post.objects.filter(pk=post.pk).update(content_hash=digest)
    post.approvals.update(content_hash=digest)
    job = one_job(post)
    from carepost.studio.consent.models import Consent, ConsentStatus

    Consent.objects.filter(pk=consent.pk).update(status=ConsentStatus.REVOKED)
    assert job_run(job_id=job.pk) == "stopped"
    job.refresh_from_db()
    assert "revoked" in job.error_message and f"C-{consent.pk}" in job.error_message
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW
    assert fake.posts() == []


def test_unscheduled_post_is_not_published(ws, account, fake, due):
    post = approved_post(workspace=ws, text="unscheduled", at=due)
    job = one_job(post)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.APPROVED)
    assert job_run(job_id=job.pk) == "stopped" and fake.posts() == []


def test_first_comment_is_posted_after_the_post(ws, account, fake, due):
    post = approved_post(workspace=ws, text="with comment", at=due)
    job = one_job(post)
    PublishJob.objects.filter(pk=job.pk).update(first_comment="Book at clinic.example")
    assert job_run(job_id=job.pk) == "published"
    job.refresh_from_db()
    assert texts(fake) == ["with comment", "Book at clinic.example"]
    assert job.comment_id == fake.posts()[1].id


def test_app_wide_quota_defers_without_calling(ws, account, fake, due, settings):
    settings.CAREPOST_PUBLISH_APP_LIMITS = {"x": (1, 86400)}
    a = approved_post(workspace=ws, text="q1", at=due)
    b = approved_post(workspace=ws, text="q2", at=due)
    jobs_materialize()
    assert job_run(job_id=PublishJob.objects.get(post=a).pk) == "published"
    assert job_run(job_id=PublishJob.objects.get(post=b).pk) == "deferred"
    assert texts(fake) == ["q1"]


def test_gives_up_after_max_attempts_with_the_last_error(ws, account, fake, due, settings):
    settings.CAREPOST_PUBLISHING = {**settings.CAREPOST_PUBLISHING, "MAX_ATTEMPTS": 2}
    post = approved_post(workspace=ws, text="flaky", at=due)
    job = one_job(post)
    fake.faults.error_429 = 1.0
    outcomes = []
    for _ in range(4):
        ConnectedAccount.objects.update(rate_limited_until=None)
        outcomes.append(again(job))
    job.refresh_from_db()
    assert outcomes[-1] == "skipped" and "failed" in outcomes
    assert job.state == JobState.FAILED and "gave up after 2 attempts" in job.error_message


def test_manual_channel_package_reminder_and_mark_posted(ws, fake, due, owner):
    post = approved_post(workspace=ws, text="Copy me", at=due, platforms=("linkedin",))
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        jobs_materialize()
    job = PublishJob.objects.get(post=post)
    assert job.state == JobState.MANUAL and job.manual.reminded_at
    assert any("by hand" in m.subject for m in mail.outbox)
    from carepost.studio.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        job_mark_manual_posted(actor=owner, job=job, url="not a url")
    job = job_mark_manual_posted(
        actor=owner, job=job, url="https://www.linkedin.com/feed/update/urn:li:share:1/"
    )
    assert job.state == JobState.PUBLISHED and job.payload["text"] == "Copy me"
    assert PostPublication.objects.get(post=post).url.startswith("https://www.linkedin.com/")


def test_dispatch_enqueues_due_jobs_once_through_django_tasks(ws, account, fake, due, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    posts = [approved_post(workspace=ws, text=f"d{i}", at=due) for i in range(3)]
    approved_post(workspace=ws, text="future", at=timezone.now() + timedelta(hours=1))
    out = dispatch_tick()
    assert out["materialized"] == 3 and out["enqueued"] == 3
    assert dispatch_tick()["enqueued"] == 0  # not twice
    rows = DBTaskResult.objects.all()
    assert rows.count() == 3 and {r.task_path for r in rows} == {
        "carepost.studio.publishing.tasks.publish_job_task"
    }
    # A job whose lease expired (its worker died) is enqueued again.
    job = PublishJob.objects.get(post=posts[0])
    _claim(job.pk, "dead")
    PublishJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert dispatch_tick()["enqueued"] == 1


def test_tokens_are_encrypted_at_rest(ws, account):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token FROM publishing_connectedaccount WHERE id = %s", [account.pk]
        )
        raw = cursor.fetchone()[0]
    assert raw.startswith("fernet:") and "tok-u1" not in raw
    assert str(ConnectedAccount.objects.get(pk=account.pk).access_token) == "tok-u1"
    assert "tok-u1" not in repr(ConnectedAccount.objects.get(pk=account.pk).access_token)


def test_key_rotation_reencrypts_every_row_and_a_wrong_key_fails_closed(ws, account, settings):
    from cryptography.fernet import Fernet

    from carepost.studio.publishing.accounts import tokens_rotate
    from carepost.studio.publishing.crypto import TokenDecryptError, configured_keys

    old = configured_keys()
    new = Fernet.generate_key().decode()
    ConnectedAccount.objects.create(
        workspace=ws,
        platform="tiktok",
        external_id="t1",
        access_token="tt-access",
        refresh_token="tt-refresh",
    )
    settings.CAREPOST_TOKEN_KEYS = ",".join([new, *old])
    assert tokens_rotate() == 2
    settings.CAREPOST_TOKEN_KEYS = new  # old key removed: rotated rows still readable
    assert str(ConnectedAccount.objects.get(external_id="t1").refresh_token) == "tt-refresh"
    settings.CAREPOST_TOKEN_KEYS = Fernet.generate_key().decode()
    with pytest.raises(TokenDecryptError):
        ConnectedAccount.objects.get(external_id="t1")


@pytest.mark.parametrize(
    ("tz", "wall", "expected_utc"),
    [
        (
            "America/New_York",
            datetime(2026, 3, 8, 2, 30),
            datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
        ),  # gap → 03:30 EDT
        (
            "America/New_York",
            datetime(2026, 11, 1, 1, 30),
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        ),  # fold → first (EDT)
        ("America/New_York", datetime(2026, 7, 1, 9, 0), datetime(2026, 7, 1, 13, 0, tzinfo=UTC)),
        (
            "Europe/London",
            datetime(2026, 3, 29, 1, 30),
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        ),  # gap → 02:30 BST
        (
            "Europe/London",
            datetime(2026, 10, 25, 1, 30),
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        ),  # fold → BST
        (
            "Australia/Lord_Howe",
            datetime(2026, 10, 4, 2, 15),
            datetime(2026, 10, 3, 15, 45, tzinfo=UTC),
        ),  # 30-min gap
        ("Asia/Kolkata", datetime(2026, 1, 1, 9, 0), datetime(2026, 1, 1, 3, 30, tzinfo=UTC)),
    ],
)
def test_workspace_wall_time_to_utc_handles_dst(tz, wall, expected_utc):
    from carepost.studio.publishing.services import local_to_utc

    assert local_to_utc(wall, tz) == expected_utc


def test_wall_times_round_trip_across_many_zones():
    """Every existing wall time maps to a UTC instant that shows the same wall time again."""
    from zoneinfo import ZoneInfo

    from carepost.studio.publishing.services import local_to_utc

    zones = [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Sao_Paulo",
        "America/Santiago",
        "Europe/London",
        "Europe/Berlin",
        "Europe/Helsinki",
        "Africa/Cairo",
        "Asia/Tehran",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Australia/Adelaide",
        "Australia/Lord_Howe",
        "Pacific/Auckland",
        "Pacific/Chatham",
    ]
    checked = 0
    for tz in zones:
        zone = ZoneInfo(tz)
        wall = datetime(2026, 1, 1, 0, 15)
        while wall.year == 2026:
            utc = local_to_utc(wall, tz)
            back = utc.astimezone(zone).replace(tzinfo=None)
            exists = (
                datetime.fromtimestamp(wall.replace(tzinfo=zone).timestamp(), zone).replace(
                    tzinfo=None
                )
                == wall
            )
            assert back == wall if exists else back > wall, (tz, wall, back)
            wall += timedelta(hours=7, minutes=15)
            checked += 1
    assert checked > 20_000
