"""What the workspaces app announces to the apps above it."""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["crisis_changed"]

#: Crisis mode started or was lifted (inside the same transaction). Arguments: ``workspaces``
#: (every workspace it applies to), ``active`` (bool), ``actor``. A receiver returns how many
#: posts it re-routed (recorded in the crisis audit event).
crisis_changed = Signal()
