"""Connected accounts, publish jobs (the schedule's unit of work) and their attempts.

The schedule is the post's ``scheduled_at`` in our database; when it is due, one
``PublishJob`` per variant is created and run through ``django.tasks``. The job row is the fence:
a worker works on it only while it holds an unexpired lease (``lease_token``). Every platform
call is preceded by a committed ``PublishAttempt`` so a worker that dies mid-call leaves a trace
the next worker reconciles against the platform instead of blindly retrying.
"""

from __future__ import annotations

from django.db import models

from carepost.studio.posts.models import PLATFORMS, Post
from carepost.studio.workspaces.models import Workspace

from .crypto import EncryptedTextField


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "Connected"
    NEEDS_RECONNECT = "needs_reconnect", "Needs reconnecting"
    DISCONNECTED = "disconnected", "Disconnected"


class ConnectedAccount(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="connected_accounts"
    )
    platform = models.CharField(max_length=32, choices=PLATFORMS)
    #: The platform's id for the publishing identity (Page id, IG user id, author URN, DID…).
    external_id = models.CharField(max_length=255)
    display_name = models.CharField(max_length=200, blank=True, default="")
    #: Instance / PDS URL (Mastodon, Bluesky) or a test server; blank = the platform's default.
    api_base_url = models.URLField(blank=True, default="")
    status = models.CharField(
        max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    access_token = EncryptedTextField(blank=True, default="")
    refresh_token = EncryptedTextField(blank=True, default="")
    token_expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=1000, blank=True, default="")
    #: After a throttle, no call for this account before this instant.
    rate_limited_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "platform", "external_id"], name="account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.display_name or self.external_id}"


class JobState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    NEEDS_RECONNECT = "needs_reconnect", "Account needs reconnecting"
    PAUSED = "paused", "Paused (crisis mode)"
    HELD = "held", "Held for the owner"
    STOPPED = "stopped", "Stopped by a publish-time rule"
    MANUAL = "manual", "Post by hand"
    NEEDS_CONFIRMATION = "needs_confirmation", "Needs a person to confirm"
    CANCELLED = "cancelled", "Cancelled"


TERMINAL = {JobState.PUBLISHED, JobState.CANCELLED}


class PublishJob(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="publish_jobs")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publish_jobs")
    platform = models.CharField(max_length=32, choices=PLATFORMS)
    account = models.ForeignKey(
        ConnectedAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.SCHEDULED)
    publish_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, default="")
    lease_token = models.CharField(max_length=32, blank=True, default="")
    lease_owner = models.CharField(max_length=120, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64, unique=True)
    first_comment = models.TextField(blank=True, default="")
    #: The approval hash the content matched when it was sent.
    content_hash = models.CharField(max_length=64, blank=True, default="")
    #: Exactly what was sent (text, media references, options), for the evidence export.
    payload = models.JSONField(null=True, blank=True)
    #: Client progress (container id, upload URL…) committed between steps.
    checkpoint = models.JSONField(default=dict, blank=True)
    remote_id = models.CharField(max_length=255, blank=True, default="")
    remote_url = models.URLField(max_length=1000, blank=True, default="")
    comment_id = models.CharField(max_length=255, blank=True, default="")
    reconciled = models.BooleanField(default=False)
    error_kind = models.CharField(max_length=40, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    error_action = models.TextField(blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "platform"], name="publish_job_post_platform")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "lease_expires_at"]),
            models.Index(fields=["account", "state"]),
        ]
        ordering = ["publish_at", "pk"]

    def __str__(self) -> str:
        return f"job {self.pk} · post {self.post_id} → {self.platform} ({self.state})"


class AttemptState(models.TextChoices):
    SENDING = "sending", "Sending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    UNKNOWN = "unknown", "No answer (reconciling)"
    DUPLICATE = "duplicate", "Platform said duplicate (reconciling)"
    RECONCILED = "reconciled", "Found on the platform"


class PublishAttempt(models.Model):
    job = models.ForeignKey(PublishJob, on_delete=models.CASCADE, related_name="attempt_rows")
    platform = models.CharField(max_length=32)
    number = models.PositiveIntegerField()
    idempotency_key = models.CharField(max_length=64)
    state = models.CharField(
        max_length=20, choices=AttemptState.choices, default=AttemptState.SENDING
    )
    may_have_published = models.BooleanField(default=True)
    worker = models.CharField(max_length=120, blank=True, default="")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error_kind = models.CharField(max_length=40, blank=True, default="")
    error_code = models.CharField(max_length=120, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    remote_id = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="attempt_number")]
        indexes = [models.Index(fields=["platform", "started_at"])]
        ordering = ["job", "number"]


class ManualPost(models.Model):
    """A copy-ready package for a platform/account that is not connected."""

    job = models.OneToOneField(PublishJob, on_delete=models.CASCADE, related_name="manual")
    reminded_at = models.DateTimeField(null=True, blank=True)
    posted_url = models.URLField(max_length=1000, blank=True, default="")
    posted_by = models.CharField(max_length=254, blank=True, default="")
    posted_at = models.DateTimeField(null=True, blank=True)


class PublishChoice(models.Model):
    """What a person chose for one post on one platform, where the platform wants the user to
    choose (TikTok: who can see it, and the comment/duet/stitch switches, from
    ``creator_info``). Read by ``build_request`` into the request's options."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publish_choices")
    platform = models.CharField(max_length=32, choices=PLATFORMS)
    options = models.JSONField(default=dict)
    chosen_by = models.CharField(max_length=254, blank=True, default="")
    chosen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "platform"], name="publish_choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.platform} choice for post {self.post_id}"
