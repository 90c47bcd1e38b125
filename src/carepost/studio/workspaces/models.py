from __future__ import annotations

from django.conf import settings
from django.db import models


class Organization(models.Model):
    """An agency or a health system: the top of the tenancy tree."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Workspace(models.Model):
    """A client brand, a clinic or a location; posts, consent and claims live here."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="workspaces"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    timezone = models.CharField(max_length=64, default="America/New_York")
    policy_toml = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="workspace_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner / admin"
    AUTHOR = "author", "Author (marketing)"
    CLINICAL_REVIEWER = "clinical_reviewer", "Clinical reviewer"
    PRIVACY_OFFICER = "privacy_officer", "Privacy / compliance officer"
    ANALYST = "analyst", "Analyst (read-only)"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.workspace} · {self.role}"
