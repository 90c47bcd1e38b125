"""What the consent app announces to the apps above it (posts, reviews)."""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["consent_revoked"]

#: A consent record stopped being valid: revoked, or expired (inside the same transaction).
#: Arguments: ``consent``, ``actor`` (None for the expiry sweep), ``reason`` ("consent
#: revoked" / "consent expired"). A receiver returns what it did as
#: ``{"reopened": [post ids]}`` or ``{"takedown": [post ids]}``; the consent service records
#: the union in its audit event and tells the owners.
consent_revoked = Signal()
