from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import Claim

__all__ = ["claim_list_for_workspace"]


def claim_list_for_workspace(*, workspace: Any, include_inactive: bool = False) -> QuerySet[Claim]:
    """The workspace's own claims plus the ones its organization shares."""
    qs = Claim.objects.filter(
        Q(workspace=workspace)
        | Q(workspace__isnull=True, organization_id=workspace.organization_id)
    )
    if not include_inactive:
        qs = qs.filter(status="active")
    return qs.order_by("text")
