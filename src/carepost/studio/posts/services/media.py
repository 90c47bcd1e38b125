"""Attach and detach photos and videos (validated completely before anything is stored)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction

from carepost.studio.errors import NotFound, ValidationFailed
from carepost.studio.workspaces.permissions import Cap

from ..checking import check_deadline
from ..content import Draft, DraftMedia, draft_check, draft_of, draft_with_links
from ..models import Post, PostMedia
from ._common import require_cap, require_editable
from .editing import guarded_edit, media_content_changed, require_link_consent

__all__ = ["post_media_add", "post_media_remove"]


def post_media_add(
    *,
    actor: Any,
    post: Post,
    upload: Any,
    alt_text: str = "",
    consent_ids: Iterable[int] = (),
) -> PostMedia:
    """Attach a photo or video. The upload is validated completely before anything is stored
    (size limits of the studio, of the post's platforms and of the workspace; its format from
    its bytes; image dimensions from the header, before any pixel is decoded; then a full
    read). The file is stored, the post re-checked (media rules) outside any transaction, and
    the media row written briefly; if anything fails after the file was stored, the file is
    removed, so a failed upload leaves nothing behind. Approvals reset."""
    from ..uploads import upload_store, upload_validated

    current = Post.objects.select_related("workspace").get(pk=post.pk)
    require_cap(actor, current.workspace, Cap.EDIT_POST)
    require_editable(current)
    ids = set(consent_ids)
    require_link_consent(actor, current.workspace, ids)
    consents = tuple(current.workspace.consents.filter(pk__in=ids).order_by("pk"))
    if len(consents) != len(ids):
        raise ValidationFailed("a linked consent is not in this workspace", field="consents")
    platforms = list(current.variants.values_list("platform", flat=True))
    with upload_validated(upload=upload, workspace=current.workspace, platforms=platforms) as ok:
        stored = upload_store(ok)
    try:
        added = DraftMedia(
            sha256=ok.sha256,
            alt_text=alt_text.strip(),
            consents=consents,
            path=stored.path,
            id=f"upload:{ok.sha256[:12]}",
        )

        def prepare(current: Post) -> tuple[Draft, dict[str, Any]]:
            require_cap(actor, current.workspace, Cap.EDIT_POST)
            base = draft_of(current)
            draft = draft_with_links(base, workspace=current.workspace, media=[*base.media, added])
            deadline = check_deadline()
            return draft, draft_check(workspace=current.workspace, draft=draft, deadline=deadline)

        def write(locked: Post, prepared: tuple[Draft, dict[str, Any]]) -> PostMedia:
            draft, reports = prepared
            old_hash = locked.content_hash
            media = PostMedia(
                post=locked,
                alt_text=added.alt_text,
                sha256=ok.sha256,
                kind=ok.kind,
                size=ok.size,
                position=locked.media.count(),
            )
            media.file.name = stored.name
            media.full_clean()
            media.save()
            media.consents.set(consents)
            media_content_changed(
                locked,
                actor=actor,
                draft=draft,
                reports=reports,
                old_hash=old_hash,
                event="post.media.add",
                data={"media": media.pk, "sha256": media.sha256},
            )
            return media

        result: PostMedia = guarded_edit(current.pk, prepare, write)
    except BaseException:
        stored.delete()  # the upload failed after its file was stored: no orphan
        raise
    return result


def post_media_remove(*, actor: Any, post: Post, media_id: int | None) -> None:
    """Detach a photo or video; the post is re-checked without it before the brief write, and
    the file is deleted once the removal is committed."""

    def prepare(current: Post) -> tuple[Draft, dict[str, Any]]:
        require_cap(actor, current.workspace, Cap.EDIT_POST)
        require_editable(current)
        if media_id is None:
            raise ValidationFailed("which media?", field="media")
        if not current.media.filter(pk=media_id).exists():
            raise NotFound("no such media on this post")
        base = draft_of(current)
        draft = draft_with_links(
            base,
            workspace=current.workspace,
            media=[m for m in base.media if m.id != str(media_id)],
        )
        deadline = check_deadline()
        return draft, draft_check(workspace=current.workspace, draft=draft, deadline=deadline)

    def write(locked: Post, prepared: tuple[Draft, dict[str, Any]]) -> None:
        draft, reports = prepared
        media = locked.media.get(pk=media_id)
        sha, file_name = media.sha256, media.file.name
        old_hash = locked.content_hash
        media.delete()
        storage = PostMedia._meta.get_field("file").storage
        transaction.on_commit(partial(storage.delete, file_name))
        media_content_changed(
            locked,
            actor=actor,
            draft=draft,
            reports=reports,
            old_hash=old_hash,
            event="post.media.remove",
            data={"sha256": sha},
        )

    guarded_edit(post.pk, prepare, write)
