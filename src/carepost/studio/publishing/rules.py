"""Publish-time rules, checked right before every platform call (after the lease is taken).

- crisis mode (workspace or organization) pauses the job;
- the post must still be scheduled (or already live/failed on another platform), its stored
  content hash must equal the hash of what will be sent, and every required review step must
  hold an approval bound to that hash;
- every consent linked to the post or its media must still be valid today on this platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from carepost.studio.consent.selectors import post_consent_problems
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.posts.services import post_content_hash
from carepost.studio.reviews.routing import step_is_required, step_is_satisfied
from carepost.studio.workspaces.selectors import workspace_publishing_paused

PUBLISHABLE = {PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED}


@dataclass(frozen=True)
class Verdict:
    outcome: str  # "ok" | "pause" | "stop"
    reason: str = ""
    content_hash: str = ""


def publish_verdict(*, post: Post, platform: str) -> Verdict:
    if workspace_publishing_paused(workspace=post.workspace):
        return Verdict("pause", "crisis mode is on for this workspace or its organization")
    if post.status not in PUBLISHABLE:
        return Verdict(
            "stop", f"the post is no longer scheduled (it is {post.get_status_display().lower()})"
        )
    current = post_content_hash(post)
    if post.content_hash != current:
        return Verdict("stop", "the content changed after it was approved; it needs a new approval")
    required = [s for s in post.review_steps.all() if step_is_required(s)]
    if not required or not all(step_is_satisfied(s, current) for s in required):
        return Verdict("stop", "no approval covers this exact content")
    problems = post_consent_problems(post=post, on=timezone.now().date(), platform=platform)
    if problems:
        return Verdict("stop", "consent problem: " + "; ".join(problems))
    return Verdict("ok", content_hash=current)
