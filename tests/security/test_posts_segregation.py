"""Issue 11, findings 5 and 11: an author approving (or waiving findings on) their own post, and
the waiver permission's one source of truth (``Cap.RECORD_WAIVER``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carepost.studio.errors import PermissionDenied
from carepost.studio.posts.models import PostStatus
from carepost.studio.posts.services import post_create, post_update
from carepost.studio.reviews.clients import post_client_approve, post_client_link_create
from carepost.studio.reviews.models import Approval
from carepost.studio.reviews.services import (
    post_review_approve,
    post_submit,
    post_waiver_record,
    workspace_review_step_add,
)
from carepost.studio.workspaces.models import Role
from carepost.studio.workspaces.permissions import ROLE_CAPS, Cap
from carepost.studio.workspaces.services import workspace_settings_update
from tests.studio.conftest import studio_rules  # noqa: F401  (fixture)
from tests.studio.factories import make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]


@pytest.fixture
def ws():
    return make_workspace()


def _in_review(actor, ws, text="Flu shots are here, walk in any weekday."):
    post = post_create(actor=actor, workspace=ws, title="Flu", text=text)
    post_submit(actor=actor, post=post)
    post.refresh_from_db()
    return post


def test_author_cannot_approve_own_post_then_schedule_it_through_the_views(client, ws):
    author = member(ws, "author")  # holds REVIEW_MARKETING: eligible for the marketing step
    other = member(ws, "author")
    post = _in_review(author, ws)
    client.force_login(author)
    approve = client.post(
        reverse("post_action", args=[ws.pk, post.pk, "approve"]), HTTP_ACCEPT="application/json"
    )
    assert approve.status_code == 403
    assert "segregation of duties" in approve.json()["message"]
    at = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    schedule = client.post(
        reverse("post_action", args=[ws.pk, post.pk, "schedule"]),
        {"scheduled_at": at},
        HTTP_ACCEPT="application/json",
    )
    assert schedule.status_code == 409
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW and not Approval.objects.filter(post=post).exists()
    # the detail page offers the author no approve button; another author may approve
    post_review_approve(actor=other, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_owner_is_bound_too_and_so_is_whoever_edited_the_content(ws):
    owner = member(ws, "owner")
    author = member(ws, "author")
    own = _in_review(owner, ws)
    with pytest.raises(PermissionDenied, match="segregation of duties"):
        post_review_approve(actor=owner, post=own)
    # the owner edits someone else's post: the owner wrote (part of) the content now
    post = _in_review(author, ws)
    post_update(actor=owner, post=post, text="Flu shots are here, walk in on weekdays.")
    post.refresh_from_db()
    with pytest.raises(PermissionDenied, match="segregation of duties"):
        post_review_approve(actor=owner, post=post)
    with pytest.raises(PermissionDenied, match="segregation of duties"):
        post_review_approve(actor=author, post=post)


def test_segregation_is_a_workspace_policy_on_by_default(ws):
    owner = member(ws, "owner")
    assert ws.segregation_of_duties is True
    workspace_settings_update(actor=owner, workspace=ws, segregation_of_duties=False)
    post = _in_review(owner, ws)
    post_review_approve(actor=owner, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_all_members_step_does_not_wait_for_the_author(ws):
    owner = member(ws, "owner")
    author = member(ws, "author")
    second = member(ws, "author")
    workspace_review_step_add(
        actor=owner, workspace=ws, name="All authors", cap="review_marketing", mode="all"
    )
    post = _in_review(author, ws)
    post_review_approve(actor=owner, post=post)  # marketing
    post_review_approve(actor=second, post=post)  # the "all" step: every marketing approver
    post_review_approve(actor=owner, post=post)  # (owners included) but the author
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_client_link_cannot_be_sent_to_the_author(ws):
    author = member(ws, "author", email="writer@example.test")
    post = _in_review(author, ws)
    with pytest.raises(PermissionDenied, match="segregation of duties"):
        post_client_link_create(actor=author, post=post, email="Writer@Example.test")
    _, token = post_client_link_create(actor=author, post=post, email="client@example.test")
    post_client_approve(token=token)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


@pytest.mark.parametrize("role", Role.values)
def test_waiver_follows_the_capability_table_for_every_role(ws, role):
    author = member(ws, "author")
    post = _in_review(author, ws, text="Welcome back patient Maria Lopez!")  # TST901 error
    actor = member(ws, role)
    allowed = Cap.RECORD_WAIVER in ROLE_CAPS[role]
    if allowed:
        post_waiver_record(actor=actor, post=post, code="TST901", reason="consent on file")
        assert post.waivers.count() == 1
    else:
        with pytest.raises(PermissionDenied, match="can waive a finding"):
            post_waiver_record(actor=actor, post=post, code="TST901", reason="consent on file")
        assert post.waivers.count() == 0


def test_waiver_view_offers_the_form_exactly_to_capability_holders(client, ws):
    author = member(ws, "author")
    post = _in_review(author, ws, text="Welcome back patient Maria Lopez!")
    for role in Role.values:
        user = member(ws, role)
        client.force_login(user)
        page = client.get(reverse("post_detail", args=[ws.pk, post.pk])).content.decode()
        assert ('name="reason"' in page) is (Cap.RECORD_WAIVER in ROLE_CAPS[role]), role


def test_author_holding_the_privacy_role_cannot_waive_on_own_post(ws):
    writer = member(ws, "author", "privacy_officer")
    post = _in_review(writer, ws, text="Welcome back patient Maria Lopez!")
    with pytest.raises(PermissionDenied, match="segregation of duties"):
        post_waiver_record(actor=writer, post=post, code="TST901", reason="mine")
