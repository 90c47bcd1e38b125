"""The studio's one error family.

    ApplicationError (code, HTTP status, message safe to show: never PHI)
    ├── PermissionDenied        403  the actor's role does not allow the action
    ├── NotFound                404  no such object in the actor's workspaces
    ├── ValidationFailed        400  bad input (names the field)
    ├── Unprocessable           422  well-formed input the studio cannot use (names the field)
    ├── PayloadTooLarge         413  an upload or a body over its limit
    ├── InvalidTransition       409  the post/consent is not in a state that allows the action
    │   └── EditConflict        409  the post changed (repeatedly) while an edit was checked
    ├── ApprovalBlocked         409  an error-level finding without a waiver, or missing steps
    ├── RateLimited             429  too many requests of one kind from one user
    └── EmailUnavailable        503  the mail server did not take a message (nothing was changed)

Services raise them; one handler (``carepost.studio.middleware.ApplicationErrorMiddleware``)
renders them as HTML, an HTMX fragment or JSON.
"""

from __future__ import annotations

__all__ = [
    "ApplicationError",
    "ApprovalBlocked",
    "EditConflict",
    "EmailUnavailable",
    "InvalidTransition",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "RateLimited",
    "Unprocessable",
    "ValidationFailed",
]


class ApplicationError(Exception):
    code = "application_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"error": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        return out


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


class ValidationFailed(ApplicationError):
    code = "validation_failed"
    status = 400


class Unprocessable(ApplicationError):
    code = "unprocessable"
    status = 422


class PayloadTooLarge(ApplicationError):
    code = "payload_too_large"
    status = 413


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    status = 409


class EditConflict(InvalidTransition):
    code = "edit_conflict"


class RateLimited(ApplicationError):
    code = "rate_limited"
    status = 429


class ApprovalBlocked(ApplicationError):
    code = "approval_blocked"
    status = 409


class EmailUnavailable(ApplicationError):
    code = "email_unavailable"
    status = 503
