"""One client per platform, all behind :class:`carepost.publishing.base.PlatformClient`."""

from __future__ import annotations

from ..base import PlatformClient
from .bluesky import BlueskyClient
from .linkedin import LinkedInClient
from .mastodon import MastodonClient
from .meta import FacebookPageClient, InstagramClient
from .threads import ThreadsClient
from .tiktok import TikTokClient
from .x import XClient
from .youtube import YouTubeClient

CLIENTS: dict[str, type[PlatformClient]] = {
    c.platform: c
    for c in (
        FacebookPageClient,
        InstagramClient,
        LinkedInClient,
        XClient,
        TikTokClient,
        ThreadsClient,
        YouTubeClient,
        BlueskyClient,
        MastodonClient,
    )
}

__all__ = [
    "CLIENTS",
    "BlueskyClient",
    "FacebookPageClient",
    "InstagramClient",
    "LinkedInClient",
    "MastodonClient",
    "ThreadsClient",
    "TikTokClient",
    "XClient",
    "YouTubeClient",
]
