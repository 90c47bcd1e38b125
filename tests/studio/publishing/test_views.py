from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import timezone

from carepost.studio.publishing.models import JobState, PublishJob
from carepost.studio.publishing.services import job_run, jobs_materialize
from carepost.studio.workspaces.models import Role
from tests.support.publishing import approved_post

from ..factories import PASSWORD, make_workspace, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, owner):
    assert client.login(username=owner.username, password=PASSWORD)
    return client


def test_queue_shows_waiting_jobs_with_what_to_do_and_times_in_the_workspace_zone(
    signed_in, ws, account, fake, due
):
    ws.timezone = "Europe/Berlin"
    ws.save(update_fields=["timezone"])
    post = approved_post(workspace=ws, text="queued", at=due)
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    fake.faults.error_429 = 1.0
    job_run(job_id=job.pk)
    page = signed_in.get(f"/w/{ws.pk}/publishing/").content.decode()
    assert "@clinic" in page and f"#{post.pk}" in page and "Europe/Berlin" in page
    assert "retries after the platform" in page  # what to do
    detail = signed_in.get(f"/w/{ws.pk}/publishing/jobs/{job.pk}/").content.decode()
    assert "rate limit" in detail.lower() and "History" in detail


def test_failed_job_page_has_retry_and_retry_reschedules(signed_in, ws, account, fake, due):
    post = approved_post(workspace=ws, text="will fail", at=due)
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    PublishJob.objects.filter(pk=job.pk).update(
        state=JobState.FAILED,
        error_kind="media_rejected",
        error_message="media refused: too big",
        error_action="Replace the media file.",
    )
    page = signed_in.get(f"/w/{ws.pk}/publishing/jobs/{job.pk}/").content.decode()
    assert (
        "media refused: too big" in page and "Replace the media file." in page and ">Retry<" in page
    )
    response = signed_in.post(f"/w/{ws.pk}/publishing/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    assert PublishJob.objects.get(pk=job.pk).state == JobState.SCHEDULED
    assert job_run(job_id=job.pk) == "published"
    page = signed_in.get(f"/w/{ws.pk}/publishing/posts/{post.pk}/").content.decode()
    assert (
        "Published" in page and fake.posts()[0].id in PublishJob.objects.get(pk=job.pk).remote_url
    )


def test_manual_package_and_mark_posted(signed_in, ws, due):
    post = approved_post(workspace=ws, text="Post me by hand #Flu", at=due, platforms=("tiktok",))
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    response = signed_in.get(f"/w/{ws.pk}/publishing/jobs/{job.pk}/package.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "text.txt" in names and "README.txt" in names
    assert (
        zipfile.ZipFile(io.BytesIO(response.content)).read("text.txt").decode()
        == "Post me by hand #Flu"
    )
    signed_in.post(
        f"/w/{ws.pk}/publishing/jobs/{job.pk}/posted/",
        {"url": "https://www.tiktok.com/@clinic/video/1"},
    )
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED and job.published_at <= timezone.now()


def test_other_workspaces_jobs_are_not_found_and_analysts_cannot_retry(client, ws, account, due):
    other = make_workspace("Other")
    stranger = member(other, Role.OWNER)
    post = approved_post(workspace=ws, text="mine", at=due)
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    client.login(username=stranger.username, password=PASSWORD)
    assert client.get(f"/w/{ws.pk}/publishing/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/w/{other.pk}/publishing/jobs/{job.pk}/").status_code == 404
    analyst = member(ws, Role.ANALYST)
    client.login(username=analyst.username, password=PASSWORD)
    assert client.get(f"/w/{ws.pk}/publishing/jobs/{job.pk}/").status_code == 200
    PublishJob.objects.filter(pk=job.pk).update(state=JobState.FAILED)
    assert client.post(f"/w/{ws.pk}/publishing/jobs/{job.pk}/retry/").status_code == 403
    assert PublishJob.objects.get(pk=job.pk).state == JobState.FAILED
