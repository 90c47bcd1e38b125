"""Pinned platform API versions and hosts: the one place to bump them."""

from __future__ import annotations

#: Meta Graph API (Facebook Pages, Instagram via Facebook Login). Matches the node descriptions
#: in tests/data/conformance/platform-apis/meta-graph (specs/version.txt).
GRAPH_API_VERSION = "v25.0"
GRAPH_HOST = "https://graph.facebook.com"
GRAPH_VIDEO_HOST = "https://graph-video.facebook.com"
#: Instagram API with Instagram Login.
INSTAGRAM_HOST = "https://graph.instagram.com"
THREADS_API_VERSION = "v1.0"
THREADS_HOST = "https://graph.threads.net"
#: LinkedIn: monthly ``YYYYMM`` versions, each supported at least one year; a sunset one returns 426.
LINKEDIN_VERSION = "202605"
LINKEDIN_HOST = "https://api.linkedin.com"
X_HOST = "https://api.x.com"
TIKTOK_HOST = "https://open.tiktokapis.com"
YOUTUBE_HOST = "https://www.googleapis.com"
BLUESKY_HOST = "https://bsky.social"

__all__ = [
    "BLUESKY_HOST",
    "GRAPH_API_VERSION",
    "GRAPH_HOST",
    "GRAPH_VIDEO_HOST",
    "INSTAGRAM_HOST",
    "LINKEDIN_HOST",
    "LINKEDIN_VERSION",
    "THREADS_API_VERSION",
    "THREADS_HOST",
    "TIKTOK_HOST",
    "X_HOST",
    "YOUTUBE_HOST",
]
