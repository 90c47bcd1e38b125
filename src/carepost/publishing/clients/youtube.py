"""YouTube Data API v3: resumable ``videos.insert``, ``commentThreads.insert``, ``videos.list``.

Shapes from Google's discovery document ``youtube.v3.json``. Errors:
``{"error": {"code", "message", "errors": [{"domain", "reason", "message"}], "status"}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from ..base import Checkpoint, PlatformClient, _noop, next_midnight
from ..errors import (
    MediaRejected,
    OutcomeUnknown,
    PermissionMissing,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
)
from ..model import Published, PublishRequest, RemoteStatus, content_fingerprint
from ..versions import YOUTUBE_HOST

__all__ = ["YouTubeClient"]

CHUNK = 8 * 256 * 1024  # a multiple of 256 KiB, as resumable uploads require
_QUOTA = {"quotaExceeded", "dailyLimitExceeded", "uploadLimitExceeded"}
_RATE = {"rateLimitExceeded", "userRateLimitExceeded"}
_MEDIA = {"mediaBodyRequired", "invalidVideoMetadata", "invalidFilename", "uploadLimitExceeded"}
_META = {
    "invalidTitle",
    "invalidDescription",
    "invalidTags",
    "invalidCategoryId",
    "invalidRecordingDetails",
}
_PACIFIC = ZoneInfo("America/Los_Angeles")


class YouTubeClient(PlatformClient):
    platform = "youtube"
    default_base_url = YOUTUBE_HOST
    supports_first_comment = True

    def raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        try:
            err = response.json().get("error") or {}
        except (ValueError, AttributeError):
            err = {}
        err = err if isinstance(err, dict) else {}
        reasons = [str(e.get("reason")) for e in err.get("errors") or [] if isinstance(e, dict)]
        reason = reasons[0] if reasons else str(err.get("status") or "")
        msg = str(err.get("message") or f"HTTP {status}")[:500]
        kw: dict[str, Any] = {"platform": self.platform, "status": status, "code": reason or None}
        if set(reasons) & _QUOTA and reason != "uploadLimitExceeded":
            raise RateLimited(
                f"the YouTube API quota is used up: {msg}", reset_at=next_midnight(_PACIFIC), **kw
            )
        if reason == "uploadLimitExceeded":
            raise RateLimited(
                f"the channel reached its upload limit: {msg}",
                reset_at=next_midnight(_PACIFIC),
                **kw,
            )
        if set(reasons) & _RATE or status == 429:
            raise RateLimited(f"rate limited: {msg}", **kw)
        if status == 401 or reason in ("authError", "unauthorized"):
            raise TokenDead(f"the access token is no longer valid: {msg}", **kw)
        if status == 403:
            raise PermissionMissing(f"not permitted: {msg}", **kw)
        if set(reasons) & _META:
            raise Rejected(f"YouTube refused the video details: {msg}", **kw)
        if set(reasons) & _MEDIA:
            raise MediaRejected(f"YouTube refused the video: {msg}", reason=reason, **kw)
        if status >= 500:
            raise Temporary(
                f"YouTube server error: {msg}",
                may_have_published=response.request.method != "GET",
                **kw,
            )
        raise Rejected(f"YouTube refused the request: {msg}", **kw)

    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        if request.shape != "video":
            raise Rejected("YouTube posts are a single video", platform=self.platform)
        item = request.media[0]
        raw = item.read_bytes()
        upload_url = (state or {}).get("upload_url")
        offset = 0
        if upload_url:
            done, offset = self._probe(str(upload_url), len(raw))
            if done:
                return done
        else:
            meta = {
                "snippet": {
                    "title": (request.title or request.text)[:100],
                    "description": request.text,
                },
                "status": {
                    "privacyStatus": str(request.options.get("privacy_status", "public")),
                    "selfDeclaredMadeForKids": False,
                },
            }
            response = self.request(
                "POST",
                "upload/youtube/v3/videos",
                params={"uploadType": "resumable", "part": "snippet,status"},
                json=meta,
                headers={
                    "X-Upload-Content-Type": item.mime,
                    "X-Upload-Content-Length": str(len(raw)),
                },
            )
            upload_url = response.headers["location"]
            checkpoint({"upload_url": upload_url})
        while True:
            end = min(offset + CHUNK, len(raw))
            response = self.request(
                "PUT",
                str(upload_url),
                content=raw[offset:end],
                headers={"Content-Range": f"bytes {offset}-{end - 1}/{len(raw)}"},
            )
            if response.status_code in (200, 201):
                video = response.json()
                return Published(
                    remote_id=str(video["id"]), url=f"https://www.youtube.com/watch?v={video['id']}"
                )
            offset = _received(response, end)

    def _probe(self, upload_url: str, total: int) -> tuple[Published | None, int]:
        response = self.request("PUT", upload_url, headers={"Content-Range": f"bytes */{total}"})
        if response.status_code in (200, 201):
            vid = str(response.json()["id"])
            return Published(
                vid, url=f"https://www.youtube.com/watch?v={vid}", reconciled=True
            ), total
        return None, _received(response, 0)

    def comment(self, remote_id: str, text: str) -> str:
        body = {
            "snippet": {
                "videoId": remote_id,
                "topLevelComment": {"snippet": {"textOriginal": text}},
            }
        }
        return str(
            self.json("POST", "youtube/v3/commentThreads", params={"part": "snippet"}, json=body)[
                "id"
            ]
        )

    def delete(self, remote_id: str) -> None:
        self.request("DELETE", "youtube/v3/videos", params={"id": remote_id})

    def status(self, remote_id: str) -> RemoteStatus:
        body = self.json(
            "GET", "youtube/v3/videos", params={"part": "status,processingDetails", "id": remote_id}
        )
        items = body.get("items") or []
        if not items:
            return RemoteStatus(remote_id, "missing")
        st = items[0].get("status") or {}
        upload = st.get("uploadStatus")
        url = f"https://www.youtube.com/watch?v={remote_id}"
        if upload == "processed":
            return RemoteStatus(remote_id, "published", url=url)
        if upload in ("failed", "rejected", "deleted"):
            return RemoteStatus(
                remote_id,
                "failed",
                url=url,
                detail=str(st.get("failureReason") or st.get("rejectionReason") or upload),
            )
        return RemoteStatus(remote_id, "processing", url=url)

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        """A video exists only once its upload completes, so: no upload session, nothing there;
        a session, ask it (``bytes */total``); a session that expired, look at the channel's
        uploads playlist (1 quota unit a call; ``search.list`` would cost 100 and compare
        truncated descriptions)."""
        state = state or {}
        if state.get("video_id"):
            st = self.status(str(state["video_id"]))
            if st.state != "missing":
                return Published(st.remote_id, url=st.url, reconciled=True)
        upload_url = state.get("upload_url")
        if not upload_url or not request.media:
            return None  # the session was never opened: no byte was sent
        try:
            done, _ = self._probe(str(upload_url), request.media[0].size)
        except Rejected:
            return self._in_uploads(request, since)
        return done  # None: the upload is incomplete, so no video exists; publish resumes it

    def _in_uploads(self, request: PublishRequest, since: datetime | None) -> Published | None:
        channels = self.json(
            "GET", "youtube/v3/channels", params={"part": "contentDetails", "mine": "true"}
        ).get("items") or [{}]
        uploads = ((channels[0].get("contentDetails") or {}).get("relatedPlaylists") or {}).get(
            "uploads"
        )
        if not uploads:
            raise Temporary(
                "the channel's uploads playlist is not readable", platform=self.platform
            )
        body = self.json(
            "GET",
            "youtube/v3/playlistItems",
            params={"part": "snippet", "playlistId": uploads, "maxResults": 25},
        )
        title = (request.title or request.text)[:100]
        want = request.fingerprint
        for item in body.get("items") or []:
            snippet = item.get("snippet") or {}
            if snippet.get("title") != title:
                continue
            if content_fingerprint(str(snippet.get("description", ""))) != want:
                continue
            vid = str((snippet.get("resourceId") or {}).get("videoId"))
            return Published(vid, url=f"https://www.youtube.com/watch?v={vid}", reconciled=True)
        return None


def _received(response: httpx.Response, fallback: int) -> int:
    """Next byte to send after a 308 Resume Incomplete (``Range: bytes=0-N``)."""
    if response.status_code != 308:
        raise OutcomeUnknown(
            f"unexpected upload answer HTTP {response.status_code}", platform="youtube"
        )
    rng = response.headers.get("range")
    if not rng:
        return 0  # no Range: Google kept no byte, so the upload restarts at byte 0
    return int(rng.rsplit("-", 1)[1]) + 1
