"""carepost's allauth adapter: invitation-only sign-up, the login limiter's key, client IPs
behind trusted proxies, and email failures that never leave a half-done request.

* **Sign-up** is closed unless ``CAREPOST_SIGNUP_OPEN`` is on or the browser holds a valid
  invitation (opened at ``/invitations/<token>/``); an invited sign-up must use the invited
  address, which then counts as verified (no confirmation email is needed).
* **Login limiter**: allauth's ``login_failed`` rate is counted per *account and client IP*
  (``ACCOUNT_RATE_LIMITS``), so five bad passwords for one account lock neither that account
  for other addresses nor other accounts behind the same address; a looser per-IP rate still
  stops password spraying. Counters live in Django's cache (the database cache by default).
* **Email**: a mail server that does not answer becomes ``EmailUnavailable`` (503 with a clear
  message) for invitations and password resets; a sign-up still completes (the account is
  whole, only the confirmation email is missing) with a warning that says so.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from carepost.studio.errors import EmailUnavailable
from carepost.studio.workspaces.selectors import INVITATION_SESSION_KEY, invitation_valid

from .clientip import client_ip

__all__ = [
    "INVITATION_SESSION_KEY",
    "MAIL_ERRORS",
    "AccountAdapter",
    "pending_invitation",
    "signup_open",
]

log = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)  # OSError: refused, unreachable, timeouts


def signup_open() -> bool:
    return bool(getattr(settings, "CAREPOST_SIGNUP_OPEN", False))


def pending_invitation(request: HttpRequest | None) -> Any:
    """The valid invitation this browser opened, or None."""
    if request is None or not hasattr(request, "session"):
        return None
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    return invitation_valid(token=token)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return signup_open() or pending_invitation(request) is not None

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = self.request
        if request is not None and not signup_open() and request.path == reverse("account_signup"):
            invitation = pending_invitation(request)
            if invitation is None or invitation.email.lower() != email.lower():
                raise ValidationError("Sign up with the address your invitation was sent to.")
        return email

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        token = request.session.get(INVITATION_SESSION_KEY)
        if token and pending_invitation(request) is not None:
            return reverse("invitation_accept", args=[token])
        return super().get_signup_redirect_url(request)

    # --- the login limiter ---------------------------------------------------------------

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys failed logins on the account alone; add the client address so a
        # stranger's wrong passwords do not lock the account's owner out everywhere.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}|{client_ip(request)}"

    # --- email ---------------------------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        try:
            super().send_mail(template_prefix, email, context)
        except MAIL_ERRORS as exc:
            log.warning("email %s could not be sent: %s", template_prefix, exc)
            raise EmailUnavailable(
                "The email could not be sent: the mail server did not answer. Nothing was "
                "changed; try again later or ask your administrator."
            ) from exc

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: Any, signup: bool
    ) -> None:
        try:
            super().send_confirmation_mail(request, emailconfirmation, signup)
        except EmailUnavailable:
            if not signup:
                raise
            messages.warning(
                request,
                "Your account is ready, but the confirmation email could not be sent. "
                "You can send it again from your account's email page later.",
            )
