from __future__ import annotations

from django.db import transaction

from carepost.checks import Engine, Policy
from carepost.checks.model import CheckInput

from .models import Post, PostStatus


def post_policy(*, post: Post) -> Policy:
    """The workspace's checker policy (TOML stored on the workspace)."""
    toml = post.workspace.policy_toml
    return Policy.from_toml(toml, path=f"workspace:{post.workspace.slug}") if toml else Policy()


@transaction.atomic
def post_create(*, workspace, title: str, text: str, created_by=None) -> Post:
    post = Post(
        workspace=workspace, title=title, text=text, created_by=created_by, status=PostStatus.DRAFT
    )
    post.full_clean()
    post.save()
    post_check(post=post)
    return post


@transaction.atomic
def post_check(*, post: Post) -> dict:
    """Run the checker on the post's text and store the report."""
    report = Engine(post_policy(post=post)).check(CheckInput(text=post.text, id=str(post.pk)))
    post.last_report = report.to_dict()
    post.save(update_fields=["last_report", "updated_at"])
    return post.last_report
