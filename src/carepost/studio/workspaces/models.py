from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = [
    "PILLARS",
    "PLATFORMS",
    "CrisisFields",
    "Invitation",
    "Membership",
    "Organization",
    "OutboxMessage",
    "Role",
    "Workspace",
]

# The platforms a post can have a variant for (and a consent can cover).
PLATFORMS = [
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("linkedin", "LinkedIn"),
    ("x", "X"),
    ("tiktok", "TikTok"),
    ("threads", "Threads"),
    ("youtube", "YouTube"),
    ("bluesky", "Bluesky"),
    ("mastodon", "Mastodon"),
]

PILLARS = [
    ("education", "Education"),
    ("public_health", "Public-health update"),
    ("team_culture", "Team & culture"),
    ("qa", "Q&A"),
    ("behind_the_scenes", "Behind the scenes"),
    ("testimonial", "Testimonial"),
    ("promotion", "Promotion"),
    ("event", "Event"),
]


class CrisisFields(models.Model):
    """Crisis mode: change only through ``crisis_start`` / ``crisis_lift`` (audited)."""

    crisis_active = models.BooleanField(default=False)
    crisis_reason = models.TextField(blank=True, default="")
    crisis_started_at = models.DateTimeField(null=True, blank=True)
    crisis_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class Organization(CrisisFields):
    """An agency or a health system: the top of the tenancy tree."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Workspace(CrisisFields):
    """A client brand, a clinic or a location; posts, consent and claims live here."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="workspaces"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    timezone = models.CharField(max_length=64, default="America/New_York")
    policy_toml = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    review_target_hours = models.PositiveIntegerField(default=24)
    # {"education": 40, "public_health": 20, ...} percentages; empty = no target.
    target_pillar_mix = models.JSONField(default=dict, blank=True)
    ics_token = models.CharField(max_length=64, blank=True, default="")
    # Segregation of duties: whoever wrote a post's content (its creator or the author of any
    # version) never approves a review step of it, nor waives its findings; owners included.
    segregation_of_duties = models.BooleanField(default=True)

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
    """A user's role in a workspace (a user may hold several roles). Change through services."""

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


class Invitation(models.Model):
    """An emailed invitation to join a workspace with a role; the token is stored hashed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.role})"


class OutboxMessage(models.Model):
    """An email the studio sent (or tried to) for a workspace: the outbox page shows them to its
    owners. ``body`` is what the page shows; a one-time secret in the sent email (a client's
    approval link) is never stored here."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(max_length=40)  # "review.requested", "review.client_link", ...
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}"
