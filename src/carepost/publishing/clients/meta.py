"""Meta Graph API: Facebook Pages and Instagram (container → status → publish).

Error envelope: ``{"error": {"message", "type", "code", "error_subcode", "error_user_title",
"error_user_msg", "fbtrace_id"}}`` (developers.facebook.com/docs/graph-api/guides/error-handling).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ..base import Checkpoint, PlatformClient, _noop
from ..errors import (
    Duplicate,
    MediaRejected,
    PermissionMissing,
    PlatformError,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
)
from ..model import Published, PublishRequest, Quota, RemoteStatus, content_fingerprint
from ..versions import GRAPH_API_VERSION, GRAPH_HOST

__all__ = ["FacebookPageClient", "InstagramClient", "graph_usage_pause", "raise_graph_error"]

_THROTTLE = {4, 17, 32, 341, 613}
_TEMPORARY = {1, 2, -1, -2}
# Instagram publishing subcodes (Instagram error-codes reference, Updated 2026-06-02).
_IG_TEMPORARY = {2207001, 2207003, 2207020, 2207032, 2207053}
_IG_MEDIA = {2207004, 2207057, 2207028, 2207026, 2207009, 2207010, 2207052}


#: From this share of a Graph usage budget on (``X-App-Usage``, ``X-Business-Use-Case-Usage``,
#: percentages over a rolling hour) carepost pauses the account instead of waiting for the 429.
USAGE_SLOW_DOWN_AT = 80


def graph_usage_pause(response: httpx.Response, now: datetime | None = None) -> datetime | None:
    """How long to leave the account alone, read from Meta's usage headers: nothing below
    ``USAGE_SLOW_DOWN_AT`` %; above it a pause that grows with the usage (80 % → 3 min,
    100 % → 15 min of the rolling hour), or Meta's own ``estimated_time_to_regain_access``."""
    peak = 0
    minutes = 0
    for name in ("x-app-usage", "x-business-use-case-usage"):
        raw = response.headers.get(name)
        if not raw:
            continue
        try:
            usage = json.loads(raw)
        except ValueError:
            continue
        entries: list[Any] = [usage] if name == "x-app-usage" else []
        if name != "x-app-usage" and isinstance(usage, dict):
            for value in usage.values():
                entries += value if isinstance(value, list) else []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for key in ("call_count", "total_cputime", "total_time"):
                try:
                    peak = max(peak, int(entry.get(key) or 0))
                except (TypeError, ValueError):
                    continue
            with contextlib.suppress(TypeError, ValueError):
                minutes = max(minutes, int(entry.get("estimated_time_to_regain_access") or 0))
    now = now or datetime.now(UTC)
    if minutes:
        return now + timedelta(minutes=minutes)
    if peak < USAGE_SLOW_DOWN_AT:
        return None
    return now + timedelta(minutes=0.6 * (min(peak, 100) - 75))


