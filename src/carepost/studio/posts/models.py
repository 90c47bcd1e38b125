from __future__ import annotations

from django.conf import settings
from django.db import models

from carepost.studio.workspaces.models import PILLARS, Role, Workspace

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


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    ARCHIVED = "archived", "Archived"


class Post(models.Model):
    """A post: master text + per-platform variants, media, sources, consent and claim links.

    ``status``, ``scheduled_at`` and ``content_hash`` change only through services
    (``carepost.studio.posts.services``), which write the audit event.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True, default="")
    status = models.CharField(max_length=32, choices=PostStatus.choices, default=PostStatus.DRAFT)
    pillar = models.CharField(max_length=32, choices=PILLARS, blank=True, default="")
    campaign = models.CharField(max_length=120, blank=True, default="")
    evergreen = models.BooleanField(default=False)
    consents = models.ManyToManyField("consent.Consent", blank=True, related_name="posts")
    claims = models.ManyToManyField("claims.Claim", blank=True, related_name="posts")
    content_hash = models.CharField(max_length=64, blank=True, default="")
    version = models.PositiveIntegerField(default=0)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True, default="")
    needs_takedown = models.BooleanField(default=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The report of the master text (summary for lists); per-platform reports on the variants.
    last_report = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "status"]),
            models.Index(fields=["workspace", "scheduled_at"]),
            models.Index(fields=["workspace", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class PostVariant(models.Model):
    """The text for one platform (edit freely; empty means "use the master text")."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="variants")
    platform = models.CharField(max_length=32, choices=PLATFORMS)
    text = models.TextField(blank=True, default="")
    last_report = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "platform"], name="variant_platform_unique")
        ]
        ordering = ["platform"]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.platform}"


class PostMedia(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(upload_to="post-media/%Y/%m/")
    kind = models.CharField(max_length=16, default="image")
    alt_text = models.TextField(blank=True, default="")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)  # bytes (the workspace's storage quota)
    consents = models.ManyToManyField("consent.Consent", blank=True, related_name="media")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class PostSource(models.Model):
    """A citation: DOI, PMID or URL, with an optional label."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="sources")
    citation = models.CharField(max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class PostVersion(models.Model):
    """An immutable snapshot of the content at each saved edit, with its check reports."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    reports = models.JSONField(default=dict)  # {"master": report, "<platform>": report}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="post_version_unique")
        ]
        ordering = ["number"]


class ReviewStepKind(models.TextChoices):
    MARKETING = "marketing", "Marketing approval"
    CLINICAL = "clinical", "Clinical review"
    PRIVACY = "privacy", "Privacy / compliance review"
    CUSTOM = "custom", "Workspace step"


class ReviewMode(models.TextChoices):
    ANY = "any", "Any one member of the role"
    ALL = "all", "Every member of the role"


class WorkspaceReviewStep(models.Model):
    """An extra review step a workspace adds to every post's route."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="review_steps")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=32, choices=Role.choices)
    mode = models.CharField(max_length=8, choices=ReviewMode.choices, default=ReviewMode.ANY)
    position = models.PositiveIntegerField(default=0)


class ReviewStep(models.Model):
    """One step of a post's review route (recomputed on submit from the findings)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="review_steps")
    kind = models.CharField(max_length=16, choices=ReviewStepKind.choices)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=32, choices=Role.choices)
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


class PostPublication(models.Model):
    """Where a post went live (written by ``post_mark_published``)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publications")
    platform = models.CharField(max_length=32)
    remote_id = models.CharField(max_length=200, blank=True, default="")
    url = models.URLField(blank=True, default="")
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField()


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
