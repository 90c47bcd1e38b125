"""LinkedIn Posts API (member or organization author) with the Images and Videos APIs.

LinkedIn publishes no machine-readable description; shapes are transcribed from the Posts API,
Images API and Videos API pages of the pinned ``Linkedin-Version`` (learn.microsoft.com,
li-lms-2026-05). Error body: ``{"status", "serviceErrorCode", "code", "message"}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from ..base import Checkpoint, PlatformClient, _noop, next_midnight
from ..errors import (
    CannotVerify,
    Duplicate,
    MediaRejected,
    PermissionMissing,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
)
from ..model import MediaItem, Published, PublishRequest, RemoteStatus
from ..versions import LINKEDIN_HOST, LINKEDIN_VERSION

__all__ = ["LinkedInClient", "little_text"]

_RESERVED = re.compile(r"[\\|{}@\[\]()<>*_~]|#(?!\w)")


def little_text(text: str) -> str:
    """Escape LinkedIn's "little text" reserved characters; LinkedIn silently truncates at the
    first unescaped one. ``#word`` stays a live hashtag."""
    return _RESERVED.sub(lambda m: "\\" + m.group(0), text)


class LinkedInClient(PlatformClient):
    """``account_id`` = the author URN (``urn:li:person:…`` or ``urn:li:organization:…``)."""

    platform = "linkedin"
    default_base_url = f"{LINKEDIN_HOST}/rest"
    supports_first_comment = True

    def auth_headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.access_token}",
            "Linkedin-Version": LINKEDIN_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        code = body.get("code") or body.get("serviceErrorCode")
        msg = str(body.get("message") or f"HTTP {status}")[:500]
        kw: dict[str, Any] = {"platform": self.platform, "status": status, "code": code}
        if (status == 422 and code == "DUPLICATE_POST") or "duplicate" in msg.lower():
            m = re.search(r"urn:li:(?:share|ugcPost):\d+", msg)
            raise Duplicate(
                f"LinkedIn says this post is a duplicate: {msg}",
                existing_id=m.group(0) if m else None,
                **kw,
            )
        if status == 429:
            raise RateLimited(
                f"LinkedIn's daily limit is reached: {msg}", reset_at=next_midnight(UTC), **kw
            )
        if status == 401 or code in (
            "REVOKED_ACCESS_TOKEN",
            "EXPIRED_ACCESS_TOKEN",
            "INVALID_ACCESS_TOKEN",
        ):
            raise TokenDead(f"the access token is no longer valid: {msg}", **kw)
        if status == 403:
            raise PermissionMissing(f"not permitted: {msg}", **kw)
        if status == 426:
            raise Rejected(
                f"LinkedIn no longer serves API version {LINKEDIN_VERSION}: {msg}",
                action="Upgrade carepost (the pinned Linkedin-Version is retired).",
                **kw,
            )
        if status >= 500:
            raise Temporary(
                f"LinkedIn server error: {msg}",
                may_have_published=response.request.method != "GET",
                **kw,
            )
        if "media" in msg.lower() or "image" in msg.lower() or "video" in msg.lower():
            raise MediaRejected(f"media refused: {msg}", reason=msg, **kw)
        raise Rejected(f"LinkedIn refused the request: {msg}", **kw)

    # ------------------------------------------------------------------ media
    def _upload_image(self, item: MediaItem) -> str:
        value = self.json(
            "POST",
            "images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.account_id}},
        )["value"]
        self.request(
            "PUT",
            value["uploadUrl"],
            content=item.read_bytes(),
            headers={"Content-Type": item.mime},
        )
        return str(value["image"])

    def _upload_video(self, item: MediaItem) -> str:
        data = item.read_bytes()
        value = self.json(
            "POST",
            "videos",
            params={"action": "initializeUpload"},
            json={
                "initializeUploadRequest": {
                    "owner": self.account_id,
                    "fileSizeBytes": len(data),
                    "uploadCaptions": False,
                    "uploadThumbnail": False,
                }
            },
        )["value"]
        video = str(value["video"])
        etags = []
        for part in value.get("uploadInstructions", []):
            chunk = data[int(part["firstByte"]) : int(part["lastByte"]) + 1]
            r = self.request(
                "PUT",
                part["uploadUrl"],
                content=chunk,
                headers={"Content-Type": "application/octet-stream"},
            )
            etags.append(r.headers.get("etag", ""))
        self.json(
            "POST",
            "videos",
            params={"action": "finalizeUpload"},
            json={
                "finalizeUploadRequest": {
                    "video": video,
                    "uploadToken": value.get("uploadToken", ""),
                    "uploadedPartIds": etags,
                }
            },
        )

        def fetch() -> str | None:
            st = self.json("GET", f"videos/{quote(video, safe='')}").get("status")
            if st == "AVAILABLE":
                return "AVAILABLE"
            if st == "PROCESSING_FAILED":
                raise MediaRejected(
                    "LinkedIn could not process the video",
                    reason="PROCESSING_FAILED",
                    platform=self.platform,
                )
            return None

        self.poll(fetch, what="LinkedIn video processing")
        return video

    # ------------------------------------------------------------------ interface
    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        body: dict[str, Any] = {
            "author": self.account_id,
            "commentary": little_text(request.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        urns = list((state or {}).get("media_urns") or [])
        for item in request.media[len(urns) :]:
            urns.append(
                self._upload_video(item) if item.kind == "video" else self._upload_image(item)
            )
            checkpoint({"media_urns": list(urns)})
        if request.shape == "carousel":
            body["content"] = {
                "multiImage": {
                    "images": [
                        {"id": u, "altText": m.alt_text}
                        for u, m in zip(urns, request.media, strict=True)
                    ]
                }
            }
        elif urns:
            body["content"] = {"media": {"id": urns[0], "altText": request.media[0].alt_text}}
        elif request.link:
            body["content"] = {
                "article": {"source": request.link, "title": request.title or request.link}
            }
        response = self.request("POST", "posts", json=body)
        urn = response.headers.get("x-restli-id") or ""
        if not urn:
            raise Temporary(
                "LinkedIn accepted the post but returned no id",
                platform=self.platform,
                may_have_published=True,
            )
        return Published(remote_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")

    def comment(self, remote_id: str, text: str) -> str:
        target = quote(remote_id, safe="")
        response = self.request(
            "POST",
            f"socialActions/{target}/comments",
            json={"actor": self.account_id, "object": remote_id, "message": {"text": text}},
        )
        return response.headers.get("x-restli-id") or str(response.json().get("id", ""))

    def delete(self, remote_id: str) -> None:
        self.request("DELETE", f"posts/{quote(remote_id, safe='')}")

    def status(self, remote_id: str) -> RemoteStatus:
        try:
            body = self.json("GET", f"posts/{quote(remote_id, safe='')}")
        except Rejected as exc:
            if exc.status == 404:
                return RemoteStatus(remote_id, "missing", detail=exc.message)
            raise
        if body.get("lifecycleState") != "PUBLISHED":
            return RemoteStatus(remote_id, "processing")
        return RemoteStatus(
            remote_id, "published", url=f"https://www.linkedin.com/feed/update/{remote_id}/"
        )

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        """LinkedIn offers no read that our scopes allow: ``GET posts?q=author`` and
        ``GET posts/{urn}`` need ``r_member_social`` (restricted) for members, and the create's
        only proof is the ``x-restli-id`` of its answer — the very answer that was lost. So a
        person confirms (the engine shows the job as "needs a person to confirm"), pointed at
        the post LinkedIn named if it refused a duplicate."""
        hint = str((state or {}).get("duplicate_of") or "")
        where = f" LinkedIn named {hint} as the same content." if hint else ""
        raise CannotVerify(
            "LinkedIn's answer was lost and LinkedIn lets carepost read no posts to check." + where,
            platform=self.platform,
            hint_id=hint,
        )
