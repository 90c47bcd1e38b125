""" "Waiting for me" (issue 13, item 7): review queues with counts on the dashboard, and in-app
and email notices when a review is requested or changes are requested."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from carepost.studio.posts.services import post_create, post_update
from carepost.studio.reviews.models import Notification
from carepost.studio.reviews.selectors import review_queue_for_user
from carepost.studio.reviews.services import (
    post_review_approve,
    post_review_request_changes,
    post_submit,
)
from carepost.studio.workspaces.models import OutboxMessage
from tests.studio.factories import make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]


@pytest.fixture
def team():
    ws = make_workspace("Queue Clinic")
    return {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "clinical": member(ws, "clinical_reviewer"),
        "privacy": member(ws, "privacy_officer"),
    }


def _submitted(team, text, title="Post"):
    post = post_create(actor=team["author"], workspace=team["ws"], title=title, text=text)
    post_submit(actor=team["author"], post=post)
    post.refresh_from_db()
    return post


def test_queues_show_each_member_what_waits_for_them(client, team):
    claim = _submitted(team, "This tea cures colds.", title="Tea")
    plain = _submitted(team, "Flu shots today.", title="Flu")
    assert [e.post for e in review_queue_for_user(user=team["clinical"])] == [claim]
    assert [e.post for e in review_queue_for_user(user=team["owner"])] == [claim, plain]
    assert review_queue_for_user(user=team["author"]) == []  # segregation: they wrote both
    assert review_queue_for_user(user=team["privacy"]) == []
    post_review_approve(actor=team["owner"], post=plain)
    assert [e.post for e in review_queue_for_user(user=team["owner"])] == [claim]
    client.force_login(team["owner"])
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="waiting-count">1<' in page
    assert f"{team['ws'].name}: 1" in page and "Marketing approval" in page


def test_a_review_request_notifies_the_reviewers_in_the_studio_and_by_email(
    client, team, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = _submitted(team, "This tea cures colds.", title="Tea")
    notified = {n.user_id: n for n in Notification.objects.filter(post=post)}
    assert set(notified) == {team["owner"].pk, team["clinical"].pk}  # not the author
    assert "Clinical review" in notified[team["clinical"].pk].message
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [team["owner"].email, team["clinical"].email]
    )
    assert all("This tea cures colds" not in m.body for m in mail.outbox)  # no post text
    assert OutboxMessage.objects.filter(workspace=team["ws"], kind="review.review_requested")
    client.force_login(team["clinical"])
    page = client.get(reverse("dashboard")).content.decode()
    assert 'class="notification" data-kind="review_requested"' in page
    client.get(reverse("post_detail", args=[team["ws"].pk, post.pk]))  # opening it reads it
    assert 'class="notification"' not in client.get(reverse("dashboard")).content.decode()


def test_requested_changes_notify_the_authors(team, django_capture_on_commit_callbacks):
    post = _submitted(team, "Flu shots today.")
    editor = member(team["ws"], "author")
    post_update(actor=editor, post=post, text="Flu shots today and tomorrow.")
    post.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_review_request_changes(actor=team["owner"], post=post, note="Add the hours.")
    notices = Notification.objects.filter(post=post, kind="changes_requested")
    assert {n.user_id for n in notices} == {team["author"].pk, editor.pk}
    assert all("Add the hours." in n.message for n in notices)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([team["author"].email, editor.email])


def test_a_second_request_while_unread_adds_no_duplicate(team):
    post = _submitted(team, "Flu shots today.")
    post_review_request_changes(actor=team["owner"], post=post, note="Hours?")
    post_submit(actor=team["author"], post=post)
    assert Notification.objects.filter(post=post, user=team["owner"]).count() == 1


def test_the_review_policy_page_turns_segregation_off_for_owners_only(client, team):
    url = reverse("review_policy", args=[team["ws"].pk])
    client.force_login(team["author"])
    assert 'id="segregation"' not in client.get(url).content.decode()
    assert client.post(url, {"action": "segregation"}).status_code == 403
    client.force_login(team["owner"])
    assert 'id="segregation" checked' in client.get(url).content.decode()
    client.post(url, {"action": "segregation"})  # unchecked: off
    team["ws"].refresh_from_db()
    assert team["ws"].segregation_of_duties is False
    post = _submitted(team, "Flu shots today.")
    post_review_approve(actor=team["author"], post=post)  # now the author may approve
    post.refresh_from_db()
    assert post.status == "approved"
