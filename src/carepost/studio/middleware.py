"""Studio middleware: the one ApplicationError handler, session lifetimes, MFA requirement,
request size limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render

from .errors import ApplicationError, ValidationFailed
from .textsafety import check_text_value

Handler = Callable[[HttpRequest], HttpResponse]


class ApplicationErrorMiddleware:
    """Render every ApplicationError the same way: JSON for API/JSON clients, a fragment for
    HTMX, a page otherwise. The message never contains PHI (services guarantee it)."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, ApplicationError):
            return None
        return render_application_error(request, exc)


def render_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """JSON for API/JSON clients, a fragment for HTMX, a page otherwise."""
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(exc.to_dict(), status=exc.status)
    template = "studio/_error.html" if request.headers.get("HX-Request") else "studio/error.html"
    response = render(request, template, {"error": exc}, status=exc.status)
    if request.headers.get("HX-Request"):
        # htmx does not swap error responses by default; show it in the page's error slot.
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
        response.status_code = 200 if exc.status < 500 else exc.status
    return response


class TextInputMiddleware:
    """Refuse a request whose query or form parameters hold invalid text (NUL, surrogates,
    U+FFFD from invalid UTF-8) with a 400 naming the parameter, before any view reads them.
    The rule is ``carepost.studio.textsafety``; the REST API applies it in its schemas."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        try:
            params = [request.GET]
            if request.method == "POST" and request.content_type in self.FORM_TYPES:
                params.append(request.POST)
            for query in params:
                for name, values in query.lists():
                    check_text_value(name, field="parameter name")
                    for value in values:
                        check_text_value(value, field=name)
        except MultiPartParserError:
            return render_application_error(
                request, ValidationFailed("the form data could not be read (multipart)")
            )
        except ApplicationError as exc:
            return render_application_error(request, exc)
        return None


class SessionLifetimeMiddleware:
    """Idle timeout (HIPAA 164.312(a)(2)(iii) automatic logoff) and an absolute session lifetime.

    ``CAREPOST_SESSION_IDLE_SECONDS`` (default 900) and ``CAREPOST_SESSION_MAX_SECONDS``
    (default 43200). Times are wall-clock seconds stored in the session.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get("carepost_started")
            seen = session.get("carepost_seen")
            idle = settings.CAREPOST_SESSION_IDLE_SECONDS
            absolute = settings.CAREPOST_SESSION_MAX_SECONDS
            if started is None:
                session["carepost_started"] = started = now
            if (seen is not None and now - seen > idle) or now - started > absolute:
                logout(request)
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = settings.LOGIN_URL
                    return response
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if seen is None or now - seen >= 30:  # write at most twice a minute
                session["carepost_seen"] = now
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Members holding a role that can see consent records (ePHI) must set up MFA before using
    the studio; until then every studio page sends them to the MFA setup page."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/review/", "/invitations/")

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and user_needs_mfa(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "mfa_required", "message": "set up two-factor authentication"},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def user_needs_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    from .workspaces.models import Membership
    from .workspaces.permissions import MFA_REQUIRED_ROLES

    if not settings.CAREPOST_REQUIRE_MFA:
        return False
    if not Membership.objects.filter(user=user, role__in=MFA_REQUIRED_ROLES).exists():
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequestSizeLimitMiddleware:
    """Refuse a request body over its limit with 413 before a byte of it is read: uploads
    (multipart) over ``CAREPOST_MAX_REQUEST_BYTES``, any other body over Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``. Without this, Django streams an upload of any size to a
    temporary file before a view can look at it. Under WSGI a body is what CONTENT_LENGTH says
    (a body without one reads as empty)."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = (
            settings.CAREPOST_MAX_REQUEST_BYTES
            if multipart
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if limit is not None and length > limit:
            from .errors import PayloadTooLarge

            what = "upload" if multipart else "request body"
            exc = PayloadTooLarge(
                f"the {what} is {length / 1024**2:,.1f} MB; the limit is {limit / 1024**2:,.0f} MB"
            )
            if request.path.startswith("/api/") or "application/json" in request.headers.get(
                "Accept", ""
            ):
                return JsonResponse(exc.to_dict(), status=exc.status)
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
        return self.get_response(request)
