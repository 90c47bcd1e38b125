"""Email from the studio, through the outbox: every message is recorded for its workspace (the
outbox page) and sent once the transaction that caused it commits. The backend is Django's:
SMTP in production (``CAREPOST_SMTP_*``), the console or files in the demo."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage, Workspace

__all__ = ["mail_queue", "studio_url"]

log = logging.getLogger(__name__)


def studio_url(path: str) -> str:
    """An absolute link into the studio (``CAREPOST_BASE_URL`` + path)."""
    return settings.CAREPOST_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def mail_queue(
    *,
    workspace: Workspace,
    kind: str,
    to: Iterable[str],
    subject: str,
    body: str,
    sent_body: str | None = None,
) -> list[OutboxMessage]:
    """Record one message per recipient and send each after commit. ``sent_body`` is what the
    email says when it carries a secret the outbox must not show (``body`` then says it with
    the secret left out). A mail server that fails is recorded on the message, never raised:
    the action that sent it already happened."""
    messages = []
    for address in sorted({a.strip() for a in to if a and a.strip()}):
        message = OutboxMessage.objects.create(
            workspace=workspace, kind=kind, to=address, subject=subject[:300], body=body
        )
        transaction.on_commit(partial(_send, message.pk, sent_body or body))
        messages.append(message)
    return messages


def _send(message_id: int, text: str) -> None:
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        send_mail(
            subject=message.subject, message=text, from_email=None, recipient_list=[message.to]
        )
    except Exception as exc:
        log.warning("outbox message %s not sent: %s", message_id, type(exc).__name__)
        OutboxMessage.objects.filter(pk=message_id).update(error=f"{type(exc).__name__}: {exc}")
        return
    OutboxMessage.objects.filter(pk=message_id).update(sent_at=timezone.now())
