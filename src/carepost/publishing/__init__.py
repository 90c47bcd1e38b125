"""Publishing to social platforms: one client per platform behind one interface, typed errors,
pinned API versions. Pure Python (no Django); the studio app ``carepost.studio.publishing``
adds accounts, the schedule and the exactly-once engine on top."""

from __future__ import annotations

from .base import PlatformClient
from .clients import CLIENTS
from .errors import (
    CannotVerify,
    Duplicate,
    MediaRejected,
    OutcomeUnknown,
    PermissionMissing,
    PlatformError,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
)
from .model import MediaItem, Published, PublishRequest, Quota, RemoteStatus, content_fingerprint

__all__ = [
    "CLIENTS",
    "CannotVerify",
    "Duplicate",
    "MediaItem",
    "MediaRejected",
    "OutcomeUnknown",
    "PermissionMissing",
    "PlatformClient",
    "PlatformError",
    "PublishRequest",
    "Published",
    "Quota",
    "RateLimited",
    "Rejected",
    "RemoteStatus",
    "Temporary",
    "TokenDead",
    "content_fingerprint",
]
