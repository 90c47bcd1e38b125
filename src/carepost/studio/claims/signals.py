"""What the claims library announces to the apps above it (posts, reviews)."""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["claim_retired"]

#: An approved claim stopped being usable: retired, or expired (inside the same transaction).
#: Arguments: ``claim``, ``actor`` (None for the expiry sweep), ``reason`` ("retired" /
#: "expired"). A receiver returns the ids of the posts it flagged or sent back to review.
claim_retired = Signal()
