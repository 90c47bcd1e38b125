"""Engine settings: ``settings.CAREPOST_PUBLISHING[NAME]`` > env ``CAREPOST_PUBLISH_<NAME>`` > default."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, float] = {
    # A worker must hold the job's lease while it talks to the platform; a dead worker's lease
    # expires and the next worker reconciles. Must exceed HTTP_TIMEOUT by a margin.
    "LEASE_SECONDS": 120,
    "HTTP_TIMEOUT": 30,
    "TICK_SECONDS": 2,
    "MAX_ATTEMPTS": 8,
    "BACKOFF_BASE": 30,
    "BACKOFF_MAX": 3600,
    "RECONCILE_DELAY": 5,
    # A job re-enqueued when its task was never picked up (a worker died holding it).
    "ENQUEUE_TIMEOUT": 300,
    # After a crisis is lifted, jobs more than this late go back to the owner.
    "LATE_GRACE_SECONDS": 900,
    "DISPATCH_BATCH": 500,
    "POLL_INTERVAL": 5,
    "POLL_TIMEOUT": 300,
    # Renew an access token this long before it expires (and always once on a refused token).
    "TOKEN_REFRESH_MARGIN": 300,
    # Threads' 60-day tokens are renewed this early (the platform wants them ≥ 24 h old).
    "LONG_LIVED_REFRESH_MARGIN": 7 * 86400,
    # A lost answer the platform still cannot settle this long after the attempt (its reads keep
    # failing, or it keeps "processing") goes to a person to confirm; one that no read can
    # settle at all (LinkedIn, TikTok without a publish id) goes at once.
    "CONFIRM_AFTER_SECONDS": 3600,
}


def conf(name: str) -> float:
    overrides: dict[str, Any] = getattr(settings, "CAREPOST_PUBLISHING", {}) or {}
    if name in overrides:
        return float(overrides[name])
    env = os.environ.get(f"CAREPOST_PUBLISH_{name}")
    if env:
        return float(env)
    return DEFAULTS[name]


#: Per-app publishing limits (platform → (calls, window seconds)), from settings.
def app_limits() -> dict[str, tuple[int, int]]:
    limits = getattr(settings, "CAREPOST_PUBLISH_APP_LIMITS", None)
    env = os.environ.get("CAREPOST_PUBLISH_APP_LIMITS")
    if limits is None and env:
        import json

        limits = json.loads(env)
    if limits is None:
        limits = {"x": (10_000, 86_400), "youtube": (100, 86_400)}
    return {k: (int(v[0]), int(v[1])) for k, v in limits.items()}


def oauth_credentials(platform: str) -> tuple[str, str]:
    """(client id, client secret) of carepost's app on the platform: settings or env
    ``CAREPOST_OAUTH_<PLATFORM>_CLIENT_ID`` / ``_CLIENT_SECRET``; ("", "") when not set."""
    name = f"CAREPOST_OAUTH_{platform.upper()}"
    cid = getattr(settings, f"{name}_CLIENT_ID", "") or os.environ.get(f"{name}_CLIENT_ID", "")
    secret = getattr(settings, f"{name}_CLIENT_SECRET", "") or os.environ.get(
        f"{name}_CLIENT_SECRET", ""
    )
    return str(cid), str(secret)


def refresh_margin(platform: str) -> float:
    if platform == "threads":
        return conf("LONG_LIVED_REFRESH_MARGIN")
    return conf("TOKEN_REFRESH_MARGIN")
