"""Mastodon: ``POST /api/v1/statuses`` with ``Idempotency-Key``; media via ``/api/v2/media``
(202 then poll ``/api/v1/media/:id`` until it has a ``url``).

Shapes from the community OpenAPI description (tests/data/conformance/platform-apis/mastodon).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from ..base import Checkpoint, PlatformClient, _noop
from ..errors import MediaRejected, PermissionMissing, RateLimited, Rejected, Temporary, TokenDead
from ..model import Published, PublishRequest, RemoteStatus, content_fingerprint

__all__ = ["MastodonClient", "html_to_text"]

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>", re.I)


def html_to_text(value: str) -> str:
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", value)))


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class MastodonClient(PlatformClient):
    """``base_url`` = the instance (https://mastodon.example); ``account_id`` = account id."""

    platform = "mastodon"
    supports_first_comment = True
    supports_idempotency_key = True

    def raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {}
        msg = (
            str((body or {}).get("error") or f"HTTP {status}")[:500]
            if isinstance(body, dict)
            else f"HTTP {status}"
        )
        kw: dict[str, Any] = {"platform": self.platform, "status": status}
        if status == 429:
            raise RateLimited(
                f"rate limited: {msg}",
                reset_at=_iso(response.headers.get("x-ratelimit-reset")),
                **kw,
            )
        if status == 401:
            raise TokenDead(f"the access token is no longer valid: {msg}", **kw)
        if status == 403:
            raise PermissionMissing(f"not permitted: {msg}", **kw)
        if status >= 500:
            raise Temporary(
                f"server error: {msg}", may_have_published=response.request.method != "GET", **kw
            )
        if "media" in str(response.request.url.path):
            raise MediaRejected(f"media refused: {msg}", reason=msg, **kw)
        raise Rejected(f"the server refused the post: {msg}", **kw)

    def _upload(self, item: Any) -> str:
        response = self.request(
            "POST",
            "api/v2/media",
            files={"file": ("upload", item.read_bytes(), item.mime)},
            data={"description": item.alt_text} if item.alt_text else {},
        )
        media = response.json()
        media_id = str(media["id"])
        if response.status_code == 202 or not media.get("url"):

            def fetch() -> str | None:
                r = self.request("GET", f"api/v1/media/{media_id}")
                return "ready" if r.status_code == 200 and r.json().get("url") else None

            self.poll(fetch, what="media processing")
        return media_id

    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        ids = list((state or {}).get("media_ids") or [])
        for item in request.media[len(ids) :]:
            ids.append(self._upload(item))
            checkpoint({"media_ids": list(ids)})
        data: dict[str, Any] = {
            "status": request.text,
            "visibility": str(request.options.get("visibility", "public")),
        }
        if ids:
            data["media_ids[]"] = ids
        headers = {"Idempotency-Key": request.idempotency_key} if request.idempotency_key else {}
        status = self.json("POST", "api/v1/statuses", data=data, headers=headers)
        return Published(
            remote_id=str(status["id"]), url=str(status.get("url") or status.get("uri") or "")
        )

    def comment(self, remote_id: str, text: str) -> str:
        return str(
            self.json(
                "POST", "api/v1/statuses", data={"status": text, "in_reply_to_id": remote_id}
            )["id"]
        )

    def delete(self, remote_id: str) -> None:
        self.json("DELETE", f"api/v1/statuses/{remote_id}")

    def status(self, remote_id: str) -> RemoteStatus:
        try:
            body = self.json("GET", f"api/v1/statuses/{remote_id}")
        except Rejected as exc:
            if exc.status == 404:
                return RemoteStatus(remote_id, "missing", detail=exc.message)
            raise
        return RemoteStatus(remote_id, "published", url=str(body.get("url") or ""))

    #: Pages of 40 statuses looked through when reconciling (newest first, back to ``since``).
    reconcile_pages = 10

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        """Page back (``max_id``) through the account's statuses until one older than
        ``since``: an account that posted more than 40 times since our attempt still has ours
        somewhere further down."""
        want = request.fingerprint
        params: dict[str, Any] = {"limit": 40}
        for _page in range(self.reconcile_pages):
            page = self.json("GET", f"api/v1/accounts/{self.account_id}/statuses", params=params)
            if not page:
                return None
            for status in page:
                created = _iso(status.get("created_at"))
                if since and created and created < since:
                    return None  # past the window: every newer status was looked at
                if content_fingerprint(html_to_text(status.get("content", ""))) == want:
                    return Published(
                        str(status["id"]), url=str(status.get("url") or ""), reconciled=True
                    )
            if since is None or len(page) < params["limit"]:
                return None
            params["max_id"] = str(page[-1]["id"])
        raise Temporary(
            "too many recent statuses to be sure; will look again", platform=self.platform
        )
