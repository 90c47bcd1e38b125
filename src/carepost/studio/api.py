"""The REST API (django-ninja, OpenAPI schema at /api/openapi.json): the same engine the CLI uses.

The check never takes a file path: media come as ids of media stored in the caller's workspaces
(``/v1/check``, JSON) or as uploads (``/v1/check/upload``, multipart). Every error is the
studio's one error shape, ``{"error": code, "message": ..., "field": ...}``, with its status
documented in the schema; no response carries a traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth
from pydantic import ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from carepost.checks import CheckError, all_rules, get_rule
from carepost.checks.docs import render_rule_markdown
from carepost.checks.model import ApprovedClaim, CheckInput, ConsentRef

from .api_media import LabelledMedia, api_upload_limits, scrub_report, stored_media, uploaded_media
from .errors import (
    ApplicationError,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    Unprocessable,
    ValidationFailed,
)
from .posts.checking import check_deadline, check_item, check_rate_limit, check_work_validate
from .textsafety import SafeStr
from .workspaces.models import Membership, Workspace
from .workspaces.selectors import workspace_list_for_user

__all__ = ["api"]

log = logging.getLogger(__name__)

# No Swagger page: it loads its assets from a CDN. The schema is at /api/openapi.json.
api = NinjaAPI(title="carepost API", version="1", urls_namespace="api", docs_url=None)


class MemberSessionAuth(SessionAuth):
    """The signed-in session of a user who belongs to at least one workspace: an account
    that signed up without an invitation cannot use the API (403)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not Membership.objects.filter(user=user).exists():
            raise PermissionDenied(
                "this account is not a member of any workspace; ask an owner for an invitation",
                code="not_a_member",
            )
        return user


member_auth = MemberSessionAuth()


class ErrorOut(Schema):
    error: str = Field(description="machine-readable code")
    message: str
    field: str | None = Field(default=None, description="the input field at fault, if any")


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class MediaIn(_Strict):
    """A photo or video already stored in one of your workspaces (its id)."""

    id: int = Field(ge=1)
    alt_text: SafeStr | None = None


class ConsentIn(_Strict):
    id: SafeStr
    person: SafeStr
    aliases: list[SafeStr] = []
    media: list[SafeStr] = []
    platforms: list[SafeStr] = []
    expires: SafeStr | None = Field(default=None, description="ISO date")
    revoked: bool = False


class ClaimIn(_Strict):
    id: SafeStr
    text: SafeStr
    references: list[SafeStr] = []


class CheckBody(_Strict):
    text: SafeStr
    kind: Literal["post", "reply"] = "post"
    platform: SafeStr | None = None
    in_reply_to: SafeStr | None = None
    id: SafeStr | None = None
    workspace: int | None = Field(default=None, description="apply this workspace's policy")
    media: list[MediaIn] = []
    consents: list[ConsentIn] = []
    approved_claims: list[ClaimIn] = []
    sources: list[SafeStr] = []


class UploadPayload(CheckBody):
    alt_texts: list[SafeStr | None] = Field(
        default=[], description="alt text of each uploaded file, in order"
    )


ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CHECK_RESPONSES: dict[int, Any] = {200: dict, **ERRORS, 422: ErrorOut, 429: ErrorOut}


# --- errors: one shape, every status documented --------------------------------------------


def _error(request: HttpRequest, status: int, code: str, message: str, field: str | None = None):
    body = {"error": code, "message": message, "field": field}
    return api.create_response(request, body, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.field)


@api.exception_handler(CheckError)
def _check_error(request: HttpRequest, exc: CheckError) -> HttpResponse:
    return _error(request, 422, "input_error", str(exc))


def _loc(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = exc.errors or [{"loc": (), "msg": "invalid input"}]
    fields = [_loc(e.get("loc", ())) for e in errors]
    message = "; ".join(
        f"{f}: {e.get('msg', 'invalid')}" if f else str(e.get("msg", "invalid"))
        for f, e in zip(fields, errors, strict=True)
    )
    return _error(request, 422, "validation_failed", message, fields[0] or None)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", "sign in first (session cookie)")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {400: "bad_request", 403: "forbidden", 429: "rate_limited"}.get(
        exc.status_code, "http_error"
    )
    if exc.status_code == 403 and "CSRF" in str(exc):
        code = "csrf_failed"
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "not found")


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(request, 400, "bad_request", "the multipart body could not be read")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback; the client never sees one (not even with DEBUG on).
    log.exception("API error on %s", request.path)
    return _error(request, 500, "server_error", "internal error (logged on the server)")


# --- the check -----------------------------------------------------------------------------


