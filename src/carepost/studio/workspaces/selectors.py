from __future__ import annotations

from django.db.models import QuerySet

from .models import Workspace


def workspace_list_for_user(*, user) -> QuerySet[Workspace]:
    """The workspaces a user belongs to (every studio query starts from here)."""
    if not user.is_authenticated:
        return Workspace.objects.none()
    return (
        Workspace.objects.filter(memberships__user=user)
        .select_related("organization")
        .distinct()
        .order_by("organization__name", "name")
    )
