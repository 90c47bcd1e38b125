"""Security events (sign-in, sign-out, failed sign-in) in the audit chain."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_log


@receiver(user_logged_in, dispatch_uid="carepost-audit-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_log(event="auth.login", actor=user, target=user)


@receiver(user_logged_out, dispatch_uid="carepost-audit-logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_log(event="auth.logout", actor=user, target=user)


@receiver(user_login_failed, dispatch_uid="carepost-audit-login-failed")
def _login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # No credentials in the log: only that a sign-in failed (rate limits act on the rest).
    audit_log(event="auth.login.fail", actor="anonymous")
