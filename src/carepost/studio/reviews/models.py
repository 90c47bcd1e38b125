"""Review models: the route a post takes (its steps), the decisions on them (bound to the
content hash they saw), waivers, comments and client approval links.

The tables were created by the ``posts`` app and moved here without copying a row (migration
``reviews.0001``: the state moves, the tables are renamed in place)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carepost.studio.posts.models import Post
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import REVIEW_STEP_CAPS

STEP_CAP_CHOICES = [(cap.value, label) for cap, label in REVIEW_STEP_CAPS.items()]

__all__ = [
    "Approval",
    "ClientApprovalLink",
    "Comment",
    "Notification",
    "ReviewMode",
    "ReviewStep",
    "ReviewStepKind",
    "Waiver",
    "WorkspaceReviewStep",
]


class ReviewStepKind(models.TextChoices):
    MARKETING = "marketing", "Marketing approval"
    CLINICAL = "clinical", "Clinical review"
    PRIVACY = "privacy", "Privacy / compliance review"
    CUSTOM = "custom", "Workspace step"


class ReviewMode(models.TextChoices):
    ANY = "any", "Any one of them"
    ALL = "all", "Every one of them"


class WorkspaceReviewStep(models.Model):
    """An extra review step a workspace adds to every post's route."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="review_steps")
    name = models.CharField(max_length=120)
    # Who may act on it: the members holding this capability (``REVIEW_STEP_CAPS``).
    cap = models.CharField(max_length=32, choices=STEP_CAP_CHOICES)
    mode = models.CharField(max_length=8, choices=ReviewMode.choices, default=ReviewMode.ANY)
    position = models.PositiveIntegerField(default=0)


class ReviewStep(models.Model):
    """One step of a post's review route (recomputed on submit from the findings)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="review_steps")
    kind = models.CharField(max_length=16, choices=ReviewStepKind.choices)
    name = models.CharField(max_length=120)
    # Who may act on it: the members holding this capability (``REVIEW_STEP_CAPS``).
    cap = models.CharField(max_length=32, choices=STEP_CAP_CHOICES)
    mode = models.CharField(max_length=8, choices=ReviewMode.choices, default=ReviewMode.ANY)
    reason = models.CharField(max_length=300, blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class Approval(models.Model):
    """A decision on a review step, bound to the content hash it saw. It counts only while the
    post's current ``content_hash`` equals ``content_hash``; an edit makes it stale."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Changes requested"

    step = models.ForeignKey(ReviewStep, on_delete=models.CASCADE, related_name="approvals")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="approvals")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254)  # email, or "client:<email>"
    content_hash = models.CharField(max_length=64)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Waiver(models.Model):
    """A privacy/compliance officer's recorded decision to accept an error-level finding."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="waivers")
    code = models.CharField(max_length=16)
    # The flagged text of each finding the waiver covers: an edit that flags other text with
    # the same code (another patient's name) is not covered.
    matches = models.JSONField(default=list, blank=True)
    reason = models.TextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(max_length=254)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ClientApprovalLink(models.Model):
    """An expiring magic link for an external client approver (no account). Token stored hashed."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="client_links")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class Notification(models.Model):
    """An in-app notice for one member: a post waits for their review, or a reviewer asked for
    changes on a post they wrote. Read once they open it (or mark all read)."""

    class Kind(models.TextChoices):
        REVIEW_REQUESTED = "review_requested", "Review requested"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_notifications"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
