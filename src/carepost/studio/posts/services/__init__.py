"""Writes for posts (all audited): compose and edit (``editing``), media (``media``) and the
status machine (``status``). Review actions live in ``carepost.studio.reviews.services``;
publishing calls ``post_mark_published`` / ``post_mark_failed`` / ``post_retry_publishing``."""

from __future__ import annotations

from ..content import post_content, post_content_hash
from .editing import post_check, post_create, post_update
from .media import post_media_add, post_media_remove
from .status import (
    post_archive,
    post_flag_for_review,
    post_flag_takedown,
    post_mark_failed,
    post_mark_published,
    post_retry_publishing,
    post_schedule,
    post_status_set,
    post_unschedule,
)

__all__ = [
    "post_archive",
    "post_check",
    "post_content",
    "post_content_hash",
    "post_create",
    "post_flag_for_review",
    "post_flag_takedown",
    "post_mark_failed",
    "post_mark_published",
    "post_media_add",
    "post_media_remove",
    "post_retry_publishing",
    "post_schedule",
    "post_status_set",
    "post_unschedule",
    "post_update",
]
