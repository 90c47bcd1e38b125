"""The one interface every platform client implements, and the HTTP plumbing they share."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx

from .errors import OutcomeUnknown, PlatformError, Rejected, Temporary, TokenDead
from .model import Published, PublishRequest, Quota, RemoteStatus

__all__ = ["Checkpoint", "PlatformClient", "TokenRenewer", "next_midnight", "parse_epoch"]

#: Called with small JSON-able dicts (container id, upload URL...) as a publish progresses, so the
#: engine can commit them before the next step and a later worker can resume or reconcile.
Checkpoint = Callable[[dict[str, Any]], None]

#: Given the access token the platform just refused, return a valid one (renewed, or already
#: renewed by another worker) or raise :class:`TokenDead`. The engine serializes it per account.
TokenRenewer = Callable[[str], str]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def _noop(_: dict[str, Any]) -> None:
    return None


def parse_epoch(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (ValueError, OverflowError):
        return None


def next_midnight(tz: Any = UTC, now: datetime | None = None) -> datetime:
    now = (now or datetime.now(UTC)).astimezone(tz)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


class PlatformClient:
    """Base class. Subclasses implement ``publish``, ``find_published``, ``status``, ``delete``
    and optionally ``comment`` and ``quota``, and ``raise_for`` (error mapping).

    ``publish`` raises a :class:`~carepost.publishing.errors.PlatformError` subclass or returns
    :class:`Published`. ``state`` is what earlier attempts checkpointed; a client that can resume
    (a finished Instagram container, a half-done upload) uses it instead of starting over.
    """

    platform: ClassVar[str] = ""
    default_base_url: ClassVar[str] = ""
    supports_first_comment: ClassVar[bool] = False
    supports_idempotency_key: ClassVar[bool] = False

    def __init__(
        self,
        *,
        access_token: str,
        account_id: str = "",
        base_url: str | None = None,
        http: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        poll_interval: float = 5.0,
        poll_timeout: float = 300.0,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    ) -> None:
        self.access_token = access_token
        self.account_id = account_id
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.http = http or httpx.Client(timeout=timeout)
        self.sleep = sleep
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        #: Called while waiting on the platform (the engine extends its lease here).
        self.heartbeat: Callable[[], None] = lambda: None
        #: Set by the engine: renews the token when the platform refuses it mid-run.
        self.renew_token: TokenRenewer | None = None
        #: When the platform's usage headers say we are close to its limit: no further call for
        #: this account before this instant (read by the engine after each run).
        self.slow_down_until: datetime | None = None

    def __repr__(self) -> str:  # never show the token
        return f"<{type(self).__name__} account={self.account_id!r}>"

    # ----------------------------------------------------------------- the interface
    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        raise NotImplementedError

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        """Does the post already exist (by checkpointed id, or by content fingerprint among the
        account's recent posts)? ``None`` means: certainly not there."""
        raise NotImplementedError

    def comment(self, remote_id: str, text: str) -> str:
        raise Rejected(f"{self.platform} has no first-comment API", platform=self.platform)

    def delete(self, remote_id: str) -> None:
        raise NotImplementedError

    def status(self, remote_id: str) -> RemoteStatus:
        raise NotImplementedError

    def quota(self) -> Quota | None:
        """The account's publishing quota when the platform exposes it."""
        return None

    # ----------------------------------------------------------------- plumbing
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method: str, path: str, *, auth: bool = True, **kw: Any) -> httpx.Response:
        """One call. A refused token (401, Graph 190, Bluesky ExpiredToken…) is renewed once
        and the call repeated: the platform refused it before acting, so repeating is safe."""
        try:
            return self._send(method, path, auth=auth, **kw)
        except TokenDead:
            if not (auth and self.renew_token):
                raise
            refused = self.access_token
            self.access_token = self.renew_token(refused)
            if self.access_token == refused:
                raise
            return self._send(method, path, auth=auth, **kw)

    def observe(self, response: httpx.Response) -> None:
        """Read usage headers on every answer (subclasses: Graph ``X-App-Usage``…)."""

    def _send(self, method: str, path: str, *, auth: bool, **kw: Any) -> httpx.Response:
        headers = {**(self.auth_headers() if auth else {}), **kw.get("headers", {})}
        kw = {k: v for k, v in kw.items() if k != "headers"}
        try:
            response = self.http.request(method, self.url(path), headers=headers, **kw)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # Never reached the platform: safe to retry.
            raise Temporary(
                f"could not connect ({type(exc).__name__})", platform=self.platform
            ) from None
        except httpx.TransportError as exc:
            # Sent (or partly sent) and no answer: the platform may have acted on it.
            raise OutcomeUnknown(
                f"no answer from the platform ({type(exc).__name__})", platform=self.platform
            ) from None
        self.observe(response)
        if response.status_code >= 400:
            self.raise_for(response)
            # A subclass that does not recognise the error still gets a typed one.
            raise self.generic_error(response)
        return response

    def json(self, method: str, path: str, **kw: Any) -> Any:
        response = self.request(method, path, **kw)
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise Temporary(
                f"the platform answered HTTP {response.status_code} with a body that is not JSON",
                platform=self.platform,
                status=response.status_code,
                may_have_published=method != "GET",
            ) from None

    def raise_for(self, response: httpx.Response) -> None:
        """Raise the typed error for an HTTP error response (subclasses map platform codes)."""

    def generic_error(self, response: httpx.Response) -> PlatformError:
        status = response.status_code
        text = _short(response)
        if status >= 500 or status == 408:
            return Temporary(
                f"the platform had a server error (HTTP {status}){text}",
                platform=self.platform,
                status=status,
                may_have_published=response.request.method != "GET",
            )
        return Rejected(
            f"the platform refused the request (HTTP {status}){text}",
            platform=self.platform,
            status=status,
        )

    def poll(self, fetch: Callable[[], str | None], *, what: str) -> str:
        """Call ``fetch`` until it returns a terminal value (not None)."""
        waited = 0.0
        while True:
            value = fetch()
            if value is not None:
                return value
            if waited >= self.poll_timeout:
                raise Temporary(
                    f"{what} still processing after {int(waited)} s", platform=self.platform
                )
            self.heartbeat()
            self.sleep(self.poll_interval)
            waited += self.poll_interval


def _short(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    for key in ("message", "detail", "error_description", "error", "title"):
        value = body.get(key) if isinstance(body, dict) else None
        if isinstance(value, str) and value:
            return f": {value[:300]}"
    return ""
