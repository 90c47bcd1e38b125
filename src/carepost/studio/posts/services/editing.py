"""Compose: create and edit a post. The new content is checked outside any transaction, then
written briefly, guarded by the content hash the check saw (see ``..content``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from carepost.studio.audit.services import audit_log
from carepost.studio.errors import EditConflict
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap

from ..checking import check_deadline, report_incomplete
from ..content import (
    Draft,
    draft_check,
    draft_of,
    draft_with_links,
    newlines_normalized,
    post_content_hash,
    reports_with_ids,
)
from ..models import Post, PostSource, PostStatus, PostVariant, PostVersion
from ..signals import post_content_changed
from ._common import actor_user, require_cap, require_editable

__all__ = [
    "EDIT_ATTEMPTS",
    "ContentMoved",
    "content_changed",
    "guarded_edit",
    "media_content_changed",
    "post_check",
    "post_create",
    "post_update",
    "require_link_consent",
    "store_version",
]


def post_check(*, post: Post) -> dict[str, Any]:
    """Check the post's stored content (master text and every variant) and return the reports
    ``{"master": report, "<platform>": report, ...}``. Writes nothing."""
    return reports_with_ids(
        draft_check(workspace=post.workspace, draft=draft_of(post), deadline=check_deadline()),
        post.pk,
    )


class ContentMoved(Exception):
    """The post's content changed between the check and the write (internal: retried)."""


#: How many times an edit is re-checked when the post keeps changing under it.
EDIT_ATTEMPTS = 3


def guarded_edit(post_pk: int, prepare: Any, write: Any) -> Any:
    """Run ``prepare(current)`` (reads and the slow check, no transaction), then
    ``write(locked, prepared)`` in a brief transaction, but only if the post's content hash is
    still the one ``prepare`` saw; otherwise check again (``EDIT_ATTEMPTS`` in all), then give
    up with EditConflict. The caller's input is never half-applied."""
    for _ in range(EDIT_ATTEMPTS):
        current = Post.objects.select_related("workspace").get(pk=post_pk)
        prepared = prepare(current)
        try:
            with transaction.atomic():
                locked = (
                    Post.objects.select_for_update().select_related("workspace").get(pk=post_pk)
                )
                if locked.content_hash != current.content_hash:
                    raise ContentMoved
                require_editable(locked)
                return write(locked, prepared)
        except ContentMoved:
            continue
    raise EditConflict(
        "this post kept changing while your edit was being checked, so it was not saved; "
        "your text is still in the form: review the post's latest version and save again"
    )


def require_link_consent(actor: Any, workspace: Workspace, consent_ids: Any) -> None:
    """Linking consent records needs ``LINK_CONSENT`` (it reveals whom a consent covers)."""
    if consent_ids:
        require_cap(actor, workspace, Cap.LINK_CONSENT)


def _write_links(post: Post, draft: Draft, given: set[str]) -> None:
    """Store the draft's variants, sources, consent and claim links (those in ``given``)."""
    if "variants" in given:
        post.variants.exclude(platform__in=list(draft.variants)).delete()
        for platform, text in draft.variants.items():
            PostVariant.objects.update_or_create(
                post=post, platform=platform, defaults={"text": text}
            )
    if "sources" in given:
        post.sources.all().delete()
        PostSource.objects.bulk_create(
            PostSource(post=post, citation=citation, position=i)
            for i, citation in enumerate(draft.sources)
        )
    if "consents" in given:
        post.consents.set(draft.consents)
    if "claims" in given:
        post.claims.set(draft.claims)


def store_version(post: Post, *, draft: Draft, reports: dict[str, Any], actor: Any) -> PostVersion:
    """Inside the write transaction: the new version with the reports of exactly its content
    (or ``ContentMoved`` when what was stored is not what was checked)."""
    new_hash = post_content_hash(post)
    if new_hash != draft.hash():
        raise ContentMoved
    reports = reports_with_ids(reports, post.pk)
    post.version += 1
    post.content_hash = new_hash
    post.last_report = reports["master"]
    post.save(update_fields=["version", "content_hash", "last_report", "updated_at"])
    for variant in post.variants.all():
        variant.last_report = reports.get(variant.platform)
        variant.save(update_fields=["last_report"])
    return PostVersion.objects.create(
        post=post,
        number=post.version,
        content=draft.content(),
        content_hash=new_hash,
        reports=reports,
        created_by=actor_user(actor),
    )


def _stored_check_incomplete(post: Post) -> bool:
    version = post.versions.order_by("-number").first()
    return version is not None and any(report_incomplete(r) for r in version.reports.values())


