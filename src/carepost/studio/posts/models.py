"""Post content: the post, its per-platform variants, media, sources, versions and publications."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carepost.studio.workspaces.models import PILLARS, PLATFORMS, Workspace

__all__ = [
    "PILLARS",
    "PLATFORMS",
    "Post",
    "PostMedia",
    "PostPublication",
    "PostSource",
    "PostStatus",
    "PostVariant",
    "PostVersion",
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
    Its review route, approvals, waivers and comments live in ``carepost.studio.reviews``.

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


class PostPublication(models.Model):
    """Where a post went live (written by ``post_mark_published``)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publications")
    platform = models.CharField(max_length=32)
    remote_id = models.CharField(max_length=200, blank=True, default="")
    url = models.URLField(blank=True, default="")
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField()
