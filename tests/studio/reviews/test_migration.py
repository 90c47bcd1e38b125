"""Moving the review models from ``posts`` to ``reviews`` keeps every row: a database migrated
only up to ``posts.0004`` (the tables named posts_*), with rows in each, is migrated forward and
the rows are read back through the new models (tables renamed to reviews_*)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.support.flushable_audit import audit_triggers_off

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("posts", "0004_media_size"), ("reviews", None)]
MOVED = ["approval", "clientapprovallink", "comment", "reviewstep", "waiver", "workspacereviewstep"]


@pytest.fixture(scope="module", autouse=True)
def _flushable(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), audit_triggers_off():
        yield


def _migrate(targets):
    """Migrate to ``targets``; the models as every applied migration leaves them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    applied = executor.loader.applied_migrations
    return executor.loader.project_state(
        [n for n in executor.loader.graph.nodes if n in applied]
    ).apps


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_migrating_an_existing_database_keeps_review_rows():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        assert {f"posts_{m}" for m in MOVED} <= _tables()
        assert not {f"reviews_{m}" for m in MOVED} & _tables()
        User = old.get_model("auth", "User")
        Org = old.get_model("workspaces", "Organization")
        Workspace = old.get_model("workspaces", "Workspace")
        Post = old.get_model("posts", "Post")
        user = User.objects.create(username="rev@example.test", email="rev@example.test")
        org = Org.objects.create(name="Org", slug="org-mig")
        ws = Workspace.objects.create(organization=org, name="Clinic", slug="clinic")
        post = Post.objects.create(workspace=ws, title="Flu", text="Flu shots.", status="in_review")
        m = {name: old.get_model("posts", name) for name in MOVED}
        m["workspacereviewstep"].objects.create(
            workspace=ws, name="Legal", role="owner", mode="all"
        )
        step = m["reviewstep"].objects.create(
            post=post, kind="marketing", name="Marketing approval", role="author"
        )
        m["approval"].objects.create(
            step=step,
            post=post,
            decision="approve",
            user=user,
            actor_label=user.email,
            content_hash="a" * 64,
            note="fine",
        )
        m["waiver"].objects.create(
            post=post,
            code="PHI001",
            matches=["Maria"],
            reason="consented",
            actor_label="p@example.test",
            content_hash="a" * 64,
        )
        parent = m["comment"].objects.create(post=post, author_label="a", body="first")
        m["comment"].objects.create(post=post, parent=parent, author_label="b", body="reply")
        m["clientapprovallink"].objects.create(
            post=post, email="client@example.test", token_hash="b" * 64, expires_at=timezone.now()
        )
    finally:
        _migrate(leaves)

    assert {f"reviews_{m}" for m in MOVED} <= _tables()
    assert not {f"posts_{m}" for m in MOVED} & _tables()
    from carepost.studio.posts.models import Post as NewPost
    from carepost.studio.reviews.models import (
        Approval,
        ClientApprovalLink,
        Comment,
        ReviewStep,
        Waiver,
        WorkspaceReviewStep,
    )

    post = NewPost.objects.get(title="Flu")
    step = ReviewStep.objects.get(post=post)
    assert step.name == "Marketing approval"
    approval = Approval.objects.get(step=step)
    assert (approval.note, approval.user.email, approval.post_id) == (
        "fine",
        "rev@example.test",
        post.pk,
    )
    assert Waiver.objects.get(post=post).matches == ["Maria"]
    reply = Comment.objects.get(body="reply")
    assert reply.parent.body == "first" and list(post.comments.order_by("id")) == [
        reply.parent,
        reply,
    ]
    assert ClientApprovalLink.objects.get(post=post).email == "client@example.test"
    legal = WorkspaceReviewStep.objects.get(workspace=post.workspace)
    assert (legal.name, legal.cap, legal.mode) == ("Legal", "sign_off", "all")
    assert step.cap == "review_marketing"  # who may act: a capability, no longer a role name
    # new rows get fresh ids after the moved ones (the sequences came along on PostgreSQL)
    assert (
        ReviewStep.objects.create(post=post, kind="custom", name="Legal", cap="sign_off").pk
        > step.pk
    )
