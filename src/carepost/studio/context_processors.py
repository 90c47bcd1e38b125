from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .workspaces.selectors import crisis_for_workspace, workspace_list_for_user


def studio(request: HttpRequest) -> dict[str, Any]:
    """The workspace switcher and the crisis banner on every page."""
    from .accounts.adapter import signup_open

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # the public "sign up" link shows only while sign-up is open to this browser
        return {"signup_open": signup_open() or _has_invitation(request)}
    workspaces = list(workspace_list_for_user(user=user))
    crises = []
    for ws in workspaces:
        crisis = crisis_for_workspace(workspace=ws)
        if crisis is not None:
            crises.append((ws, crisis))
    return {"nav_workspaces": workspaces, "crises": crises}


def _has_invitation(request: HttpRequest) -> bool:
    from .accounts.adapter import pending_invitation

    return pending_invitation(request) is not None
