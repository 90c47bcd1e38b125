"""E-mails to a workspace's owners, sent after the transaction commits."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction

from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_member_emails_with

__all__ = ["notify_owners"]

log = logging.getLogger("carepost.publishing")


def notify_owners(*, workspace: Workspace, subject: str, body: str) -> None:
    """E-mail the workspace owners after the transaction commits. No PHI: ids and states only."""
    emails = workspace_member_emails_with(workspace=workspace, cap=Cap.MANAGE_MEMBERS)
    if not emails:
        return

    def send() -> None:
        try:
            send_mail(f"[carepost] {subject}", body, None, emails, fail_silently=False)
        except Exception:  # mail trouble must not undo a publish record
            log.warning("could not e-mail owners of workspace %s", workspace.pk)

    transaction.on_commit(send)
