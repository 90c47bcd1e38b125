"""Threads: container (TEXT/IMAGE/VIDEO/CAROUSEL) → status → ``threads_publish``.

Shapes from the official Postman collection (tests/data/conformance/platform-apis/threads); errors use
the Graph envelope, and containers report ``status`` + ``error_message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from ..base import Checkpoint, PlatformClient, _noop
from ..errors import MediaRejected, PlatformError, Rejected, Temporary
from ..model import MediaItem, Published, PublishRequest, Quota, RemoteStatus, content_fingerprint
from ..versions import THREADS_API_VERSION, THREADS_HOST
from .meta import graph_publishing_quota, graph_status, graph_usage_pause, raise_graph_error

__all__ = ["ThreadsClient"]


class ThreadsClient(PlatformClient):
    platform = "threads"
    default_base_url = f"{THREADS_HOST}/{THREADS_API_VERSION}"
    supports_first_comment = True  # as a reply to our own post

    def observe(self, response: httpx.Response) -> None:
        pause = graph_usage_pause(response)
        if pause and (self.slow_down_until is None or pause > self.slow_down_until):
            self.slow_down_until = pause

    def raise_for(self, response: httpx.Response) -> None:
        try:
            err = response.json().get("error") or {}
        except (ValueError, AttributeError):
            err = {}
        if "LINK_LIMIT_EXCEEDED" in str(err.get("message", "")) + str(
            err.get("error_user_msg", "")
        ):
            raise Rejected(
                "Threads allows at most 5 links in a post",
                platform=self.platform,
                status=response.status_code,
                code="THREADS_API__LINK_LIMIT_EXCEEDED",
                action="Remove links until at most 5 remain, get it re-approved, then retry.",
            )
        raise_graph_error(response, self.platform)

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
            status, _ = self._container(str(container))
            if status == "PUBLISHED":
                # Proof the post exists: find it (the list may lag), never publish again.
                found = self.find_published(request, state=state)
                if found is None:
                    raise Temporary(
                        "the container is published; looking for the post again later",
                        platform=self.platform,
                    )
                return found
            if status in ("EXPIRED", "ERROR"):
                container = None
        if not container:
            container = self._create(request, state, checkpoint)
            checkpoint({"container_id": container})
        self._wait(str(container))
        post_id = str(
            self.json(
                "POST", f"{self.account_id}/threads_publish", params={"creation_id": container}
            )["id"]
        )
        checkpoint({"post_id": post_id})
        return Published(remote_id=post_id, url=self._permalink(post_id))

    def _create(
        self, request: PublishRequest, state: dict[str, Any], checkpoint: Checkpoint
    ) -> str:
        user = self.account_id
        if request.shape == "text":
            params: dict[str, Any] = {"media_type": "TEXT", "text": request.text}
        elif request.shape == "carousel":
            if not 2 <= len(request.media) <= 20:
                raise MediaRejected(
                    "Threads carousels take 2 to 20 items",
                    reason="carousel child count outside 2–20",
                    platform=self.platform,
                )
            children = list(state.get("children") or [])
            for item in request.media[len(children) :]:
                p = self._item(item) | {"is_carousel_item": "true"}
                children.append(str(self.json("POST", f"{user}/threads", params=p)["id"]))
                checkpoint({"children": list(children)})
            for child in children:
                self._wait(child)
            params = {
                "media_type": "CAROUSEL",
                "children": ",".join(children),
                "text": request.text,
            }
        else:
            params = self._item(request.media[0]) | {"text": request.text}
        return str(self.json("POST", f"{user}/threads", params=params)["id"])

    @staticmethod
    def _item(item: MediaItem) -> dict[str, Any]:
        p: dict[str, Any] = (
            {"media_type": "VIDEO", "video_url": item.url}
            if item.kind == "video"
            else {"media_type": "IMAGE", "image_url": item.url}
        )
        if item.alt_text:
            p["alt_text"] = item.alt_text
        return p

    def _container(self, container: str) -> tuple[str, str]:
        body = self.json("GET", container, params={"fields": "id,status,error_message"})
        return str(body.get("status") or "IN_PROGRESS"), str(body.get("error_message") or "")

    def _wait(self, container: str) -> None:
        def fetch() -> str | None:
            status, error = self._container(container)
            if status in ("FINISHED", "PUBLISHED"):
                return status
            if status == "ERROR":
                raise MediaRejected(
                    f"Threads could not process the media: {error or 'no reason given'}",
                    reason=error,
                    platform=self.platform,
                    code=error or None,
                )
            if status == "EXPIRED":
                raise Temporary("the container expired before publishing", platform=self.platform)
            return None

        self.poll(fetch, what="Threads container")

    def _permalink(self, post_id: str) -> str:
        try:
            return str(
                self.json("GET", post_id, params={"fields": "permalink"}).get("permalink", "")
            )
        except PlatformError:  # the post exists: a missing permalink must not undo that
            return ""

    def comment(self, remote_id: str, text: str) -> str:
        container = self.json(
            "POST",
            f"{self.account_id}/threads",
            params={"media_type": "TEXT", "text": text, "reply_to_id": remote_id},
        )["id"]
        self._wait(str(container))
        body = self.json(
            "POST", f"{self.account_id}/threads_publish", params={"creation_id": container}
        )
        return str(body["id"])

    def delete(self, remote_id: str) -> None:
        self.json("DELETE", remote_id)

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        state = state or {}
        if state.get("post_id"):
            st = self.status(str(state["post_id"]))
            if st.state == "published":
                return Published(st.remote_id, url=st.url, reconciled=True)
        published_container = False
        if state.get("container_id"):
            if self._container(str(state["container_id"]))[0] != "PUBLISHED":
                return None
            published_container = True
        params: dict[str, Any] = {"fields": "id,text,timestamp,permalink", "limit": 50}
        if since:
            params["since"] = int(since.timestamp())
        want = request.fingerprint
        for post in self.json("GET", f"{self.account_id}/threads", params=params).get("data", []):
            if content_fingerprint(post.get("text", "")) == want:
                return Published(str(post["id"]), url=post.get("permalink", ""), reconciled=True)
        if published_container:
            raise Temporary(
                "Threads says the container is published but the post is not listed yet",
                platform=self.platform,
            )
        return None

    def status(self, remote_id: str) -> RemoteStatus:
        return graph_status(self, remote_id)

    def quota(self) -> Quota | None:
        return graph_publishing_quota(self, f"{self.account_id}/threads_publishing_limit", 250)
