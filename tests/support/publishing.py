"""Factories for approved, scheduled posts (used by the tests and the bench/ harness).

They write rows directly rather than going through the review services, because the publisher
needs thousands of approved posts quickly; the rows are exactly what the services leave behind
(a required review step, an approval bound to ``post_content_hash``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from carepost.studio.posts.models import Post, PostMedia, PostStatus, PostVariant
from carepost.studio.posts.services import post_content_hash
from carepost.studio.reviews.models import Approval, ReviewMode, ReviewStep, ReviewStepKind
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap

#: A 1×1 JPEG and a few bytes standing in for an MP4 (the fake platforms do not decode).
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b"
    "080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5"
    "100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c115"
    "52d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a6364"
    "65666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7"
    "b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100"
    "003f00fbd3ffd9"
)


def add_media(post: Post, kind: str = "image", *, data: bytes | None = None) -> PostMedia:
    """Attach a small image or video to ``post`` (stored under MEDIA_ROOT)."""
    import hashlib

    from django.core.files.base import ContentFile

    raw = data if data is not None else (TINY_JPEG if kind == "image" else b"\x00" * 4096)
    name = "photo.jpg" if kind == "image" else "clip.mp4"
    media = PostMedia(
        post=post,
        kind=kind,
        alt_text="A nurse at the front desk" if kind == "image" else "",
        sha256=hashlib.sha256(raw).hexdigest(),
        position=post.media.count(),
    )
    media.file.save(name, ContentFile(raw), save=False)
    media.save()
    return media


def add_image(post: Post) -> PostMedia:
    """An image added to an approved post, with its approval re-bound to the new content."""
    media = add_media(post, "image")
    _rebind(post)
    return media


def _rebind(post: Post) -> None:
    digest = post_content_hash(post)
    Post.objects.filter(pk=post.pk).update(content_hash=digest)
    Approval.objects.filter(post=post).update(content_hash=digest)
    post.content_hash = digest


@transaction.atomic
def approved_post(
    *,
    workspace: Workspace,
    text: str,
    at: datetime,
    platforms: Iterable[str] = ("x",),
    approver: Any = None,
    media: Iterable[str] = (),
) -> Post:
    post = Post.objects.create(
        workspace=workspace, title="seeded", text=text, status=PostStatus.SCHEDULED, scheduled_at=at
    )
    for platform in platforms:
        PostVariant.objects.create(post=post, platform=platform, text="")
    for kind in media:
        add_media(post, kind)
    step = ReviewStep.objects.create(
        post=post,
        kind=ReviewStepKind.MARKETING,
        name="Marketing",
        cap=Cap.REVIEW_MARKETING,
        mode=ReviewMode.ANY,
        position=0,
    )
    digest = post_content_hash(post)
    Post.objects.filter(pk=post.pk).update(content_hash=digest)
    Approval.objects.create(
        step=step,
        post=post,
        decision=Approval.Decision.APPROVE,
        user=approver,
        actor_label="seed",
        content_hash=digest,
    )
    post.content_hash = digest
    return post


def approved_posts_bulk(
    *, items: Sequence[tuple[Workspace, str, datetime]], platform: str = "x"
) -> list[int]:
    """Many single-variant approved posts at once. The hash is computed the way
    ``post_content_hash`` does for a post with one empty variant and nothing linked; the first
    post is checked against the real function so a change there cannot go unnoticed."""
    import hashlib
    import json

    def digest(text: str) -> str:
        content = {
            "text": text,
            "variants": {platform: ""},
            "media": [],
            "sources": [],
            "consents": [],
            "claims": [],
        }
        return hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()

    ids: list[int] = []
    for start in range(0, len(items), 1000):
        chunk = items[start : start + 1000]
        with transaction.atomic():
            posts = Post.objects.bulk_create(
                [
                    Post(
                        workspace=w,
                        title="seeded",
                        text=t,
                        status=PostStatus.SCHEDULED,
                        scheduled_at=at,
                        content_hash=digest(t),
                    )
                    for w, t, at in chunk
                ]
            )
            PostVariant.objects.bulk_create(
                [PostVariant(post=p, platform=platform, text="") for p in posts]
            )
            steps = ReviewStep.objects.bulk_create(
                [
                    ReviewStep(
                        post=p,
                        kind=ReviewStepKind.MARKETING,
                        name="Marketing",
                        cap=Cap.REVIEW_MARKETING,
                        mode=ReviewMode.ANY,
                        position=0,
                    )
                    for p in posts
                ]
            )
            Approval.objects.bulk_create(
                [
                    Approval(
                        step=s,
                        post=p,
                        decision=Approval.Decision.APPROVE,
                        actor_label="seed",
                        content_hash=p.content_hash,
                    )
                    for s, p in zip(steps, posts, strict=True)
                ]
            )
            ids += [p.pk for p in posts]
    first = Post.objects.get(pk=ids[0])
    if post_content_hash(first) != first.content_hash:
        raise AssertionError(
            "approved_posts_bulk: the studio's content hash changed; update digest()"
        )
    return ids
