"""How posts react to what the apps below announce (connected in ``PostsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from carepost.studio.claims.signals import claim_retired
from carepost.studio.consent.signals import consent_revoked

from .models import PostStatus
from .selectors import posts_using_claim, posts_using_consent
from .services import post_flag_for_review, post_flag_takedown

__all__ = ["evergreen_posts_flag", "published_posts_list_for_takedown"]


@receiver(consent_revoked, dispatch_uid="posts.takedown")
def published_posts_list_for_takedown(
    sender: Any, *, consent: Any, actor: Any, reason: str, **kwargs: Any
) -> dict[str, list[int]]:
    """A published post that relies on an ended consent is listed for takedown."""
    flagged = [
        post.pk
        for post in posts_using_consent(consent=consent).filter(status=PostStatus.PUBLISHED)
        if post_flag_takedown(
            post=post,
            actor=actor,
            reason=f"{consent.reference}: {reason}",
            data={"consent": consent.reference},
        )
    ]
    return {"takedown": flagged}


@receiver(claim_retired, dispatch_uid="posts.evergreen")
def evergreen_posts_flag(
    sender: Any, *, claim: Any, actor: Any, reason: str, **kwargs: Any
) -> list[int]:
    """A published evergreen post that uses an ended claim says it needs another look."""
    flagged = []
    for post in posts_using_claim(claim=claim).filter(status=PostStatus.PUBLISHED, evergreen=True):
        post_flag_for_review(
            post=post,
            actor=actor,
            reason=f"claim K-{claim.pk} {reason}: review this evergreen post",
        )
        flagged.append(post.pk)
    return flagged
