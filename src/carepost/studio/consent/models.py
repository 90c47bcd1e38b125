from __future__ import annotations

from django.conf import settings
from django.db import models

from carepost.studio.workspaces.models import Workspace

__all__ = [
    "Consent",
    "ConsentStatus",
]


class ConsentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"


class Consent(models.Model):
    """A written authorization under HIPAA 45 CFR 164.508(c). ePHI: visible to allowed roles only.

    Status changes only through ``consent_revoke`` / ``consent_expire`` (audited; they send
    dependent scheduled posts back to review and list published ones for takedown).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="consents")
    person_name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)  # other names the post may use
    information = models.TextField(help_text="What information may be disclosed (specific)")
    media_description = models.TextField(blank=True, default="")
    discloser = models.CharField(max_length=200, help_text="Who may disclose")
    recipient = models.CharField(
        max_length=200, help_text="To whom (e.g. the public via social media)"
    )
    purpose = models.TextField()
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=300, blank=True, default="")
    right_to_revoke_acknowledged = models.BooleanField(default=False)
    signed_on = models.DateField()
    document = models.FileField(upload_to="consent-documents/%Y/", blank=True)
    scope_platforms = models.JSONField(default=list, blank=True)  # [] = every platform
    scope_uses = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(
        max_length=16, choices=ConsentStatus.choices, default=ConsentStatus.ACTIVE
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "status"])]

    @property
    def reference(self) -> str:
        """The id shown to roles that may not see the record (no PHI)."""
        return f"C-{self.pk}"

    def __str__(self) -> str:
        return self.reference
