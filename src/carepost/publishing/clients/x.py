"""X API v2: POST /2/tweets; chunked media upload initialize → append → finalize → STATUS.

Shapes from X's OpenAPI description 2.167 (tests/data/conformance/platform-apis/x). Errors come as
``application/problem+json`` (``type``, ``title``, ``detail``, ``status``) or as the legacy
``{"errors": [{"code", "message"}]}``; rate-limit resets in ``x-rate-limit-reset`` (Unix s).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from ..base import Checkpoint, PlatformClient, _noop, parse_epoch
from ..errors import (
    Duplicate,
    MediaRejected,
    PermissionMissing,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
)
from ..model import MediaItem, Published, PublishRequest, RemoteStatus, content_fingerprint
from ..versions import X_HOST

__all__ = ["XClient", "posted_text"]

CHUNK = 4 * 1024 * 1024
#: X appends a t.co link to the media to a post's ``text`` when it has media.
_MEDIA_LINK = re.compile(r"\s*https://t\.co/\w+\s*$")


def posted_text(text: str, *, has_media: bool) -> str:
    """What we sent, from what X returns: ``&``, ``<`` and ``>`` come back HTML-escaped, and a
    post with media ends in an extra t.co link to the media."""
    if has_media:
        text = _MEDIA_LINK.sub("", text)
    return html.unescape(text)


class XClient(PlatformClient):
    """``account_id`` = the X user id (for listing recent posts when reconciling)."""

    platform = "x"
    default_base_url = X_HOST
    supports_first_comment = True  # a reply to our own post
    #: Pages of 100 recent posts searched when reconciling (since the first risky attempt).
    reconcile_pages = 10

    def raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        errors = body.get("errors") or []
        first = errors[0] if errors and isinstance(errors[0], dict) else {}
        detail = str(
            body.get("detail")
            or first.get("message")
            or first.get("detail")
            or body.get("title")
            or ""
        )[:500]
        code = first.get("code") or body.get("type") or None
        kw: dict[str, Any] = {"platform": self.platform, "status": status, "code": code}
        if status == 429:
            raise RateLimited(
                f"rate limit exceeded: {detail or 'Too Many Requests'}",
                reset_at=self._reset(response),
                **kw,
            )
        if status == 401:
            raise TokenDead(
                f"the access token is no longer valid: {detail or 'Unauthorized'}", **kw
            )
        if "duplicate" in detail.lower() or code == 187:
            raise Duplicate(f"X says this post is a duplicate: {detail}", **kw)
        if status == 403:
            if "usage-capped" in str(body.get("type", "")) or "usage cap" in detail.lower():
                raise RateLimited(
                    f"the app's usage cap is reached: {detail}",
                    reset_at=self._reset(response),
                    **kw,
                )
            raise PermissionMissing(f"not permitted: {detail or 'Forbidden'}", **kw)
        if status >= 500:
            raise Temporary(
                f"X server error (HTTP {status}) {detail}".strip(),
                may_have_published=response.request.method != "GET",
                **kw,
            )
        if status == 400 and "media" in detail.lower():
            raise MediaRejected(f"media refused: {detail}", reason=detail, **kw)
        raise Rejected(f"X refused the request: {detail or f'HTTP {status}'}", **kw)

    @staticmethod
    def _reset(response: httpx.Response) -> datetime | None:
        h = response.headers
        # A 24-hour cap that is exhausted wins over the 15-minute window.
        for prefix in ("x-user-limit-24hour", "x-app-limit-24hour"):
            if h.get(f"{prefix}-remaining") == "0" and h.get(f"{prefix}-reset"):
                return parse_epoch(h.get(f"{prefix}-reset"))
        return parse_epoch(h.get("x-rate-limit-reset"))

    # ------------------------------------------------------------------ media
    def _upload(self, item: MediaItem, *, video: bool) -> str:
        data = item.read_bytes()
        category = (
            "tweet_video" if video else ("tweet_gif" if item.mime == "image/gif" else "tweet_image")
        )
        init = self.json(
            "POST",
            "2/media/upload/initialize",
            json={"media_type": item.mime, "total_bytes": len(data), "media_category": category},
        )["data"]
        media_id = str(init["id"])
        for index, start in enumerate(range(0, max(len(data), 1), CHUNK)):
            self.request(
                "POST",
                f"2/media/upload/{media_id}/append",
                data={"segment_index": str(index)},
                files={"media": ("chunk", data[start : start + CHUNK], "application/octet-stream")},
            )
        final = self.json("POST", f"2/media/upload/{media_id}/finalize").get("data", {})
        info = final.get("processing_info")
        if info:
            self._wait_media(media_id, info)
        if item.alt_text:
            self.json(
                "POST",
                "2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text[:1000]}}},
            )
        return media_id

    def _wait_media(self, media_id: str, info: dict[str, Any]) -> None:
        state = {"info": info}

        def fetch() -> str | None:
            current = state["info"]
            s = current.get("state")
            if s == "succeeded":
                return "succeeded"
            if s == "failed":
                err = current.get("error") or {}
                reason = str(err.get("message") or err.get("name") or "processing failed")
                raise MediaRejected(
                    f"X could not process the media: {reason}",
                    reason=reason,
                    platform=self.platform,
                )
            body = self.json(
                "GET", "2/media/upload", params={"media_id": media_id, "command": "STATUS"}
            ).get("data", {})
            state["info"] = body.get("processing_info") or {"state": "succeeded"}
            return None

        self.poll(fetch, what="X media processing")

    # ------------------------------------------------------------------ interface
    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        body: dict[str, Any] = {"text": request.text}
        if request.media:
            if request.shape == "video" or len(request.media) <= 4:
                ids = list((state or {}).get("media_ids") or [])
                for item in request.media[len(ids) :]:
                    ids.append(self._upload(item, video=item.kind == "video"))
                    checkpoint({"media_ids": list(ids)})
                body["media"] = {"media_ids": ids}
            else:
                raise MediaRejected(
                    "X posts take up to 4 images or 1 video",
                    reason="too many media items",
                    platform=self.platform,
                )
        created = self.json("POST", "2/tweets", json=body)["data"]
        post_id = str(created["id"])
        return Published(remote_id=post_id, url=self._link(post_id))

    def _link(self, post_id: str) -> str:
        return f"https://x.com/i/web/status/{post_id}"

    def comment(self, remote_id: str, text: str) -> str:
        body = {"text": text, "reply": {"in_reply_to_tweet_id": remote_id}}
        return str(self.json("POST", "2/tweets", json=body)["data"]["id"])

    def delete(self, remote_id: str) -> None:
        self.json("DELETE", f"2/tweets/{remote_id}")

    def status(self, remote_id: str) -> RemoteStatus:
        body = self.json("GET", f"2/tweets/{remote_id}")
        if body.get("data"):
            return RemoteStatus(remote_id, "published", url=self._link(remote_id))
        detail = str(((body.get("errors") or [{}])[0]).get("detail") or "not found")
        return RemoteStatus(remote_id, "missing", detail=detail)

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        params: dict[str, Any] = {"max_results": 100, "tweet.fields": "created_at"}
        if since:
            params["start_time"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        want = request.fingerprint
        for _page in range(self.reconcile_pages):
            body = self.json("GET", f"2/users/{self.account_id}/tweets", params=params)
            for post in body.get("data") or []:
                text = posted_text(str(post.get("text", "")), has_media=bool(request.media))
                if content_fingerprint(text) == want:
                    return Published(
                        str(post["id"]), url=self._link(str(post["id"])), reconciled=True
                    )
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                return None
            params["pagination_token"] = token
        # More recent posts than we looked through: we cannot say "not there".
        raise Temporary("too many recent posts to be sure; will look again", platform=self.platform)
