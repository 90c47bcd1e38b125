"""Helpers shared by the fake platform's dialects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from .fakeplatform import Answer, FakePlatform, FakePost, Req

__all__ = ["Dialect", "iso", "posts_of", "since", "token_answer", "user_of"]

Dialect = Callable[[FakePlatform, Req], Answer]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def since(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def posts_of(
    fake: FakePlatform, platform: str, user: str, since: float | None = None
) -> list[FakePost]:
    return [
        p
        for p in reversed(fake.posts(platform))
        if p.user == user and not p.deleted and (since is None or p.created_at.timestamp() >= since)
    ]


def user_of(fake: FakePlatform, req: Req, refused: Callable[[bool], Answer]) -> str | Answer:
    user, expired = fake.token_user(req.bearer)
    return user if user is not None else refused(expired)


def token_answer(fake: FakePlatform, platform: str, user: str, **extra: Any) -> dict[str, Any]:
    access, refresh, ttl = fake.issue(platform, user)
    body: dict[str, Any] = {"access_token": access, "token_type": "bearer", **extra}
    if ttl:
        body["expires_in"] = ttl
    elif platform == "threads":
        body["expires_in"] = 5183944  # a long-lived token: about 60 days
    if platform in ("x", "tiktok", "linkedin"):
        body["refresh_token"] = refresh
    return body
