"""Typed platform errors. Every failure a platform can report maps to one of these; none is
"Unknown error". Each carries a safe ``message`` (never token or post text) and an ``action``
that tells a person what to do::

    PlatformError                 anything a platform call can end with, other than success
    ├── RateLimited               throttled or over quota; ``reset_at`` when the platform says
    ├── TokenDead                 the access token is expired/revoked: reconnect the account
    ├── PermissionMissing         the token lacks a scope or the user lacks a role
    ├── MediaRejected             the platform refused a media file (``reason`` is the platform's)
    ├── Rejected                  the platform refused the request itself (validation, policy)
    ├── Duplicate                 the platform says it already has this post: reconcile
    ├── Temporary                 a transient failure; ``may_have_published`` if it came after send
    ├── OutcomeUnknown            the request was sent but no answer came back: reconcile
    └── CannotVerify              reconciling: no read this account may make can tell whether an
                                  earlier attempt went through; a person must confirm
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

__all__ = [
    "CannotVerify",
    "Duplicate",
    "MediaRejected",
    "OutcomeUnknown",
    "PermissionMissing",
    "PlatformError",
    "RateLimited",
    "Rejected",
    "Temporary",
    "TokenDead",
]


class PlatformError(Exception):
    """Base class. ``kind`` is a stable slug stored with failed attempts."""

    kind: ClassVar[str] = "platform_error"
    default_action: ClassVar[str] = "Check the post and the account, then retry."
    #: Could the platform have created the post although we got this error?
    may_have_published: bool = False
    retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        platform: str = "",
        status: int | None = None,
        code: str | int | None = None,
        subcode: int | None = None,
        action: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.platform = platform
        self.status = status
        self.code = code
        self.subcode = subcode
        self.action = action or self.default_action

    @property
    def full_code(self) -> str:
        """``code`` or ``code/subcode`` (Graph), as stored with an attempt."""
        if self.code in (None, ""):
            return ""
        return f"{self.code}/{self.subcode}" if self.subcode else str(self.code)

    def __str__(self) -> str:
        where = f"{self.platform}: " if self.platform else ""
        code = f" (code {self.full_code})" if self.full_code else ""
        return f"{where}{self.message}{code}"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "platform": self.platform,
            "status": self.status,
            "code": self.code,
            "subcode": self.subcode,
            "message": self.message,
            "action": self.action,
        }


class RateLimited(PlatformError):
    kind = "rate_limited"
    default_action = "Nothing to do: carepost retries after the platform's limit resets."
    retryable = True

    def __init__(self, message: str, *, reset_at: datetime | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.reset_at = reset_at

    def to_dict(self) -> dict[str, object]:
        return {
            **super().to_dict(),
            "reset_at": self.reset_at.isoformat() if self.reset_at else None,
        }


class TokenDead(PlatformError):
    kind = "token_dead"
    default_action = "Reconnect the account in Settings → Connected accounts, then retry."


class PermissionMissing(PlatformError):
    kind = "permission_missing"
    default_action = (
        "Reconnect the account and grant every requested permission, or ask the page/org admin "
        "for a role that may publish."
    )


class MediaRejected(PlatformError):
    kind = "media_rejected"
    default_action = "Replace the media file with one that meets the platform's requirements."

    def __init__(self, message: str, *, reason: str = "", **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.reason = reason or message

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "reason": self.reason}


class Rejected(PlatformError):
    kind = "rejected"
    default_action = "Edit the post as the platform's message says, get it re-approved, then retry."


class Duplicate(PlatformError):
    kind = "duplicate"
    default_action = "Nothing to do: carepost checks whether the post is already live."
    may_have_published = True

    def __init__(self, message: str, *, existing_id: str | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.existing_id = existing_id


class Temporary(PlatformError):
    kind = "temporary"
    default_action = "Nothing to do: carepost retries with backoff."
    retryable = True

    def __init__(self, message: str, *, may_have_published: bool = False, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.may_have_published = may_have_published


class OutcomeUnknown(PlatformError):
    kind = "outcome_unknown"
    default_action = "Nothing to do: carepost asks the platform whether the post exists."
    may_have_published = True
    retryable = True


class CannotVerify(PlatformError):
    kind = "cannot_verify"
    default_action = (
        "Look at the account on the platform: if the post is there, confirm it with its link; "
        "if not, tell carepost to publish it again."
    )

    def __init__(self, message: str, *, hint_id: str = "", **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.hint_id = hint_id  # a post the platform pointed at (e.g. a duplicate's URN), if any
