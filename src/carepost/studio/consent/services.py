"""Writes of consent records (audited). Revocation/expiry sends dependent scheduled posts back
to review, lists published ones for takedown and notifies the workspace owners."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import InvalidTransition, ValidationFailed
from carepost.studio.workspaces.mail import mail_queue
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access, workspace_member_emails_with

from .models import Consent, ConsentStatus
from .signals import consent_revoked

__all__ = ["consent_create", "consent_document_bytes", "consent_expire_due", "consent_revoke"]


@transaction.atomic
def consent_create(
    *,
    actor: Any,
    workspace: Workspace,
    person_name: str,
    information: str,
    discloser: str,
    recipient: str,
    purpose: str,
    signed_on: date,
    right_to_revoke_acknowledged: bool,
    expires_on: date | None = None,
    expiry_event: str = "",
    media_description: str = "",
    aliases: list[str] | None = None,
    scope_platforms: list[str] | None = None,
    scope_uses: str = "",
    document: Any = None,
) -> Consent:
    workspace_access(user=actor, workspace=workspace).require(Cap.EDIT_CONSENT)
    if expires_on is None and not expiry_event.strip():
        raise ValidationFailed(
            "164.508(c)(1)(v) needs an expiration date or an expiration event", field="expires_on"
        )
    if not right_to_revoke_acknowledged:
        raise ValidationFailed(
            "164.508(c)(2)(i): the form must state the right to revoke", field="right_to_revoke"
        )
    consent = Consent(
        workspace=workspace,
        person_name=person_name,
        aliases=aliases or [],
        information=information,
        media_description=media_description,
        discloser=discloser,
        recipient=recipient,
        purpose=purpose,
        expires_on=expires_on,
        expiry_event=expiry_event,
        right_to_revoke_acknowledged=right_to_revoke_acknowledged,
        signed_on=signed_on,
        scope_platforms=scope_platforms or [],
        scope_uses=scope_uses,
        created_by=actor,
    )
    if document is not None:
        consent.document = _encrypted_document(document)
    consent.full_clean()
    consent.save()
    audit_log(event="consent.create", actor=actor, workspace=workspace, target=consent)
    return consent


def _encrypted_document(upload: Any) -> ContentFile:
    """The signed form, encrypted at rest (Fernet, the studio's key ring) under a random name:
    neither the bytes nor the file name on disk reveal the person."""
    from carepost.studio.crypto import fernet

    suffix = Path(upload.name or "").suffix.lower()[:8]
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    return ContentFile(fernet().encrypt(data), name=f"{secrets.token_hex(16)}{suffix}.enc")


def consent_document_bytes(*, consent: Consent) -> bytes:
    """The decrypted signed form (callers check the viewer's role and audit the access)."""
    from carepost.studio.crypto import fernet

    with consent.document.open("rb") as fh:
        return fernet().decrypt(fh.read())


def _fan_out(consent: Consent, *, actor: Any, reason: str) -> dict[str, list[int]]:
    """Announce that the consent ended; the apps above send dependent posts back to review or
    list them for takedown (``consent_revoked``). The owners are told what happened."""
    effects: dict[str, list[int]] = {"reopened": [], "takedown": []}
    for _receiver, result in consent_revoked.send(
        sender=Consent, consent=consent, actor=actor, reason=reason
    ):
        for key, ids in (result or {}).items():
            effects.setdefault(key, []).extend(ids)
    reopened, takedown = effects["reopened"], effects["takedown"]
    # who may see consent records: the owners and the privacy/compliance officers
    readers = workspace_member_emails_with(workspace=consent.workspace, cap=Cap.VIEW_CONSENT)
    if reopened or takedown:
        mail_queue(
            workspace=consent.workspace,
            kind="consent.ended",
            to=readers,
            subject=f"[carepost] Consent {consent.reference} {reason}",
            body=(
                f"Consent {consent.reference} in {consent.workspace.name}: {reason}.\n"
                f"Posts sent back to review: {len(reopened)}. Published posts to take down: "
                f"{len(takedown)}. Open the studio for details."
            ),
        )
    return effects


@transaction.atomic
def consent_revoke(*, actor: Any, consent: Consent, reason: str = "") -> dict[str, list[int]]:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    workspace_access(user=actor, workspace=consent.workspace).require(Cap.EDIT_CONSENT)
    if consent.status == ConsentStatus.REVOKED:
        raise InvalidTransition("this consent is already revoked")
    old = consent.status
    consent.status = ConsentStatus.REVOKED
    consent.revoked_at = timezone.now()
    consent.status_reason = reason
    consent.save(update_fields=["status", "revoked_at", "status_reason"])
    effects = _fan_out(consent, actor=actor, reason="consent revoked")
    audit_log(
        event="consent.revoke",
        actor=actor,
        workspace=consent.workspace,
        target=consent,
        data={"old": old, "new": consent.status, **effects},
    )
    return effects


@transaction.atomic
def consent_expire_due(*, today: date | None = None) -> int:
    """Mark consents past their expiry date as expired (a daily task); returns how many."""
    day = today or timezone.now().date()
    count = 0
    for consent in Consent.objects.select_for_update().filter(
        status=ConsentStatus.ACTIVE, expires_on__lt=day
    ):
        consent.status = ConsentStatus.EXPIRED
        consent.save(update_fields=["status"])
        effects = _fan_out(consent, actor=None, reason="consent expired")
        audit_log(
            event="consent.expire",
            actor=None,
            workspace=consent.workspace,
            target=consent,
            data={
                "expires_on": consent.expires_on.isoformat() if consent.expires_on else None,
                **effects,
            },
        )
        count += 1
    return count
