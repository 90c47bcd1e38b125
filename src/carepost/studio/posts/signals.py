"""What the posts app announces to the apps above it (receivers live in those apps)."""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["post_content_changed"]

#: A new version of a post's content was stored (inside the write transaction).
#: Arguments: ``post`` (locked), ``actor``, ``reason``.
post_content_changed = Signal()
