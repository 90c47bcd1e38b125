"""The audit page as a privacy officer uses it (issue 13, item 8): filters (who, what, when,
which object), a streamed CSV export that a spreadsheet cannot be tricked into running, readable
targets, and one event per publication."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from carepost.studio.audit.models import AuditEvent
from carepost.studio.audit.selectors import csv_safe
from carepost.studio.audit.services import audit_log
from carepost.studio.posts.services import post_create, post_schedule
from carepost.studio.publishing.actions import job_mark_manual_posted
from carepost.studio.publishing.models import PublishJob
from carepost.studio.publishing.services import jobs_materialize
from carepost.studio.reviews.services import post_review_approve, post_submit
from carepost.studio.workspaces.models import Workspace

from .factories import make_consent, make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]

DAY1 = datetime(2027, 2, 1, 15, 0, tzinfo=UTC)
DAY2 = datetime(2027, 2, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def world():
    ws = make_workspace("Audit Clinic")
    Workspace.objects.filter(pk=ws.pk).update(timezone="America/New_York")
    ws.refresh_from_db()
    owner = member(ws, "owner", email="owner@clinic.test")
    author = member(ws, "author", email="author@clinic.test")
    privacy = member(ws, "privacy_officer", email="privacy@clinic.test")
    with time_machine.travel(DAY1, tick=False):
        flu = post_create(actor=author, workspace=ws, title="Flu shot reminder", text="Flu shots.")
        consent = make_consent(ws, privacy, person="Maria Lopez")
    with time_machine.travel(DAY2, tick=False):
        other = post_create(actor=author, workspace=ws, title="Open house", text="Come by.")
        post_submit(actor=author, post=other)
        post_review_approve(actor=owner, post=other)
    return {
        "ws": ws,
        "owner": owner,
        "author": author,
        "privacy": privacy,
        "flu": flu,
        "other": other,
        "consent": consent,
    }


def _page(client, world, **params):
    client.force_login(world["privacy"])
    response = client.get(reverse("audit", args=[world["ws"].pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(body: str) -> int:
    return body.count("<tr>") - 1  # the header row


def _table(body: str) -> str:
    return body.split("<tbody>", 1)[1]


# ------------------------------------------------------------------ readable targets
def test_targets_are_readable_and_carry_no_phi(client, world):
    body = _page(client, world)
    assert "post &#x27;Flu shot reminder&#x27;" in body
    assert f"consent C-{world['consent'].pk}" in body
    assert "Maria Lopez" not in body
    assert "posts.post " not in body and "consent.consent " not in body
    assert "workspace &#x27;Audit Clinic&#x27;" in body


def test_a_deleted_target_still_reads(client, world):
    from carepost.studio.posts.models import Post

    pk = world["flu"].pk
    Post.objects.filter(pk=pk).delete()
    body = _page(client, world)
    assert f"post {pk} (deleted)" in body


# ------------------------------------------------------------------ filters
def test_filter_by_actor(client, world):
    body = _page(client, world, actor="owner@clinic.test")
    assert "Open house" in body and "Flu shot reminder" not in body
    assert '<option value="owner@clinic.test" selected>' in body


def test_filter_by_event_and_by_group(client, world):
    body = _page(client, world, event="post.create")
    assert _rows(body) == 2
    assert "Post created" in _table(body) and "Consent recorded" not in _table(body)
    assert _rows(_page(client, world, event="consent.")) == 1


def test_filter_by_date_range_in_the_workspace_zone(client, world):
    # DAY1 15:00 UTC is 10:00 in New York on 1 Feb; DAY2 on 3 Feb
    assert "Flu shot reminder" in _page(client, world, **{"from": "2027-02-01", "to": "2027-02-01"})
    day2 = _page(client, world, **{"from": "2027-02-02"})
    assert "Open house" in day2 and "Flu shot reminder" not in day2
    with time_machine.travel(datetime(2027, 2, 4, 4, 30, tzinfo=UTC), tick=False):
        audit_log(event="crisis.start", actor=world["owner"], workspace=world["ws"])
    late = _page(client, world, **{"from": "2027-02-03", "to": "2027-02-03"})  # 23:30 on 3 Feb
    assert "Crisis mode started" in late


def test_filter_by_object_from_its_link(client, world):
    flu = world["flu"]
    body = _page(client, world)
    link = f'href="?object=posts.post%3A{flu.pk}"'
    assert link in body
    only = _page(client, world, object=f"posts.post:{flu.pk}")
    assert "Only events about <strong>post &#x27;Flu shot reminder&#x27;</strong>" in only
    assert "Open house" not in only.split('id="object-filter"')[1]


def test_bad_filters_name_the_parameter(client, world):
    client.force_login(world["privacy"])
    url = reverse("audit", args=[world["ws"].pk])
    assert client.get(url, {"from": "yesterday"}).status_code == 400
    assert client.get(url, {"event": "nope"}).status_code == 400
    assert client.get(url, {"object": "18"}).status_code == 400


# ------------------------------------------------------------------ CSV
def test_csv_export_streams_filtered_readable_rows_and_is_audited(client, world):
    client.force_login(world["privacy"])
    response = client.get(
        reverse("audit_export", args=[world["ws"].pk]), {"event": "post.", "from": "2027-02-02"}
    )
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["event"] for r in rows} >= {"post.submit", "post.review.approve"}
    assert all(r["event"].startswith("post.") for r in rows)
    assert rows and all(r["target"] == "post 'Open house'" for r in rows)
    assert rows[0]["time"].startswith("2027-02-03T10:00:00-05:00")
    export = AuditEvent.objects.filter(event_type="audit.export").get()
    assert export.actor_label == "privacy@clinic.test"
    assert export.data["filter"] == {"event": "post.", "from": "2027-02-02"}


def test_csv_cells_cannot_run_as_formulas(client, world):
    audit_log(
        event="crisis.start", actor='=HYPERLINK("http://evil.example")', workspace=world["ws"]
    )
    audit_log(event="crisis.lift", actor="+1-2", workspace=world["ws"])
    client.force_login(world["privacy"])
    response = client.get(reverse("audit_export", args=[world["ws"].pk]), {"event": "crisis."})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    actors = {r["actor"] for r in rows}
    assert actors == {'\'=HYPERLINK("http://evil.example")', "'+1-2"}


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("＝1", "'＝1"),
        ("post 'x'", "post 'x'"),
        ("a=1", "a=1"),
        (12, "12"),
        (None, ""),
    ],
)
def test_csv_safe(value, safe):
    assert csv_safe(value) == safe


# ------------------------------------------------------------------ one event per publication
def test_a_post_posted_by_hand_is_logged_once(client, world):
    ws, author, owner = world["ws"], world["author"], world["owner"]
    post = post_create(
        actor=author, workspace=ws, title="Hand post", text="Flu shots.", variants={"x": ""}
    )
    post_submit(actor=author, post=post)
    post_review_approve(actor=owner, post=post)
    at = datetime.now(UTC) + timedelta(hours=1)
    post_schedule(actor=author, post=post, at=at)
    jobs_materialize(now=at + timedelta(minutes=1))
    job = PublishJob.objects.get(post=post)
    before = AuditEvent.objects.count()
    job_mark_manual_posted(actor=owner, job=job, url="https://x.com/clinic/status/123")
    new = list(AuditEvent.objects.filter(id__gt=0).order_by("id")[before:])
    assert [e.event_type for e in new] == ["post.publish"]
    assert new[0].data["how"] == "by hand" and new[0].data["job"] == job.pk
    body = _page(client, world, object=f"posts.post:{post.pk}")
    table = _table(body)
    assert table.count("Post published") == 1 and "Post published · X, by hand" in table


def test_each_platform_of_a_post_is_one_event(world):
    ws, author, owner = world["ws"], world["author"], world["owner"]
    post = post_create(
        actor=author,
        workspace=ws,
        title="Two platforms",
        text="Flu shots.",
        variants={"x": "", "facebook": ""},
    )
    post_submit(actor=author, post=post)
    post_review_approve(actor=owner, post=post)
    at = datetime.now(UTC) + timedelta(hours=1)
    post_schedule(actor=author, post=post, at=at)
    jobs_materialize(now=at + timedelta(minutes=1))
    before = AuditEvent.objects.count()
    urls = {
        "x": "https://x.com/clinic/status/123",
        "facebook": "https://www.facebook.com/clinic/posts/pfbid1",
    }
    for job in PublishJob.objects.filter(post=post):
        job_mark_manual_posted(actor=owner, job=job, url=urls[job.platform])
    new = AuditEvent.objects.filter(id__gt=0).order_by("id")[before:]
    assert sorted((e.event_type, e.data["platform"]) for e in new) == [
        ("post.publish", "facebook"),
        ("post.publish", "x"),
    ]
