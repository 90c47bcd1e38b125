"""Times as a person sees and sets them (issue 13, item 1): one zone everywhere, the
workspace's, labelled on every time; a time in the past is refused; rescheduling (form or
calendar drag) moves the publish jobs and the copy-ready package; DST gaps and folds through the
same form and drag views a person uses."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from carepost.studio.audit.models import AuditEvent
from carepost.studio.posts.models import PostStatus
from carepost.studio.posts.services import post_create, post_schedule
from carepost.studio.publishing.models import ConnectedAccount, JobState, PublishJob
from carepost.studio.publishing.services import jobs_materialize
from carepost.studio.reviews.services import post_review_approve, post_submit
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.timezones import format_local, wall_time_note

from .factories import make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]

#: "Now" for every test here: before every date they use, whatever day the suite runs on.
NOW = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _team(tz: str):
    ws = make_workspace("Times Clinic")
    Workspace.objects.filter(pk=ws.pk).update(timezone=tz)
    ws.refresh_from_db()
    return ws, member(ws, "owner"), member(ws, "author")


def _approved(ws, owner, author, title="Flu shot reminder", variants=("x", "facebook")):
    post = post_create(
        actor=author,
        workspace=ws,
        title=title,
        text="Flu shots this week.",
        variants={v: "" for v in variants},
    )
    post_submit(actor=author, post=post)
    post_review_approve(actor=owner, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    return post


def _schedule_form(client, ws, post, value: str):
    return client.post(
        reverse("post_action", args=[ws.pk, post.pk, "schedule"]), {"scheduled_at": value}
    )


# ------------------------------------------------------------------ one zone, labelled everywhere
def test_every_page_shows_the_workspace_time_with_its_label(client):
    ws, owner, author = _team("Europe/Berlin")
    post = _approved(ws, owner, author)
    post_schedule(actor=author, post=post, at=datetime(2027, 3, 10, 8, 0, tzinfo=UTC))
    jobs_materialize(now=datetime(2027, 3, 10, 8, 1, tzinfo=UTC))  # no account: by hand
    job = PublishJob.objects.get(post=post, platform="x")
    client.force_login(owner)
    label = "Wed 10 Mar 2027, 09:00 CET"
    pages = {
        "list": reverse("post_list", args=[ws.pk]),
        "detail": reverse("post_detail", args=[ws.pk, post.pk]),
        "publishing": reverse("publishing_post", args=[ws.pk, post.pk]),
        "job": reverse("publishing_job", args=[ws.pk, job.pk]),
        "queue": reverse("publishing_queue", args=[ws.pk]),
    }
    for name, url in pages.items():
        body = client.get(url).content.decode()
        assert (
            f'<time datetime="2027-03-10T08:00:00Z" title="Europe/Berlin">{label}</time>' in body
        ), name
        assert "08:00" not in body.replace('datetime="2027-03-10T08:00:00Z"', ""), name
    calendar = client.get(reverse("calendar", args=[ws.pk]) + "?month=2027-03").content.decode()
    assert '<span class="cal-time">09:00 CET</span>' in calendar
    package = client.get(reverse("publishing_manual_package", args=[ws.pk, job.pk]))
    readme = zipfile.ZipFile(io.BytesIO(package.content)).read("README.txt").decode()
    assert f"due {label} (Europe/Berlin)" in readme and "UTC" not in readme


def test_the_label_follows_summer_time_and_numeric_zones():
    assert format_local(datetime(2027, 7, 1, 7, 0, tzinfo=UTC), "Europe/Berlin") == (
        "Thu 1 Jul 2027, 09:00 CEST"
    )
    assert format_local(datetime(2027, 7, 1, 7, 0, tzinfo=UTC), "Asia/Dubai") == (
        "Thu 1 Jul 2027, 11:00 UTC+04"
    )
    assert format_local(datetime(2027, 7, 1, 7, 0, tzinfo=UTC), "Asia/Kathmandu") == (
        "Thu 1 Jul 2027, 12:45 UTC+05:45"
    )


def test_the_schedule_form_is_prefilled_in_the_workspace_zone(client):
    ws, owner, author = _team("Europe/Berlin")
    post = _approved(ws, owner, author)
    post_schedule(actor=author, post=post, at=datetime(2027, 3, 10, 8, 0, tzinfo=UTC))
    client.force_login(author)
    body = client.get(reverse("post_detail", args=[ws.pk, post.pk])).content.decode()
    assert 'value="2027-03-10T09:00"' in body and 'min="2027-01-15T13:00"' in body
    assert "Publish at, Europe/Berlin time" in body


# ------------------------------------------------------------------ the past is refused
def test_a_time_in_the_past_is_refused_with_a_clear_message(client):
    ws, owner, author = _team("America/New_York")
    post = _approved(ws, owner, author)
    client.force_login(author)
    response = _schedule_form(client, ws, post, "2027-01-15T06:59")  # 11:59 UTC
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Fri 15 Jan 2027, 06:59 EST has already passed (it is now Fri 15 Jan 2027, 07:00 EST): "
        "choose a later time"
    ) in body
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.scheduled_at is None
    assert _schedule_form(client, ws, post, "2027-01-15T07:01").status_code == 302


def test_dragging_to_a_past_day_is_refused(client):
    ws, owner, author = _team("America/New_York")
    post = _approved(ws, owner, author)
    post_schedule(actor=author, post=post, at=datetime(2027, 1, 20, 14, 0, tzinfo=UTC))
    client.force_login(author)
    response = client.post(
        reverse("post_reschedule", args=[ws.pk, post.pk]),
        {"date": "2027-01-14"},
        headers={"HX-Request": "true"},
    )
    assert "has already passed" in response.content.decode()
    post.refresh_from_db()
    assert post.scheduled_at == datetime(2027, 1, 20, 14, 0, tzinfo=UTC)


# ------------------------------------------------------------------ jobs move with the post
def _with_jobs(ws, owner, author):
    """A scheduled post that fell due: a job on a connected X account (held after a crisis) and
    a by-hand job for Facebook (no account)."""
    ConnectedAccount.objects.create(
        workspace=ws, platform="x", external_id="u1", display_name="@clinic", access_token="t"
    )
    post = _approved(ws, owner, author)
    due = datetime(2027, 1, 15, 13, 0, tzinfo=UTC)
    post_schedule(actor=author, post=post, at=due)
    jobs_materialize(now=due)
    PublishJob.objects.filter(post=post, platform="x").update(
        state=JobState.HELD, error_message="It was due during crisis mode and is now past due."
    )
    return post


@pytest.mark.parametrize("how", ["form", "drag"])
def test_rescheduling_moves_the_jobs_and_the_package(client, how):
    ws, owner, author = _team("Europe/Berlin")
    post = _with_jobs(ws, owner, author)
    client.force_login(author)
    if how == "form":
        response = _schedule_form(client, ws, post, "2027-01-20T18:30")
        assert response.status_code == 302
    else:
        response = client.post(
            reverse("post_reschedule", args=[ws.pk, post.pk]), {"date": "2027-01-20"}
        )
        assert response.status_code == 204
    post.refresh_from_db()
    new = post.scheduled_at
    assert new == (
        datetime(2027, 1, 20, 17, 30, tzinfo=UTC)
        if how == "form"
        else datetime(2027, 1, 20, 13, 0, tzinfo=UTC)  # the same 14:00 CET, five days on
    )
    x = PublishJob.objects.get(post=post, platform="x")
    assert (x.state, x.publish_at, x.next_attempt_at, x.error_message) == (
        JobState.SCHEDULED,
        new,
        new,
        "",
    )
    manual = PublishJob.objects.get(post=post, platform="facebook")
    assert (manual.state, manual.publish_at) == (JobState.MANUAL, new)
    package = client.get(reverse("publishing_manual_package", args=[ws.pk, manual.pk]))
    readme = zipfile.ZipFile(io.BytesIO(package.content)).read("README.txt").decode()
    assert f"due {format_local(new, ws)} (Europe/Berlin)" in readme
    moved = AuditEvent.objects.filter(event_type="publishing.job.reschedule")
    assert sorted(e.data["platform"] for e in moved) == ["facebook", "x"]
    page = client.get(reverse("post_detail", args=[ws.pk, post.pk])).content.decode()
    assert ("Scheduled for " if how == "form" else "Moved to ") + format_local(new, ws) in page


def test_a_post_being_sent_cannot_be_moved(client):
    ws, owner, author = _team("Europe/Berlin")
    post = _with_jobs(ws, owner, author)
    PublishJob.objects.filter(post=post, platform="x").update(state=JobState.PUBLISHING)
    post.refresh_from_db()
    before = post.scheduled_at
    client.force_login(author)
    response = _schedule_form(client, ws, post, "2027-01-20T18:30")
    assert response.status_code == 409
    assert "being published on X" in response.content.decode()
    post.refresh_from_db()
    assert post.scheduled_at == before
    assert PublishJob.objects.get(post=post, platform="facebook").publish_at == before


# ------------------------------------------------------------------ DST through the UI
def test_a_time_in_the_spring_gap_moves_forward_and_says_so(client):
    ws, owner, author = _team("America/New_York")
    post = _approved(ws, owner, author)
    client.force_login(author)
    response = _schedule_form(client, ws, post, "2027-03-14T02:30")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.scheduled_at == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 03:30 EDT
    page = client.get(response["Location"]).content.decode()
    assert (
        "02:30 on 14 Mar 2027 does not exist in America/New_York (the clocks go forward), "
        "so it is scheduled for 03:30 EDT."
    ) in page
    assert ">Sun 14 Mar 2027, 03:30 EDT</time>" in page


def test_a_time_in_the_autumn_fold_takes_the_first_and_says_so(client):
    ws, owner, author = _team("America/New_York")
    post = _approved(ws, owner, author)
    client.force_login(author)
    response = _schedule_form(client, ws, post, "2027-11-07T01:30")
    post.refresh_from_db()
    assert post.scheduled_at == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT, not EST
    page = client.get(response["Location"]).content.decode()
    assert "01:30 on 7 Nov 2027 happens twice in America/New_York (the clocks go back)" in page
    assert ">Sun 7 Nov 2027, 01:30 EDT</time>" in page


@pytest.mark.parametrize(
    ("start", "day", "expected", "note"),
    [
        # 02:30 EST on a Wednesday, dragged onto the Sunday the clocks go forward
        (
            datetime(2027, 3, 10, 7, 30, tzinfo=UTC),
            "2027-03-14",
            datetime(2027, 3, 14, 7, 30, tzinfo=UTC),
            "does not exist",
        ),
        # 01:30 EDT on a Wednesday, dragged onto the Sunday the clocks go back: the first 01:30
        (
            datetime(2027, 11, 3, 5, 30, tzinfo=UTC),
            "2027-11-07",
            datetime(2027, 11, 7, 5, 30, tzinfo=UTC),
            "happens twice",
        ),
        # an ordinary drag across the change keeps the wall-clock time (09:00 EST → 09:00 EDT)
        (
            datetime(2027, 3, 10, 14, 0, tzinfo=UTC),
            "2027-03-17",
            datetime(2027, 3, 17, 13, 0, tzinfo=UTC),
            "Moved to Wed 17 Mar 2027, 09:00 EDT",
        ),
    ],
)
def test_a_calendar_drag_across_dst(client, start, day, expected, note):
    ws, owner, author = _team("America/New_York")
    post = _approved(ws, owner, author)
    post_schedule(actor=author, post=post, at=start)
    client.force_login(author)
    response = client.post(reverse("post_reschedule", args=[ws.pk, post.pk]), {"date": day})
    assert response.status_code == 204
    post.refresh_from_db()
    assert post.scheduled_at == expected
    month = day[:7]
    page = client.get(reverse("calendar", args=[ws.pk]) + f"?month={month}").content.decode()
    assert note in page


def test_wall_time_note_is_silent_for_ordinary_times():
    assert wall_time_note(datetime(2027, 3, 13, 2, 30), "America/New_York") is None
    assert wall_time_note(datetime(2027, 3, 14, 2, 30), "Asia/Tokyo") is None
    assert wall_time_note(datetime(2027, 3, 28, 2, 30), "Europe/Berlin") is not None
