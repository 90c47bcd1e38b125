"""Client approval (issue 13, item 6): the link goes by email through the outbox (which shows
what was sent, never the link); the client approves, or asks for changes with a comment."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from carepost.studio.errors import ValidationFailed
from carepost.studio.posts.services import post_create
from carepost.studio.reviews.clients import (
    post_client_link_create,
    post_client_request_changes,
)
from carepost.studio.reviews.models import Comment
from carepost.studio.reviews.services import post_submit
from carepost.studio.workspaces.models import OutboxMessage
from tests.studio.factories import make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]


@pytest.fixture
def team():
    ws = make_workspace("Client Clinic")
    return {"ws": ws, "owner": member(ws, "owner"), "author": member(ws, "author")}


def _in_review(team):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="Flu clinic", text="Flu shots today."
    )
    post_submit(actor=team["author"], post=post)
    post.refresh_from_db()
    return post


def _link_from(message) -> str:
    return re.search(r"https?://\S+/review/(\S+)/", message.body).group(1)


def test_the_link_is_emailed_and_the_outbox_shows_it_without_the_link(
    client, team, django_capture_on_commit_callbacks
):
    post = _in_review(team)
    mail.outbox.clear()
    client.force_login(team["author"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("post_action", args=[team["ws"].pk, post.pk, "client-link"]),
            {"email": "client@example.org"},
        )
    sent = [m for m in mail.outbox if m.to == ["client@example.org"]]
    assert len(sent) == 1 and "Flu clinic" in sent[0].subject
    token = _link_from(sent[0])
    assert client.get(reverse("client_review", args=[token])).status_code == 200
    recorded = OutboxMessage.objects.get(workspace=team["ws"], kind="review.client_link")
    assert recorded.sent_at is not None and recorded.to == "client@example.org"
    assert token not in recorded.body and "/review/" not in recorded.body
    client.force_login(team["owner"])
    page = client.get(reverse("outbox", args=[team["ws"].pk])).content.decode()
    assert "client@example.org" in page and "Please review: Flu clinic" in page
    assert token not in page
    client.force_login(team["author"])  # the outbox is for owners
    assert client.get(reverse("outbox", args=[team["ws"].pk])).status_code == 403


def test_the_client_asks_for_changes_with_a_comment(
    client, team, django_capture_on_commit_callbacks
):
    post = _in_review(team)
    _, token = post_client_link_create(actor=team["author"], post=post, email="c@example.org")
    client.logout()
    page = client.get(reverse("client_review", args=[token])).content.decode()
    assert 'value="changes"' in page and 'value="approve"' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("client_review", args=[token]),
            {"decision": "changes", "comment": "Please add our phone number."},
        )
    assert done.status_code == 200 and "request for changes" in done.content.decode()
    post.refresh_from_db()
    assert post.status == "changes_requested"
    assert "Please add our phone number." in post.status_reason
    comment = Comment.objects.get(post=post)
    assert comment.author_label == "client:c@example.org"
    assert comment.body == "Please add our phone number."
    # the author hears about it; the link is used up
    assert [m.to for m in mail.outbox] == [[team["author"].email]]
    assert "Please add our phone number." not in mail.outbox[0].body  # words stay in the studio
    assert client.get(reverse("client_review", args=[token])).status_code == 404


def test_asking_for_changes_needs_a_comment(team):
    post = _in_review(team)
    _, token = post_client_link_create(actor=team["author"], post=post, email="c@example.org")
    with pytest.raises(ValidationFailed, match="what should change"):
        post_client_request_changes(token=token, comment="  ")
    post.refresh_from_db()
    assert post.status == "in_review"


def test_the_client_approves(client, team):
    post = _in_review(team)
    _, token = post_client_link_create(actor=team["author"], post=post, email="c@example.org")
    response = client.post(reverse("client_review", args=[token]), {"decision": "approve"})
    assert "approval" in response.content.decode()
    post.refresh_from_db()
    assert post.status == "approved"
