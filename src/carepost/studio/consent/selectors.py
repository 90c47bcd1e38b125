"""Reads of consent records. ``consent_list`` requires the consent capability; the validity
questions (``post_consent_problems``) are safe to ask from any service (no PHI returned)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from .models import Consent, ConsentStatus

__all__ = ["consent_is_valid", "consent_list", "post_consent_problems"]


def consent_list(*, user: Any, workspace: Any) -> QuerySet[Consent]:
    workspace_access(user=user, workspace=workspace).require(Cap.VIEW_CONSENT)
    return Consent.objects.filter(workspace=workspace).order_by("-signed_on", "-id")


def consent_is_valid(
    consent: Consent, *, on: date | None = None, platform: str | None = None
) -> bool:
    day = on or timezone.now().date()
    if consent.status != ConsentStatus.ACTIVE:
        return False
    if consent.expires_on is not None and consent.expires_on < day:
        return False
    return not (platform and consent.scope_platforms and platform not in consent.scope_platforms)


def post_consent_problems(
    *, post: Any, on: date | None = None, platform: str | None = None
) -> list[str]:
    """Why the post's linked consents (on the post or its media) do not cover publishing
    ``on`` that day (on ``platform``); empty list = every consent is valid. No PHI: ids only."""
    day = on or timezone.now().date()
    problems = []
    consents = {c.pk: c for c in post.consents.all()}
    for media in post.media.all():
        for c in media.consents.all():
            consents[c.pk] = c
    for c in consents.values():
        if c.status == ConsentStatus.REVOKED:
            problems.append(f"{c.reference} was revoked")
        elif c.status == ConsentStatus.EXPIRED or (c.expires_on and c.expires_on < day):
            problems.append(f"{c.reference} expired")
        elif platform and c.scope_platforms and platform not in c.scope_platforms:
            problems.append(f"{c.reference} does not cover {platform}")
    return problems