def post_create(
    *,
    actor: Any,
    workspace: Workspace,
    title: str,
    text: str = "",
    pillar: str = "",
    campaign: str = "",
    evergreen: bool = False,
    variants: dict[str, str] | None = None,
    sources: Sequence[str] | None = None,
    consent_ids: Iterable[int] | None = None,
    claim_ids: Iterable[int] | None = None,
) -> Post:
    """Create a draft post. The check runs before the (brief) write transaction. Line breaks
    are stored as ``\n`` (``newlines_normalized``)."""
    require_cap(actor, workspace, Cap.EDIT_POST)
    text = newlines_normalized(text)
    consent_ids = None if consent_ids is None else list(consent_ids)
    require_link_consent(actor, workspace, consent_ids)
    post = Post(
        workspace=workspace,
        title=title,
        text=text,
        pillar=pillar,
        campaign=campaign,
        evergreen=evergreen,
        status=PostStatus.DRAFT,
        created_by=actor_user(actor),
    )
    post.full_clean()
    empty = Draft(text="", variants={}, sources=(), consents=(), claims=(), media=())
    draft = draft_with_links(
        empty,
        workspace=workspace,
        text=text,
        variants=variants or {},
        sources=sources or (),
        consent_ids=consent_ids or (),
        claim_ids=claim_ids or (),
    )
    draft.check_work()
    reports = draft_check(workspace=workspace, draft=draft, deadline=check_deadline())
    with transaction.atomic():
        post.save()
        _write_links(post, draft, {"variants", "sources", "consents", "claims"})
        version = store_version(post, draft=draft, reports=reports, actor=actor)
        audit_log(
            event="post.create",
            actor=actor,
            workspace=workspace,
            target=post,
            data={"version": version.number, "content_hash": post.content_hash},
        )
    return post


def post_update(
    *,
    actor: Any,
    post: Post,
    title: str | None = None,
    text: str | None = None,
    pillar: str | None = None,
    campaign: str | None = None,
    evergreen: bool | None = None,
    variants: dict[str, str] | None = None,
    sources: Sequence[str] | None = None,
    consent_ids: Iterable[int] | None = None,
    claim_ids: Iterable[int] | None = None,
) -> Post:
    """Edit a post. If the covered content changed, approvals bound to the old hash stop
    counting (``post.review.reset``) and an approved/scheduled post goes back to review.

    The new content is checked before the write transaction; the write happens only if the
    post's content is still the one that was checked (else it is checked again)."""
    text = None if text is None else newlines_normalized(text)
    consent_ids = None if consent_ids is None else list(consent_ids)
    claim_ids = None if claim_ids is None else list(claim_ids)
    fields = {"title": title, "pillar": pillar, "campaign": campaign, "evergreen": evergreen}
    given = {
        name
        for name, value in (
            ("variants", variants),
            ("sources", sources),
            ("consents", consent_ids),
            ("claims", claim_ids),
        )
        if value is not None
    }

    def prepare(current: Post) -> tuple[Draft, dict[str, Any] | None]:
        require_cap(actor, current.workspace, Cap.EDIT_POST)
        require_editable(current)
        if consent_ids is not None and set(consent_ids) != {c.pk for c in current.consents.all()}:
            require_link_consent(actor, current.workspace, consent_ids)
        _apply_fields(current, text=text, **fields)
        draft = draft_with_links(
            draft_of(current),
            workspace=current.workspace,
            text=text,
            variants=variants,
            sources=sources,
            consent_ids=consent_ids,
            claim_ids=claim_ids,
        )
        if draft.hash() == current.content_hash and not _stored_check_incomplete(current):
            return draft, None  # nothing the check covers changed
        draft.check_work()
        deadline = check_deadline()
        return draft, draft_check(workspace=current.workspace, draft=draft, deadline=deadline)

    def write(locked: Post, prepared: tuple[Draft, dict[str, Any] | None]) -> Post:
        draft, reports = prepared
        old_hash = locked.content_hash
        _apply_fields(locked, text=text, **fields)
        locked.save()
        _write_links(locked, draft, given)
        if reports is None:
            if post_content_hash(locked) != draft.hash():
                raise ContentMoved
            return locked
        version = store_version(locked, draft=draft, reports=reports, actor=actor)
        audit_log(
            event="post.update",
            actor=actor,
            workspace=locked.workspace,
            target=locked,
            data={"version": version.number, "old_hash": old_hash, "new_hash": draft.hash()},
        )
        content_changed(locked, actor=actor, reason="content edited")
        return locked

    return guarded_edit(post.pk, prepare, write)


def _apply_fields(post: Post, **values: Any) -> None:
    """Set the given (not None) fields on the instance and validate them; saves nothing."""
    for name, value in values.items():
        if value is not None:
            setattr(post, name, value)
    post.full_clean()


def content_changed(post: Post, *, actor: Any, reason: str) -> None:
    """Inside the write transaction, after a new version was stored: announce it. The reviews
    app resets the approvals bound to the old hash and sends an approved or scheduled post
    back to review (``carepost.studio.reviews.receivers``)."""
    post_content_changed.send(sender=Post, post=post, actor=actor, reason=reason)


def media_content_changed(
    post: Post,
    *,
    actor: Any,
    draft: Draft,
    reports: dict[str, Any],
    old_hash: str,
    event: str,
    data: dict[str, Any],
) -> None:
    version = store_version(post, draft=draft, reports=reports, actor=actor)
    audit_log(
        event=event,
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={
            **data,
            "version": version.number,
            "old_hash": old_hash,
            "new_hash": post.content_hash,
        },
    )
    content_changed(post, actor=actor, reason="media changed")
