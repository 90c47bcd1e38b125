"""Behaviour of the studio's pages (as a user sees them) beyond access control."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from carepost.studio.posts.models import PostStatus
from carepost.studio.posts.services import post_create, post_schedule
from carepost.studio.reviews.clients import post_client_link_create
from carepost.studio.reviews.services import (
    post_review_approve,
    post_submit,
    post_waiver_record,
    workspace_review_step_add,
)
from carepost.studio.workspaces.services import crisis_start, invitation_create

from .factories import make_user, make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]


@pytest.fixture
def team():
    ws = make_workspace("Views Clinic")
    return {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "clinical": member(ws, "clinical_reviewer"),
        "privacy": member(ws, "privacy_officer"),
    }


def test_live_check_highlights_spans_and_counts_platforms(client, team):
    client.force_login(team["author"])
    response = client.post(
        reverse("live_check", args=[team["ws"].pk]),
        {
            "text": "Thanks patient Maria Lopez & team!",
            "on_x": "on",
            "variant_x": "Flu <b>shots</b> " * 20,
        },
    )
    body = response.content.decode()
    assert '<mark class="error" data-finding="0" title="finding 1">Maria Lopez</mark>' in body
    assert "&amp; team" in body  # the text is escaped around the marks
    assert "&lt;b&gt;" in body and "<b>shots" not in body
    assert 'data-platform="x"' in body and "over" in body  # 300+ characters on X: counter in red
    assert "approval blocked" in body


def test_applying_a_fix_rewrites_the_field(client, team, monkeypatch):
    from carepost.checks.model import Applicability, Finding, Fix, Span

    from . import conftest

    def check(self, ctx):
        i = ctx.text.find("cures")
        if i >= 0:
            yield Finding(
                code=self.code,
                name=self.name,
                category=self.category,
                level=self.level,
                message="absolute claim",
                span=Span(i, i + 5),
                fix=Fix(
                    "Say 'may help with'", Applicability.UNSAFE, "may help with", Span(i, i + 5)
                ),
            )

    monkeypatch.setattr(conftest._Cures, "check", check)
    client.force_login(team["author"])
    response = client.post(
        reverse("live_check", args=[team["ws"].pk]),
        {"text": "Tea cures colds.", "apply": "0", "field": "text"},
    )
    body = response.content.decode()
    assert 'hx-swap-oob="outerHTML:#id_text"' in body
    assert ">Tea may help with colds.</textarea>" in body


def test_adapter_writes_variants(client, team):
    client.force_login(team["author"])
    master = "Flu shots are available every weekday. Learn more: https://example.org/flu " * 3
    response = client.post(
        reverse("live_check", args=[team["ws"].pk]),
        {"text": master, "on_x": "on", "variant_x": "", "adapt": "1"},
    )
    body = response.content.decode()
    assert 'hx-swap-oob="outerHTML:#id_variant_x"' in body
    assert 'data-platform="x"' in body


def test_waiver_is_visible_on_the_post(client, team):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="t", text="Thanks patient Maria Lopez!"
    )
    post_submit(actor=team["author"], post=post)
    client.force_login(team["author"])
    page = client.get(reverse("post_detail", args=[team["ws"].pk, post.pk])).content.decode()
    assert 'id="approval-blocked"' in page and "ask the privacy/compliance officer" in page
    post_waiver_record(
        actor=team["privacy"], post=post, code="TST901", reason="Signed consent C-7 on file"
    )
    page = client.get(reverse("post_detail", args=[team["ws"].pk, post.pk])).content.decode()
    assert "Signed consent C-7 on file" in page and 'id="approval-blocked"' not in page


def test_evidence_export_has_versions_approvals_and_publications(client, team):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    post.refresh_from_db()
    client.force_login(team["privacy"])
    data = client.get(reverse("post_evidence", args=[team["ws"].pk, post.pk, "json"])).json()
    assert [v["number"] for v in data["versions"]] == [1]
    assert data["versions"][0]["reports"]["master"]["findings"] == []
    assert data["approvals"][0]["by"] == team["owner"].email
    assert data["approvals"][0]["content_hash"] == post.content_hash
    assert [e["event"] for e in data["audit"]][:3] == [
        "post.create",
        "post.submit",
        "post.review.approve",
    ]
    html = client.get(
        reverse("post_evidence", args=[team["ws"].pk, post.pk, "html"])
    ).content.decode()
    assert post.content_hash in html and team["owner"].email in html


def test_client_approver_signs_off_marketing_through_the_link(client, team):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    _, token = post_client_link_create(
        actor=team["author"], post=post, email="brand@client.example"
    )
    page = client.get(reverse("client_review", args=[token]))
    assert page.status_code == 200 and "Flu shots." in page.content.decode()
    assert client.post(reverse("client_review", args=[token]), {"note": "ok"}).status_code == 200
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert post.approvals.get().actor_label == "client:brand@client.example"
    assert client.get(reverse("client_review", args=[token])).status_code == 404  # used
    assert client.get(reverse("client_review", args=["forged"])).status_code == 404


def test_invitation_by_email_then_accept(
    client, team, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            actor=team["owner"], workspace=team["ws"], email="new@example.test", role="analyst"
        )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new@example.test"]
    link = next(w for w in mailoutbox[0].body.split() if "/invitations/" in w)
    path = link[link.index("/invitations/") :]
    stranger = make_user("other@example.test")
    client.force_login(stranger)
    assert client.post(path).status_code == 400  # sent to someone else
    newcomer = make_user("new@example.test")
    client.force_login(newcomer)
    assert client.post(path).status_code == 302
    assert client.get(reverse("post_list", args=[team["ws"].pk])).status_code == 200
    assert client.post(path).status_code == 409  # used once


def test_crisis_banner_on_every_page(client, team):
    crisis_start(
        actor=team["privacy"], organization=team["ws"].organization, reason="Water outbreak"
    )
    client.force_login(team["author"])
    for url in [
        "/",
        reverse("post_list", args=[team["ws"].pk]),
        reverse("calendar", args=[team["ws"].pk]),
    ]:
        assert (
            "Crisis mode" in client.get(url).content.decode()
            and "Water outbreak" in client.get(url).content.decode()
        )


def test_workspace_step_all_mode_needs_every_member(team):
    workspace_review_step_add(
        actor=team["owner"],
        workspace=team["ws"],
        name="Legal",
        cap="review_clinical",
        mode="all",
    )
    second = member(team["ws"], "clinical_reviewer")
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    post_review_approve(actor=team["clinical"], post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW  # one of two reviewers so far
    post_review_approve(actor=second, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_calendar_month_shows_posts_and_observances_and_drag_reschedules(client, team):
    ws = team["ws"]
    post = post_create(
        actor=team["author"],
        workspace=ws,
        title="Heart tips",
        text="Move more.",
        pillar="education",
    )
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    zone = ZoneInfo(ws.timezone)
    post_schedule(actor=team["author"], post=post, at=datetime(2027, 2, 10, 9, 30, tzinfo=zone))
    client.force_login(team["author"])
    page = client.get(reverse("calendar", args=[ws.pk]) + "?month=2027-02").content.decode()
    assert "Heart tips" in page and "American Heart Month" in page
    assert 'data-date="2027-02-10"' in page
    response = client.post(
        reverse("post_reschedule", args=[ws.pk, post.pk]), {"date": "2027-02-12"}
    )
    assert response.status_code == 204
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(zone) == datetime(2027, 2, 12, 9, 30, tzinfo=zone)
    week = client.get(reverse("calendar", args=[ws.pk]) + "?week=2027-02-12").content.decode()
    assert "Heart tips" in week and "2027-02-08" in week  # the Monday of that week
    assert timezone.is_aware(post.scheduled_at) and post.scheduled_at.utcoffset() == timedelta(0)


def test_client_link_is_shown_once_and_threaded_comments(client, team):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    client.force_login(team["author"])
    detail = reverse("post_detail", args=[team["ws"].pk, post.pk])
    client.post(
        reverse("post_action", args=[team["ws"].pk, post.pk, "client-link"]),
        {"email": "c@x.example"},
    )
    first = client.get(detail).content.decode()
    assert 'id="client-link"' in first and "/review/" in first
    assert 'id="client-link"' not in client.get(detail).content.decode()
    client.post(
        reverse("post_action", args=[team["ws"].pk, post.pk, "comment"]), {"body": "Source?"}
    )
    parent = post.comments.get()
    client.force_login(team["clinical"])
    client.post(
        reverse("post_action", args=[team["ws"].pk, post.pk, "comment"]),
        {"body": "CDC link added", "parent": str(parent.pk)},
    )
    assert post.comments.get(body="CDC link added").parent == parent
    page = client.get(detail).content.decode()
    assert page.index("Source?") < page.index("CDC link added")


def test_one_error_handler_renders_page_fragment_or_json(client, team):
    client.force_login(member(team["ws"], "analyst"))
    url = reverse("post_new", args=[team["ws"].pk])
    page = client.get(url)
    assert page.status_code == 403 and 'data-code="permission_denied"' in page.content.decode()
    as_json = client.get(url, headers={"Accept": "application/json"})
    assert as_json.status_code == 403 and as_json.json()["error"] == "permission_denied"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment["HX-Retarget"] == "#flash" and "<html" not in fragment.content.decode()
