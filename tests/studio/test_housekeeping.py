from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from carepost.studio.audit.models import AuditEvent
from carepost.studio.claims.services import claim_create, claim_retire
from carepost.studio.consent.models import ConsentStatus
from carepost.studio.errors import InvalidTransition
from carepost.studio.posts.models import PostStatus
from carepost.studio.posts.services import post_create, post_mark_published, post_schedule
from carepost.studio.reviews.services import post_review_approve, post_submit
from carepost.studio.reviews.tasks import (
    claim_expiry_task,
    consent_expiry_task,
    review_reminders_task,
)

from .factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    ws = make_workspace()
    return {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "clinical": member(ws, "clinical_reviewer"),
        "privacy": member(ws, "privacy_officer"),
    }


def _scheduled(team, **links):
    post = post_create(
        actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.", **links
    )
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    post_schedule(actor=team["author"], post=post, at=timezone.now() + timedelta(days=1))
    post.refresh_from_db()
    return post


def test_review_reminder_after_target_once_per_period(
    team, mailoutbox, django_capture_on_commit_callbacks
):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Flu shots.")
    post_submit(actor=team["author"], post=post)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_task.enqueue().return_value == 0  # too early
        with time_machine.travel(start + timedelta(hours=25), tick=False):
            assert review_reminders_task.enqueue().return_value == 1
            assert review_reminders_task.enqueue().return_value == 0  # already reminded
        with time_machine.travel(start + timedelta(hours=50), tick=False):
            assert review_reminders_task.enqueue().return_value == 1
    assert len(mailoutbox) == 2
    # marketing step: the owner may approve it; the post's author may not (segregation of duties)
    assert set(mailoutbox[0].to) == {team["owner"].email}
    assert AuditEvent.objects.filter(event_type="post.review.remind").count() == 2


def test_consent_expiry_returns_scheduled_posts_to_review_and_lists_published(team):
    consent = make_consent(team["ws"], team["privacy"], expires_on=date.today() + timedelta(days=2))
    scheduled = _scheduled(team, consent_ids=[consent.pk])
    published = _scheduled(team, consent_ids=[consent.pk])
    post_mark_published(post=published, platform="facebook")
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert consent_expiry_task.enqueue().return_value == 1
    consent.refresh_from_db()
    scheduled.refresh_from_db()
    published.refresh_from_db()
    assert consent.status == ConsentStatus.EXPIRED
    assert scheduled.status == PostStatus.IN_REVIEW and "expired" in scheduled.status_reason
    assert published.needs_takedown and published.status == PostStatus.PUBLISHED


def test_retiring_or_expiring_a_claim_flags_posts(team):
    claim = claim_create(
        actor=team["clinical"], workspace=team["ws"], text="Vaccines work.", references=["PMID:1"]
    )
    post = _scheduled(team, claim_ids=[claim.pk])
    assert claim_retire(actor=team["clinical"], claim=claim, workspace=team["ws"]) == [post.pk]
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW and f"K-{claim.pk}" in post.status_reason
    expiring = claim_create(
        actor=team["clinical"],
        workspace=team["ws"],
        text="Exercise helps.",
        references=["PMID:2"],
        expires_on=date.today() + timedelta(days=1),
    )
    evergreen = post_create(
        actor=team["author"],
        workspace=team["ws"],
        title="e",
        text="Move more.",
        evergreen=True,
        claim_ids=[expiring.pk],
    )
    post_submit(actor=team["author"], post=evergreen)
    post_review_approve(actor=team["owner"], post=evergreen)
    post_schedule(actor=team["author"], post=evergreen, at=timezone.now() + timedelta(hours=1))
    post_mark_published(post=evergreen, platform="facebook")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert claim_expiry_task.enqueue().return_value == 1
    evergreen.refresh_from_db()
    assert "review this evergreen post" in evergreen.status_reason


def test_cannot_schedule_past_the_consent_expiry(team):
    consent = make_consent(team["ws"], team["privacy"], expires_on=date.today() + timedelta(days=2))
    post = post_create(
        actor=team["author"],
        workspace=team["ws"],
        title="t",
        text="Story.",
        consent_ids=[consent.pk],
    )
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    with pytest.raises(InvalidTransition, match=f"C-{consent.pk} expired"):
        post_schedule(actor=team["author"], post=post, at=timezone.now() + timedelta(days=5))
