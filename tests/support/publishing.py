"""Factories for approved, scheduled posts (used by the tests and the bench/ harness).

They write rows directly rather than going through the review services, because the publisher
needs thousands of approved posts quickly; the rows are exactly what the services leave behind
(a required review step, an approval bound to ``post_content_hash``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from carepost.studio.posts.models import (
    Approval,
    Post,
    PostStatus,
    PostVariant,
    ReviewMode,
    ReviewStep,
    ReviewStepKind,
)
from carepost.studio.posts.services import post_content_hash
from carepost.studio.workspaces.models import Role, Workspace


@transaction.atomic
def approved_post(
    *,
    workspace: Workspace,
    text: str,
    at: datetime,
    platforms: Iterable[str] = ("x",),
    approver: Any = None,
) -> Post:
    post = Post.objects.create(
        workspace=workspace, title="seeded", text=text, status=PostStatus.SCHEDULED, scheduled_at=at
    )
    for platform in platforms:
        PostVariant.objects.create(post=post, platform=platform, text="")
    step = ReviewStep.objects.create(
        post=post,
        kind=ReviewStepKind.MARKETING,
        name="Marketing",
        role=Role.OWNER,
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
                        role=Role.OWNER,
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
