from __future__ import annotations

from django.conf import settings
from django.db import models

from carepost.studio.workspaces.models import Organization, Workspace

__all__ = [
    "Claim",
    "ClaimStatus",
]


class ClaimStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"
    EXPIRED = "expired", "Expired"


class Claim(models.Model):
    """An approved claim with its references. ``workspace`` null = shared across the organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="claims")
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="claims"
    )
    text = models.TextField()
    references = models.JSONField(default=list)  # DOI / PMID / URL strings
    expires_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"claim {self.pk}"
