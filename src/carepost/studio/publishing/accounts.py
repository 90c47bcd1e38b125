"""Connected accounts: token storage, key rotation and per-account serialized refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from carepost.studio.audit.services import audit_log

from . import crypto
from .models import AccountStatus, ConnectedAccount


@transaction.atomic
def tokens_rotate() -> int:
    """Re-encrypt every stored token with the current primary key (``MultiFernet.rotate``)."""
    table = connection.ops.quote_name(ConnectedAccount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, access_token, refresh_token FROM {table}")
        rows = cursor.fetchall()
        for pk, access, refresh in rows:
            cursor.execute(
                f"UPDATE {table} SET access_token = %s, refresh_token = %s WHERE id = %s",
                [crypto.rotate(access or ""), crypto.rotate(refresh or ""), pk],
            )
    audit_log(event="publishing.keys.rotate", data={"accounts": len(rows)})
    return len(rows)


@transaction.atomic
def account_connect(
    *,
    actor: Any,
    workspace: Any,
    platform: str,
    external_id: str,
    display_name: str = "",
    access_token: str,
    refresh_token: str = "",
    expires_in: int | None = None,
    scopes: str = "",
    api_base_url: str = "",
) -> ConnectedAccount:
    account, _ = ConnectedAccount.objects.select_for_update().get_or_create(
        workspace=workspace, platform=platform, external_id=external_id
    )
    account.display_name = display_name or account.display_name
    account.access_token = access_token
    if refresh_token:
        account.refresh_token = refresh_token
    account.token_expires_at = (
        timezone.now() + timedelta(seconds=expires_in) if expires_in else None
    )
    account.scopes = scopes
    account.api_base_url = api_base_url
    account.status = AccountStatus.ACTIVE
    account.last_error = ""
    account.rate_limited_until = None
    account.full_clean()
    account.save()
    audit_log(
        event="publishing.account.connect",
        actor=actor,
        workspace=workspace,
        target=account,
        data={"platform": platform, "scopes": scopes},
    )
    return account


#: ``refresh(refresh_token) -> (access_token, refresh_token | "", expires_in | None)``
Refresher = Callable[[str], tuple[str, str, int | None]]


def account_fresh_token(
    *, account_id: int, refresh: Refresher, margin: timedelta = timedelta(minutes=5)
) -> str:
    """A valid access token, refreshing it when it expires within ``margin``.

    Serialized per account: the row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
    IMMEDIATE transactions serialize writers) and re-read inside the lock, so of N concurrent
    callers exactly one spends the refresh token — which matters for TikTok, whose refresh
    tokens rotate (the old one dies as soon as a new one is issued). A refresh the platform
    refuses marks the account "needs reconnect".
    """
    from carepost.publishing import PlatformError, TokenDead

    from .services import account_mark_needs_reconnect

    dead: PlatformError | None = None
    with transaction.atomic():
        account = ConnectedAccount.objects.select_for_update().get(pk=account_id)
        if account.status != AccountStatus.ACTIVE:
            raise TokenDead("the account needs reconnecting", platform=account.platform)
        now = timezone.now()
        expires: datetime | None = account.token_expires_at
        if expires is None or expires - margin > now:
            return str(account.access_token)
        if not account.refresh_token:
            dead = TokenDead(
                "the access token expired and there is no refresh token", platform=account.platform
            )
        else:
            try:
                access, new_refresh, expires_in = refresh(str(account.refresh_token))
            except PlatformError as exc:
                if not isinstance(exc, TokenDead) and exc.kind != "rejected":
                    raise  # temporary: keep the refresh token, try again later
                dead = exc
            else:
                account.access_token = access
                if new_refresh:
                    account.refresh_token = new_refresh
                account.token_expires_at = (
                    now + timedelta(seconds=expires_in) if expires_in else None
                )
                account.save(
                    update_fields=[
                        "access_token",
                        "refresh_token",
                        "token_expires_at",
                        "updated_at",
                    ]
                )
                return access
    # Outside the lock's transaction, so the status change survives the error we raise.
    account_mark_needs_reconnect(account=account, reason=dead.message)
    raise dead
