from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carepost.studio.audit.models import AuditEvent
from carepost.studio.audit.services import audit_verify
from carepost.studio.consent.services import consent_revoke
from carepost.studio.errors import ApprovalBlocked, NotFound, PermissionDenied
from carepost.studio.posts.models import PostStatus
from carepost.studio.posts.services import (
    post_content_hash,
    post_create,
    post_mark_published,
    post_schedule,
    post_update,
)
from carepost.studio.reviews.services import post_review_approve, post_submit, post_waiver_record
from carepost.studio.workspaces.services import crisis_lift, crisis_start

from .factories import make_consent, make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]


@pytest.fixture
def team():
    ws = make_workspace()
    return {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "clinical": member(ws, "clinical_reviewer"),
        "privacy": member(ws, "privacy_officer"),
        "analyst": member(ws, "analyst"),
    }


def test_clean_post_needs_only_marketing_and_then_schedules(team):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="Flu", text="Flu shots today."
    )
    post_submit(actor=team["author"], post=post)
    post.refresh_from_db()
    assert [s.kind for s in post.review_steps.all()] == ["marketing"]
    post_review_approve(actor=team["owner"], post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    post_schedule(actor=team["author"], post=post, at=timezone.now() + timedelta(days=1))
    post.refresh_from_db()
    assert post.status == PostStatus.SCHEDULED
    post_mark_published(post=post, platform="facebook", remote_id="1")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.publications.count() == 1
    assert audit_verify() == (AuditEvent.objects.count(), None)


def test_claim_routes_to_clinical_reviewer(team):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="t", text="This cures colds."
    )
    post_submit(actor=team["author"], post=post)
    kinds = [s.kind for s in post.review_steps.all()]
    assert kinds == ["clinical", "marketing"]
    post_review_approve(actor=team["owner"], post=post)  # marketing
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):  # owner cannot stand in for clinical expertise
        post_review_approve(actor=team["owner"], post=post)
    post_review_approve(actor=team["clinical"], post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_error_finding_blocks_until_privacy_waiver(team):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="t", text="Thanks patient Maria Lopez!"
    )
    post_submit(actor=team["author"], post=post)
    assert "privacy" in [s.kind for s in post.review_steps.all()]
    with pytest.raises(ApprovalBlocked):
        post_review_approve(actor=team["privacy"], post=post)
    with pytest.raises(PermissionDenied):
        post_waiver_record(actor=team["owner"], post=post, code="TST901", reason="consent on file")
    post_waiver_record(actor=team["privacy"], post=post, code="TST901", reason="consent on file")
    post_review_approve(actor=team["privacy"], post=post)
    post_review_approve(actor=team["owner"], post=post)  # not the author: segregation of duties
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_edit_after_approval_resets_it(team):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    post.refresh_from_db()
    old_hash = post.content_hash
    assert post.status == PostStatus.APPROVED
    post_update(actor=team["author"], post=post, variants={"x": "Flu shots on X."})
    post.refresh_from_db()
    assert post.content_hash == post_content_hash(post) != old_hash
    assert post.status == PostStatus.IN_REVIEW
    assert post.approvals.get().reset_at is not None
    # an edit that does not change covered content does not reset anything
    post_review_approve(actor=team["owner"], post=post)
    post_update(actor=team["author"], post=post, title="New internal title")
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_revoking_consent_sends_scheduled_post_back_to_review(
    team, mailoutbox, django_capture_on_commit_callbacks
):
    consent = make_consent(team["ws"], team["privacy"])
    post = post_create(
        actor=team["author"],
        workspace=team["ws"],
        title="t",
        text="A story.",
        consent_ids=[consent.pk],
    )
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    post_schedule(actor=team["author"], post=post, at=timezone.now() + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        effects = consent_revoke(actor=team["privacy"], consent=consent, reason="patient asked")
    post.refresh_from_db()
    assert effects["reopened"] == [post.pk]
    assert post.status == PostStatus.IN_REVIEW
    assert consent.reference in post.status_reason
    consent_mail = [m for m in mailoutbox if "Consent" in m.subject]
    # one email to each member who may see consent records (owner, privacy officer)
    assert sorted(m.to[0] for m in consent_mail) == sorted(
        [team["owner"].email, team["privacy"].email]
    )
    assert all("Maria" not in m.body for m in mailoutbox)


def test_crisis_adds_privacy_step(team):
    crisis_start(actor=team["privacy"], workspace=team["ws"], reason="outbreak")
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    assert "privacy" in [s.kind for s in post.review_steps.all()]
    crisis_lift(actor=team["privacy"], workspace=team["ws"])


def test_other_workspace_is_not_found(team):
    other = make_workspace("Other")
    with pytest.raises(NotFound):
        post_create(actor=team["author"], workspace=other, title="t", text="x")
    with pytest.raises(PermissionDenied):
        post_create(actor=team["analyst"], workspace=team["ws"], title="t", text="x")


def test_crisis_reroutes_posts_already_in_review(team):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    crisis_start(actor=team["owner"], organization=team["ws"].organization, reason="breach")
    post_review_approve(actor=team["owner"], post=post)  # marketing alone is not enough now
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW
    assert "crisis mode" in post.review_steps.get(kind="privacy").reason
    crisis_lift(actor=team["owner"], organization=team["ws"].organization)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED  # the crisis step is gone, marketing was given


def test_waiver_covers_the_flagged_text_not_new_names(team):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="t", text="Thanks patient Maria Lopez!"
    )
    post_submit(actor=team["author"], post=post)
    post_waiver_record(actor=team["privacy"], post=post, code="TST901", reason="consent on file")
    post_update(actor=team["author"], post=post, text="Thanks patient Maria Lopez, truly!")
    post.refresh_from_db()
    post_review_approve(actor=team["privacy"], post=post)  # same name: still waived
    post_update(
        actor=team["author"], post=post, text="Thanks patient Maria Lopez and patient John Smith!"
    )
    post.refresh_from_db()
    with pytest.raises(ApprovalBlocked, match="TST901"):
        post_review_approve(actor=team["privacy"], post=post)
