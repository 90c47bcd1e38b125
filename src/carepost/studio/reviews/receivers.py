"""How reviews react to what the apps below announce (connected in ``ReviewsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from carepost.studio.claims.signals import claim_retired
from carepost.studio.consent.signals import consent_revoked
from carepost.studio.posts.models import PostStatus
from carepost.studio.posts.selectors import posts_using_claim, posts_using_consent
from carepost.studio.posts.signals import post_content_changed
from carepost.studio.workspaces.signals import crisis_changed

from .services import approvals_reset_stale, post_review_reopen, post_review_reroute_in_review

__all__ = [
    "approvals_follow_content",
    "claim_posts_reopen",
    "consent_posts_reopen",
    "crisis_reroute",
]

_REOPEN = (PostStatus.APPROVED, PostStatus.SCHEDULED)


@receiver(post_content_changed, dispatch_uid="reviews.content")
def approvals_follow_content(
    sender: Any, *, post: Any, actor: Any, reason: str, **kwargs: Any
) -> None:
    approvals_reset_stale(post, actor=actor, reason=reason)


@receiver(consent_revoked, dispatch_uid="reviews.consent")
def consent_posts_reopen(
    sender: Any, *, consent: Any, actor: Any, reason: str, **kwargs: Any
) -> dict[str, list[int]]:
    """Approved or scheduled posts that rely on an ended consent go back to review."""
    reopened = []
    for post in posts_using_consent(consent=consent).filter(status__in=_REOPEN):
        post_review_reopen(post=post, reason=f"{consent.reference}: {reason}", actor=actor)
        reopened.append(post.pk)
    return {"reopened": reopened}


@receiver(claim_retired, dispatch_uid="reviews.claim")
def claim_posts_reopen(
    sender: Any, *, claim: Any, actor: Any, reason: str, **kwargs: Any
) -> list[int]:
    """Approved or scheduled posts that use an ended claim go back to review."""
    reopened = []
    for post in posts_using_claim(claim=claim).filter(status__in=_REOPEN):
        post_review_reopen(post=post, reason=f"claim K-{claim.pk} {reason}", actor=actor)
        reopened.append(post.pk)
    return reopened


@receiver(crisis_changed, dispatch_uid="reviews.crisis")
def crisis_reroute(sender: Any, *, workspaces: Any, **kwargs: Any) -> int:
    """Posts in review get (or lose) the privacy step crisis mode requires."""
    return post_review_reroute_in_review(workspaces=workspaces)
