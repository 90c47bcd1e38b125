"""Connected accounts: token storage, key rotation and per-account serialized refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.db import connection, transaction
from django.utils import timezone

from carepost.publishing import PlatformError, TokenDead, oauth
from carepost.publishing.oauth import TokenSet
from carepost.studio.audit.services import audit_log

from . import crypto
from .conf import oauth_credentials, refresh_margin
from .models import AccountStatus, ConnectedAccount
from .notify import notify_owners


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


#: ``renew(access_token, refresh_token) -> TokenSet`` (see :func:`account_renewer`).
Renewer = Callable[[str, str], TokenSet]


def account_renewer(account: ConnectedAccount, *, http: httpx.Client) -> Renewer:
    """How this account's token is renewed: the platform's own way (``oauth.renew``), with
    carepost's app credentials, on the account's host when it has one (instance, PDS, test
    server)."""
    client_id, client_secret = oauth_credentials(account.platform)
    platform = account.platform
    base_url = account.api_base_url or None

    def renew(access_token: str, refresh_token: str) -> TokenSet:
        return oauth.renew(
            platform,
            http=http,
            client_id=client_id,
            client_secret=client_secret,
            access_token=access_token,
            refresh_token_value=refresh_token,
            base_url=base_url,
        )

    return renew


def account_fresh_token(
    *,
    account_id: int,
    renew: Renewer,
    margin: timedelta | None = None,
    refused: str | None = None,
) -> str:
    """A valid access token: the stored one, or a renewed one when it expires within
    ``margin`` (default: the platform's, see ``conf.refresh_margin``) or when the platform just
    ``refused`` it.

    Serialized per account: the row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
    IMMEDIATE transactions serialize writers) and re-read inside the lock, so of N concurrent
    callers exactly one renews — which matters for TikTok and Bluesky, whose refresh tokens
    rotate (the old one dies as soon as a new one is issued). A caller whose refused token was
    already replaced by another worker gets the new one without renewing again. A renewal the
    platform refuses marks the account "needs reconnect"; one that could not reach the platform
    raises :class:`Temporary` and keeps the tokens.
    """
    if refused is None:
        # The common case needs no lock (on SQLite a lock is the database's one write lock).
        seen = ConnectedAccount.objects.filter(pk=account_id).first()
        if seen is not None and seen.status == AccountStatus.ACTIVE:
            lead = (
                margin if margin is not None else timedelta(seconds=refresh_margin(seen.platform))
            )
            expires = seen.token_expires_at
            if expires is None or expires - lead > timezone.now():
                return str(seen.access_token)
    dead: PlatformError | None = None
    renewed = ""
    with transaction.atomic():
        account = ConnectedAccount.objects.select_for_update().get(pk=account_id)
        if account.status != AccountStatus.ACTIVE:
            raise TokenDead("the account needs reconnecting", platform=account.platform)
        now = timezone.now()
        current = str(account.access_token)
        if refused is not None:
            if current != refused:
                return current  # another worker renewed it meanwhile
        else:
            expires = account.token_expires_at
            lead = (
                margin
                if margin is not None
                else timedelta(seconds=refresh_margin(account.platform))
            )
            if expires is None or expires - lead > now:
                return current
        try:
            tokens = renew(current, str(account.refresh_token))
        except PlatformError as exc:
            if not isinstance(exc, TokenDead) and exc.kind != "rejected":
                raise  # temporary: keep the tokens, try again later
            dead = exc
        else:
            account.access_token = tokens.access_token
            if tokens.refresh_token:
                account.refresh_token = tokens.refresh_token
            account.token_expires_at = (
                now + timedelta(seconds=tokens.expires_in) if tokens.expires_in else None
            )
            account.save(
                update_fields=["access_token", "refresh_token", "token_expires_at", "updated_at"]
            )
            renewed = tokens.access_token
    if dead is None:
        # The new tokens are the only copy once a rotating refresh token is spent: they are
        # committed first, alone, so that nothing (the audit chain's lock, a slow writer) widens
        # the window in which a crash would lose them. The audit event follows at once.
        with transaction.atomic():
            audit_log(
                event="publishing.account.token_renew",
                workspace=account.workspace,
                target=account,
                data={"platform": account.platform, "refused": refused is not None},
            )
        return renewed
    # Outside the lock's transaction, so the status change survives the error we raise.
    account_mark_needs_reconnect(account=account, reason=dead.message)
    raise dead


@transaction.atomic
def account_mark_needs_reconnect(*, account: ConnectedAccount, reason: str) -> None:
    n = ConnectedAccount.objects.filter(pk=account.pk, status=AccountStatus.ACTIVE).update(
        status=AccountStatus.NEEDS_RECONNECT, last_error=reason[:2000], updated_at=timezone.now()
    )
    if not n:
        return
    audit_log(
        event="publishing.account.reconnect_needed",
        workspace=account.workspace,
        target=account,
        data={"platform": account.platform},
    )
    notify_owners(
        workspace=account.workspace,
        subject=f"Reconnect your {account.get_platform_display()} account",
        body=f"carepost can no longer publish to {account}. Reconnect it in Settings → Connected accounts; waiting posts resume after you retry them.",
    )


#: Platforms whose token cannot be renewed once it has expired (Threads renews the long-lived
#: access token itself): kept alive by the dispatcher even when nothing is published.
KEEP_ALIVE = {"threads"}


def accounts_keep_alive(*, http: httpx.Client, now: datetime | None = None, limit: int = 50) -> int:
    """Renew the tokens of KEEP_ALIVE accounts that expire within their margin. Safe from every
    worker at once: ``account_fresh_token`` serializes per account and re-reads the expiry."""
    now = now or timezone.now()
    renewed = 0
    for platform in KEEP_ALIVE:
        soon = now + timedelta(seconds=refresh_margin(platform))
        due = ConnectedAccount.objects.filter(
            platform=platform, status=AccountStatus.ACTIVE, token_expires_at__lte=soon
        ).order_by("token_expires_at")[:limit]
        for account in due:
            try:
                account_fresh_token(
                    account_id=account.pk, renew=account_renewer(account, http=http)
                )
            except PlatformError:
                continue  # temporary: next tick; dead: the account is already flagged
            renewed += 1
    return renewed
