"""What the posts app announces to the apps above it (receivers live in those apps)."""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["post_content_changed", "post_rescheduled"]

#: A new version of a post's content was stored (inside the write transaction).
#: Arguments: ``post`` (locked), ``actor``, ``reason``.
post_content_changed = Signal()

#: A scheduled post was given another time (inside the write transaction, after the audit
#: event). Publishing moves the post's publish jobs with it; a receiver that cannot (a job is
#: being sent right now) raises an ApplicationError and the whole reschedule rolls back.
#: Arguments: ``post`` (locked), ``actor``, ``old_at``, ``new_at`` (aware UTC).
post_rescheduled = Signal()
