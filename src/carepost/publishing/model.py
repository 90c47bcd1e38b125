"""Plain data passed to and returned by platform clients (no Django)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

__all__ = [
    "MediaItem",
    "PublishRequest",
    "Published",
    "Quota",
    "RemoteStatus",
    "content_fingerprint",
]

MediaKind = Literal["image", "video"]

_URL = re.compile(r"https?://\S+")
_SPACE = re.compile(r"\s+")
# LinkedIn's little-text escapes come back as typed; drop backslashes before comparing.
_ESCAPE = re.compile(r"\\(?=[\\|{}@\[\]()<>#*_~])")


def content_fingerprint(text: str) -> str:
    """A hash that survives what platforms do to text: URL shortening (X's t.co), whitespace
    changes, Unicode normalization, LinkedIn escapes. Used to recognise our own post when
    reconciling an attempt whose answer was lost."""
    t = unicodedata.normalize("NFC", text or "")
    t = _ESCAPE.sub("", t)
    t = _URL.sub("<url>", t)
    t = _SPACE.sub(" ", t).strip().casefold()
    return hashlib.sha256(t.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class MediaItem:
    """One image or video. Meta/Threads/TikTok-pull fetch ``url`` themselves (it must be public);
    X, LinkedIn, YouTube, Bluesky and Mastodon upload the bytes from ``path`` or ``data``."""

    kind: MediaKind
    mime: str
    url: str | None = None
    path: str | None = None
    data: bytes | None = None
    alt_text: str = ""
    sha256: str = ""  # of the file's bytes, as stored by the studio

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path:
            return Path(self.path).read_bytes()
        raise ValueError("media item has neither data nor path to upload")

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        if self.path:
            return Path(self.path).stat().st_size
        return 0


@dataclass(frozen=True)
class PublishRequest:
    """What to publish on one account. ``idempotency_key`` is stable across attempts of the
    same job; platforms that accept one get it, the others are reconciled by fingerprint."""

    text: str
    media: tuple[MediaItem, ...] = ()
    first_comment: str = ""
    title: str = ""  # YouTube title, TikTok photo title
    link: str = ""  # Facebook/LinkedIn link share
    idempotency_key: str = ""
    options: dict[str, object] = field(default_factory=dict)

    @property
    def shape(self) -> str:
        """text | image | carousel | video"""
        if not self.media:
            return "text"
        if len(self.media) > 1:
            return "carousel"
        return "video" if self.media[0].kind == "video" else "image"

    @property
    def fingerprint(self) -> str:
        """The text's fingerprint; for a media-only post, one built from the media hashes, so
        that it never equals the fingerprint of another post's (empty) text."""
        if self.text.strip():
            return content_fingerprint(self.text)
        hashes = ",".join(m.sha256 or f"{m.kind}:{m.url or m.path or m.size}" for m in self.media)
        return hashlib.sha256(f"media-only:{hashes}".encode()).hexdigest()

    def to_payload(self) -> dict[str, object]:
        """The exact content sent, for the evidence export (no bytes)."""
        return {
            "text": self.text,
            "first_comment": self.first_comment,
            "title": self.title,
            "link": self.link,
            "media": [
                {
                    "kind": m.kind,
                    "mime": m.mime,
                    "url": m.url,
                    "alt_text": m.alt_text,
                    "size": m.size,
                }
                for m in self.media
            ],
            "idempotency_key": self.idempotency_key,
            "options": dict(self.options),
        }


@dataclass(frozen=True)
class Published:
    """A post that exists on the platform."""

    remote_id: str
    url: str = ""
    comment_id: str = ""
    reconciled: bool = False  # found by asking the platform, not from a direct answer


@dataclass(frozen=True)
class RemoteStatus:
    remote_id: str
    state: Literal["published", "processing", "failed", "missing"]
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Quota:
    used: int
    total: int
    window_seconds: int
    reset_at: datetime | None = None

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.used)