def _workspace(request: HttpRequest, workspace_id: int | None) -> Workspace | None:
    if workspace_id is None:
        return None
    workspace = workspace_list_for_user(user=request.user).filter(pk=workspace_id).first()
    if workspace is None:
        raise NotFound("no such workspace", field="workspace")
    return workspace


def _admit(request: HttpRequest, body: CheckBody) -> None:
    """Bound the request's checking work before anything runs: each text at most
    ``CAREPOST_MAX_TEXT_CHARS`` (422 naming the field), and the caller's checks per minute
    (429). See ``carepost.studio.posts.checking``."""
    extra = sum(len(c.text) for c in body.approved_claims) + sum(len(s) for s in body.sources)
    chars = check_work_validate(
        {"text": body.text, "in_reply_to": body.in_reply_to or ""}, extra_chars=extra
    )
    check_rate_limit(user=request.user, chars=chars)


def _run_check(
    request: HttpRequest, body: CheckBody, uploads: list[LabelledMedia]
) -> dict[str, Any]:
    workspace = _workspace(request, body.workspace)
    media = stored_media(
        user=request.user,
        items=[(m.id, m.alt_text) for m in body.media],
        workspace=workspace,
    )
    media += uploads
    item = CheckInput(
        text=body.text,
        kind=body.kind,
        platform=body.platform,
        in_reply_to=body.in_reply_to,
        media=tuple(m.ref for m in media),
        consents=tuple(
            ConsentRef(
                id=c.id,
                person=c.person,
                aliases=tuple(c.aliases),
                media=tuple(c.media),
                platforms=tuple(c.platforms),
                expires=c.expires,
                revoked=c.revoked,
            )
            for c in body.consents
        ),
        approved_claims=tuple(
            ApprovedClaim(id=c.id, text=c.text, references=tuple(c.references))
            for c in body.approved_claims
        ),
        sources=tuple(body.sources),
        id=body.id,
    )
    report = check_item(workspace=workspace, item=item, deadline=check_deadline())
    return scrub_report(report, media)


@api.post("/v1/check", auth=member_auth, response=CHECK_RESPONSES)
def check(request: HttpRequest, body: CheckBody):
    """Check one text. ``media`` lists ids of media stored in your workspaces (a file path is
    refused); to check new files, upload them to ``/v1/check/upload``. With ``workspace``,
    that workspace's policy applies (members only). Texts are limited in length, checks
    per user and minute are limited (429), and a check that runs out of time reports
    ``STY901`` (incomplete)."""
    _admit(request, body)
    return _run_check(request, body, [])


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["payload"],
                    "properties": {
                        "payload": {
                            "type": "string",
                            "description": "the check body as JSON (the /v1/check body, plus "
                            "alt_texts: the alt text of each file in order)",
                        },
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            }
        },
    }
}


@api.post(
    "/v1/check/upload",
    auth=member_auth,
    response={**CHECK_RESPONSES, 413: ErrorOut},
    openapi_extra=_UPLOAD_BODY,
)
def check_upload(request: HttpRequest):
    """Check one text with uploaded photos or videos (multipart: ``payload`` + ``files``).
    Each file is recognised from its bytes, limited in size and deleted after the check."""
    max_bytes, max_files = api_upload_limits()
    if not request.content_type.startswith("multipart/form-data") or "boundary=" not in (
        request.META.get("CONTENT_TYPE", "")
    ):
        raise ValidationFailed("send multipart/form-data with a boundary", field="content-type")
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > max_files * max_bytes + 1024 * 1024:
        raise PayloadTooLarge("the request body is too large")
    raw = request.POST.get("payload")
    if raw is None:
        raise Unprocessable("payload: Field required", code="validation_failed", field="payload")
    try:
        body = UploadPayload.model_validate(json.loads(raw))
    except json.JSONDecodeError as exc:
        raise Unprocessable(
            "payload: not valid JSON", code="validation_failed", field="payload"
        ) from exc
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [dict(e) for e in exc.errors(include_url=False, include_context=False)]
        ) from exc
    _admit(request, body)
    files = request.FILES.getlist("files")
    with uploaded_media(files, body.alt_texts) as uploads:
        return _run_check(request, body, uploads)


# --- rules ---------------------------------------------------------------------------------


@api.get("/v1/rules", response=list[dict])
def rules(request: HttpRequest):
    """Every rule with its metadata and documentation sections."""
    return [r.metadata() for r in all_rules()]


@api.get("/v1/rules/{code}", response={200: dict, 404: ErrorOut})
def rule(request: HttpRequest, code: SafeStr):
    """One rule's metadata and its documentation as Markdown."""
    try:
        found = get_rule(code)
    except CheckError as exc:
        return Status(404, {"error": "unknown_rule", "message": str(exc), "field": "code"})
    return {**found.metadata(), "markdown": render_rule_markdown(found)}