def _usage_reset(response: httpx.Response) -> datetime | None:
    """``X-Business-Use-Case-Usage`` carries ``estimated_time_to_regain_access`` in minutes."""
    raw = response.headers.get("x-business-use-case-usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
    except ValueError:
        return None
    minutes = 0
    for entries in usage.values() if isinstance(usage, dict) else ():
        for entry in entries if isinstance(entries, list) else ():
            minutes = max(minutes, int(entry.get("estimated_time_to_regain_access") or 0))
    return datetime.now(UTC) + timedelta(minutes=minutes) if minutes else None


def raise_graph_error(response: httpx.Response, platform: str) -> None:
    try:
        err = response.json().get("error") or {}
    except (ValueError, AttributeError):
        return
    if not isinstance(err, dict):
        return
    code = err.get("code")
    sub = err.get("error_subcode")
    msg = str(err.get("error_user_msg") or err.get("message") or "no message")[:500]
    status = response.status_code
    kw: dict[str, Any] = {
        "platform": platform,
        "status": status,
        "code": code,
        "subcode": sub if isinstance(sub, int) else None,
    }
    if code == 190 or code == 102:
        raise TokenDead(f"the access token is no longer valid: {msg}", **kw)
    if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
        raise PermissionMissing(f"missing permission: {msg}", **kw)
    if sub == 2207051:
        raise Rejected(
            f"blocked as spam by the platform: {msg}",
            action="Stop publishing to this account and review its recent activity in the app.",
            **kw,
        )
    if sub == 2207042 or code == 9:
        raise RateLimited(
            f"the account reached its publishing limit: {msg}",
            reset_at=datetime.now(UTC) + timedelta(hours=24),
            **kw,
        )
    if code in _THROTTLE or (isinstance(code, int) and 80001 <= code <= 80014):
        raise RateLimited(
            f"throttled by the platform: {msg}", reset_at=_usage_reset(response), **kw
        )
    if code == 506:
        raise Duplicate(f"the platform says this is a duplicate post: {msg}", **kw)
    if code == 368:
        raise Rejected(
            f"temporarily blocked for a policy violation: {msg}",
            action="Stop and review the account's standing in the platform before retrying.",
            **kw,
        )
    if code == 1609005:
        raise Rejected(f"the platform could not read the link: {msg}", action="Fix the link.", **kw)
    # A media subcode decides before its generic code: 1/2207057 (bad thumbnail offset) is the
    # file's fault, not a temporary one.
    if sub in _IG_TEMPORARY:
        raise Temporary(
            f"temporary platform error: {msg}", may_have_published=sub not in (2207020,), **kw
        )
    if (
        sub in _IG_MEDIA
        or code == 36000
        or code == 352
        or (isinstance(sub, int) and 2207000 <= sub < 2208000)
    ):
        raise MediaRejected(f"media refused: {msg}", reason=msg, **kw)
    if code in _TEMPORARY:
        raise Temporary(f"temporary platform error: {msg}", may_have_published=True, **kw)
    if code == 100 or code == 3:
        raise Rejected(f"the platform refused the request: {msg}", **kw)
    if status >= 500:
        raise Temporary(f"platform server error: {msg}", may_have_published=True, **kw)
    raise Rejected(f"the platform refused the request: {msg}", **kw)


def graph_status(client: PlatformClient, remote_id: str) -> RemoteStatus:
    """Whether a Graph-style object (Instagram media, Threads post) exists, and its permalink."""
    try:
        body = client.json("GET", remote_id, params={"fields": "id,permalink"})
    except Rejected as exc:
        if exc.status == 404 or exc.code == 100:
            return RemoteStatus(remote_id, "missing", detail=exc.message)
        raise
    return RemoteStatus(remote_id, "published", url=body.get("permalink", ""))


def graph_publishing_quota(client: PlatformClient, path: str, default_total: int) -> Quota:
    """A ``*_publishing_limit`` edge read as a Quota (Instagram 50/24 h, Threads 250/24 h)."""
    body = client.json("GET", path, params={"fields": "quota_usage,config"})
    data = (body.get("data") or [{}])[0]
    config = data.get("config") or {}
    return Quota(
        used=int(data.get("quota_usage") or 0),
        total=int(config.get("quota_total") or default_total),
        window_seconds=int(config.get("quota_duration") or 86400),
    )


class _Graph(PlatformClient):
    default_base_url = f"{GRAPH_HOST}/{GRAPH_API_VERSION}"
    supports_first_comment = True

    def raise_for(self, response: httpx.Response) -> None:
        raise_graph_error(response, self.platform)

    def observe(self, response: httpx.Response) -> None:
        pause = graph_usage_pause(response)
        if pause and (self.slow_down_until is None or pause > self.slow_down_until):
            self.slow_down_until = pause

    def comment(self, remote_id: str, text: str) -> str:
        return str(self.json("POST", f"{remote_id}/comments", data={"message": text})["id"])

    def delete(self, remote_id: str) -> None:
        self.json("DELETE", remote_id)


class FacebookPageClient(_Graph):
    """Posts to a Page with a Page access token (``account_id`` = Page id)."""

    platform = "facebook"

    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        page = self.account_id
        shape = request.shape
        if shape == "text":
            data: dict[str, Any] = {"message": request.text}
            if request.link:
                data["link"] = request.link
            post_id = str(self.json("POST", f"{page}/feed", data=data)["id"])
        elif shape == "image":
            body = self.json(
                "POST",
                f"{page}/photos",
                data={"url": request.media[0].url, "caption": request.text, "published": "true"},
            )
            post_id = str(body.get("post_id") or body["id"])
        elif shape == "video":
            body = self.json(
                "POST",
                f"{page}/videos",
                data={"file_url": request.media[0].url, "description": request.text},
            )
            post_id = str(body["id"])
        else:
            ids = list((state or {}).get("photo_ids") or [])
            for item in request.media[len(ids) :]:
                if item.kind != "image":
                    raise Rejected(
                        "Facebook multi-photo posts take images only", platform=self.platform
                    )
                photo = self.json(
                    "POST", f"{page}/photos", data={"url": item.url, "published": "false"}
                )
                ids.append(str(photo["id"]))
                checkpoint({"photo_ids": list(ids)})
            data = {"message": request.text}
            for i, fbid in enumerate(ids):
                data[f"attached_media[{i}]"] = json.dumps({"media_fbid": fbid})
            post_id = str(self.json("POST", f"{page}/feed", data=data)["id"])
        checkpoint({"post_id": post_id})
        return Published(remote_id=post_id, url=self._permalink(post_id))

    def _permalink(self, post_id: str) -> str:
        try:
            return str(
                self.json("GET", post_id, params={"fields": "permalink_url"}).get(
                    "permalink_url", ""
                )
            )
        except PlatformError:  # the post exists: a missing permalink must not undo that
            return ""

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        if state and state.get("post_id"):
            st = self.status(str(state["post_id"]))
            if st.state == "published":
                return Published(remote_id=st.remote_id, url=st.url, reconciled=True)
        params: dict[str, Any] = {"fields": "id,message,created_time,permalink_url", "limit": 50}
        if since:
            params["since"] = int(since.timestamp())
        want = request.fingerprint
        for post in self.json("GET", f"{self.account_id}/posts", params=params).get("data", []):
            if content_fingerprint(post.get("message", "")) == want:
                return Published(
                    remote_id=str(post["id"]), url=post.get("permalink_url", ""), reconciled=True
                )
        return None

    def status(self, remote_id: str) -> RemoteStatus:
        # A Page post id is ``{page}_{post}`` and has ``is_published``; a video id (from
        # ``/videos``) is bare and has ``published`` (Graph PagePost and Video nodes).
        video = "_" not in remote_id
        flag = "published" if video else "is_published"
        try:
            body = self.json("GET", remote_id, params={"fields": f"id,permalink_url,{flag}"})
        except Rejected as exc:
            if exc.status == 404 or exc.code == 100:
                return RemoteStatus(remote_id, "missing", detail=exc.message)
            raise
        published = body.get(flag, True)
        return RemoteStatus(
            remote_id, "published" if published else "processing", url=body.get("permalink_url", "")
        )


class InstagramClient(_Graph):
    """Instagram professional account (``account_id`` = IG user id). Media URLs must be public."""

    platform = "instagram"

    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        state = dict(state or {})
        container = state.get("container_id")
        if container:
            status = self._container_status(str(container))
            if status in ("EXPIRED", "ERROR"):
                container = None  # recreate
            elif status == "PUBLISHED":
                # Proof the post exists: find it (the media list may lag), never publish again.
                return self._published_container(request, state)
        if not container:
            container = self._create_container(request, state, checkpoint)
            checkpoint({"container_id": container})
        self._wait_finished(str(container))
        media_id = str(
            self.json("POST", f"{self.account_id}/media_publish", data={"creation_id": container})[
                "id"
            ]
        )
        checkpoint({"media_id": media_id})
        return Published(remote_id=media_id, url=self._permalink(media_id))

    def _published_container(self, request: PublishRequest, state: Mapping[str, Any]) -> Published:
        found = self.find_published(request, state=state)
        if found is None:  # find_published never says "not there" for a PUBLISHED container
            raise Temporary(
                "the container is published; looking for the post again later",
                platform=self.platform,
            )
        return found

    def _create_container(
        self, request: PublishRequest, state: dict[str, Any], checkpoint: Checkpoint
    ) -> str:
        user = self.account_id
        shape = request.shape
        if shape == "text":
            raise Rejected("Instagram posts need an image or a video", platform=self.platform)
        if shape == "carousel":
            if not 2 <= len(request.media) <= 10:
                raise MediaRejected(
                    "Instagram carousels take 2 to 10 items",
                    reason="carousel child count outside 2–10",
                    platform=self.platform,
                )
            children = list(state.get("children") or [])
            for item in request.media[len(children) :]:
                data = self._media_fields(item, carousel=True) | {"is_carousel_item": "true"}
                children.append(str(self.json("POST", f"{user}/media", data=data)["id"]))
                checkpoint({"children": list(children)})
            for child in children:
                self._wait_finished(child)
            data = {
                "media_type": "CAROUSEL",
                "children": ",".join(children),
                "caption": request.text,
            }
        else:
            data = self._media_fields(request.media[0]) | {"caption": request.text}
        return str(self.json("POST", f"{user}/media", data=data)["id"])

    @staticmethod
    def _media_fields(item: Any, *, carousel: bool = False) -> dict[str, str]:
        if item.kind == "video":
            # Reels cannot be carousel items: a video in a carousel is a VIDEO container.
            return {"media_type": "VIDEO" if carousel else "REELS", "video_url": item.url}
        fields = {"image_url": item.url}
        if item.alt_text:
            fields["alt_text"] = item.alt_text
        return fields

    def _container_status(self, container: str) -> str:
        body = self.json("GET", container, params={"fields": "status_code,status"})
        return str(body.get("status_code") or "IN_PROGRESS")

    def _wait_finished(self, container: str) -> None:
        def fetch() -> str | None:
            body = self.json("GET", container, params={"fields": "status_code,status"})
            code = body.get("status_code")
            if code in ("FINISHED", "PUBLISHED"):
                return str(code)
            if code == "ERROR":
                reason = str(body.get("status") or "processing failed")
                raise MediaRejected(
                    f"Instagram could not process the media: {reason}",
                    reason=reason,
                    platform=self.platform,
                )
            if code == "EXPIRED":
                raise Temporary(
                    "the media container expired before publishing", platform=self.platform
                )
            return None

        self.poll(fetch, what="media container")

    def _permalink(self, media_id: str) -> str:
        try:
            return str(
                self.json("GET", media_id, params={"fields": "permalink"}).get("permalink", "")
            )
        except PlatformError:  # the post exists: a missing permalink must not undo that
            return ""

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        state = state or {}
        if state.get("media_id"):
            st = self.status(str(state["media_id"]))
            if st.state == "published":
                return Published(remote_id=st.remote_id, url=st.url, reconciled=True)
        container = state.get("container_id")
        published_container = False
        if container:
            if self._container_status(str(container)) != "PUBLISHED":
                return None  # the container exists and was never published: certainly not live
            published_container = True
        want = request.fingerprint
        body = self.json(
            "GET",
            f"{self.account_id}/media",
            params={"fields": "id,caption,timestamp,permalink", "limit": 50},
        )
        for media in body.get("data", []):
            if since and media.get("timestamp"):
                ts = datetime.strptime(media["timestamp"], "%Y-%m-%dT%H:%M:%S%z")
                if ts < since:
                    continue
            if content_fingerprint(media.get("caption", "")) == want:
                return Published(str(media["id"]), url=media.get("permalink", ""), reconciled=True)
        if published_container:
            # PUBLISHED is proof the post exists: the media list lags. Look again later.
            raise Temporary(
                "Instagram says the container is published but the post is not listed yet",
                platform=self.platform,
            )
        return None

    def status(self, remote_id: str) -> RemoteStatus:
        return graph_status(self, remote_id)

    def quota(self) -> Quota | None:
        return graph_publishing_quota(self, f"{self.account_id}/content_publishing_limit", 50)
