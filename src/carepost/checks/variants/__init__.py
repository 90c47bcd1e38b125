"""Per-platform variants of one master post (``adapt``) and the UTM builder."""

from .adapter import AdaptResult, Variant, adapt, protected_items
from .utm import Utm, UtmError, build_utm_url, phi_reason

__all__ = [
    "AdaptResult",
    "Utm",
    "UtmError",
    "Variant",
    "adapt",
    "build_utm_url",
    "phi_reason",
    "protected_items",
]
