"""Inputs and outputs of the checker: plain frozen dataclasses, JSON-friendly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

__all__ = [
    "Applicability",
    "ApprovedClaim",
    "Category",
    "CheckInput",
    "ConsentRef",
    "Finding",
    "Fix",
    "Level",
    "MediaRef",
    "PlatformCount",
    "Report",
    "Span",
]

Kind = Literal["post", "reply"]


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


class Category(StrEnum):
    PRIVACY = "privacy"
    CLAIMS = "claims"
    DISCLAIMER = "disclaimer"
    STYLE = "style"
    PLATFORM = "platform"
    MEDIA = "media"
    CONSENT = "consent"


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets (Python ``str`` indices) into the checked text; ``end`` is exclusive."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested change. ``replacement`` replaces ``span`` (or the whole text when span is None)."""

    title: str
    applicability: Applicability
    replacement: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "replacement": self.replacement,
            "span": self.span.to_dict() if self.span else None,
            "applicability": self.applicability.value,
        }

    def apply(self, text: str) -> str:
        """The text with this fix applied (display-only fixes still produce the preview text)."""
        if self.replacement is None:
            return text
        if self.span is None:
            return self.replacement
        return text[: self.span.start] + self.replacement + text[self.span.end :]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    category: Category
    level: Level
    message: str
    span: Span | None = None
    confidence: float = 1.0
    explanation: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    fix: Fix | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category.value,
            "level": self.level.value,
            "message": self.message,
            "span": self.span.to_dict() if self.span else None,
            "confidence": round(self.confidence, 3),
            "explanation": self.explanation,
            "data": dict(self.data),
            "fix": self.fix.to_dict() if self.fix else None,
        }


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A media file attached to a post, with what is known of it (the media checks fill in more)."""

    path: str | None = None
    kind: Literal["image", "video", "gif", "document"] | None = None
    width: int | None = None
    height: int | None = None
    size_bytes: int | None = None
    duration_s: float | None = None
    format: str | None = None
    alt_text: str | None = None
    consent_ids: tuple[str, ...] = ()
    id: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentRef:
    """A signed authorization (HIPAA 164.508) the post relies on."""

    id: str
    person: str
    aliases: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    expires: str | None = None  # ISO date
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class ApprovedClaim:
    """An entry of the workspace's approved claims library."""

    id: str
    text: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckInput:
    text: str
    kind: Kind = "post"
    platform: str | None = None
    in_reply_to: str | None = None
    media: tuple[MediaRef, ...] = ()
    consents: tuple[ConsentRef, ...] = ()
    approved_claims: tuple[ApprovedClaim, ...] = ()
    sources: tuple[str, ...] = ()
    id: str | None = None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> CheckInput:
        """Build an input from a JSON object (batch line, API body). Raises InputError."""
        from .errors import InputError

        if not isinstance(raw, Mapping):
            raise InputError(f"expected a JSON object, got {type(raw).__name__}")
        text = raw.get("text")
        if not isinstance(text, str):
            raise InputError("field 'text' is missing or not a string")
        kind = raw.get("kind", "post") or "post"
        if kind not in ("post", "reply"):
            raise InputError(f"field 'kind' must be 'post' or 'reply', got {kind!r}")
        platform = raw.get("platform")
        if platform is not None and not isinstance(platform, str):
            raise InputError("field 'platform' must be a string")
        in_reply_to = raw.get("in_reply_to")
        if in_reply_to is not None and not isinstance(in_reply_to, str):
            raise InputError("field 'in_reply_to' must be a string")
        rid = raw.get("id")
        try:
            media = tuple(_media_from(m) for m in raw.get("media") or ())
            consents = tuple(_consent_from(c) for c in raw.get("consents") or ())
            claims = tuple(
                ApprovedClaim(
                    id=str(c["id"]),
                    text=str(c["text"]),
                    references=tuple(str(r) for r in c.get("references", ())),
                )
                for c in raw.get("approved_claims") or ()
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"invalid media/consents/approved_claims: {exc}") from exc
        sources = tuple(str(s) for s in raw.get("sources") or ())
        return cls(
            text=text,
            kind="reply" if kind == "reply" else "post",
            platform=platform,
            in_reply_to=in_reply_to,
            media=media,
            consents=consents,
            approved_claims=claims,
            sources=sources,
            id=None if rid is None else str(rid),
        )


def _media_from(raw: Any) -> MediaRef:
    if isinstance(raw, str):
        return MediaRef(path=raw)
    allowed = set(MediaRef.__dataclass_fields__)
    unknown = set(raw) - allowed
    if unknown:
        raise ValueError(f"unknown media fields: {sorted(unknown)}")
    values = dict(raw)
    if "consent_ids" in values:
        values["consent_ids"] = tuple(values["consent_ids"])
    return MediaRef(**values)


def _consent_from(raw: Any) -> ConsentRef:
    values = dict(raw)
    for key in ("aliases", "media", "platforms"):
        if key in values:
            values[key] = tuple(values[key])
    return ConsentRef(**values)


@dataclass(frozen=True, slots=True)
class PlatformCount:
    """What a character counter shows for a platform, computed once by the engine."""

    name: str
    length: int
    limit: int
    unit: str

    @property
    def remaining(self) -> int:
        return self.limit - self.length

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "length": self.length,
            "limit": self.limit,
            "unit": self.unit,
            "remaining": self.remaining,
        }


@dataclass(frozen=True, slots=True)
class Report:
    findings: tuple[Finding, ...]
    elapsed_ms: float
    id: str | None = None
    platform: PlatformCount | None = None
    waived: tuple[tuple[Finding, str], ...] = ()

    @property
    def blocking(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "findings": [f.to_dict() for f in self.findings],
            "blocking": self.blocking,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }
        if self.platform is not None:
            out["platform"] = self.platform.to_dict()
        if self.waived:
            out["waived"] = [{**f.to_dict(), "waiver": reason} for f, reason in self.waived]
        return out
