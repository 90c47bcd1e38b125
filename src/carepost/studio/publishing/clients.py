"""Build a platform client for a connected account."""

from __future__ import annotations

import httpx

from carepost.publishing import CLIENTS, PlatformClient

from .conf import conf
from .models import ConnectedAccount

__all__ = ["client_for"]


def client_for(
    account: ConnectedAccount, *, http: httpx.Client | None = None, access_token: str | None = None
) -> PlatformClient:
    cls = CLIENTS[account.platform]
    timeout = conf("HTTP_TIMEOUT")
    return cls(
        access_token=str(account.access_token) if access_token is None else access_token,
        account_id=account.external_id,
        base_url=account.api_base_url or None,
        http=http or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0))),
        poll_interval=conf("POLL_INTERVAL"),
        poll_timeout=conf("POLL_TIMEOUT"),
    )
