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
