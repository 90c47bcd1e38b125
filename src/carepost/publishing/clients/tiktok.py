"""TikTok Content Posting API (direct post): creator_info → init (FILE_UPLOAD chunks or
PULL_FROM_URL) → status/fetch.

No machine-readable description exists; shapes are transcribed from developers.tiktok.com
(content-posting-api-reference-direct-post, media transfer guide, status fetch). Every response
carries ``{"data": …, "error": {"code", "message", "log_id"}}``; ``code`` is ``"ok"`` on success.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ..base import Checkpoint, PlatformClient, _noop
from ..errors import (
    CannotVerify,
    MediaRejected,
    PermissionMissing,
    PlatformError,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
)
from ..model import Published, PublishRequest, RemoteStatus, content_fingerprint
from ..versions import TIKTOK_HOST

__all__ = ["TikTokClient", "chunk_plan"]

MIB = 1024 * 1024
MIN_CHUNK = 5 * MIB  # every chunk but a whole-file one is at least this big
MAX_CHUNK = 64 * MIB  # no chunk above this, except the last, which may reach 128 MB
CHUNK = 10 * MIB
MAX_CHUNKS = 1000

_TOKEN = {"access_token_invalid", "token_not_authorized_for_specified_deployment"}
_SCOPE = {"scope_not_authorized", "scope_permission_missed"}
_RATE = {"rate_limit_exceeded"}
_DAILY = {"spam_risk_too_many_posts", "spam_risk_too_many_pending_share"}
_BLOCKED = {
    "spam_risk_user_banned_from_posting",
    "reached_active_user_cap",
    "unaudited_client_can_only_post_to_private_accounts",
}
_MEDIA = {
    "url_ownership_unverified",
    "video_pull_failed",
    "photo_pull_failed",
    "file_format_check_failed",
    "duration_check_failed",
    "frame_rate_check_failed",
    "picture_size_check_failed",
    "picture_number_exceeded",
}


def chunk_plan(size: int) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) per TikTok's media transfer guide: a file of at most
    64 MB goes whole (one chunk of ``video_size`` bytes — under 5 MB it must); a bigger one in
    chunks of 10 MB, ``total_chunk_count = floor(video_size / chunk_size)``, the remainder
    riding in the last chunk (under 20 MB, within the 128 MB cap for a last chunk)."""
    if size <= 0:
        raise ValueError("an empty video cannot be uploaded")
    if size <= MAX_CHUNK:
        return size, 1
    count = size // CHUNK
    if count > MAX_CHUNKS:
        raise ValueError("a video this large needs more than 1000 chunks")
    return CHUNK, count


def _error(code: str, message: str, *, platform: str, status: int | None) -> PlatformError:
    kw: dict[str, Any] = {"platform": platform, "status": status, "code": code}
    if code in _TOKEN or code == "auth_removed":
        return TokenDead(f"the access token is no longer valid: {message}", **kw)
    if code in _SCOPE:
        return PermissionMissing(f"missing permission: {message}", **kw)
    if code in _RATE:
        return RateLimited(
            f"rate limited: {message}", reset_at=datetime.now(UTC) + timedelta(minutes=1), **kw
        )
    if code in _DAILY:
        return RateLimited(
            f"daily posting cap reached: {message}",
            reset_at=datetime.now(UTC) + timedelta(hours=24),
            **kw,
        )
    if code in _BLOCKED:
        return Rejected(f"TikTok does not let this account post: {message}", **kw)
    if code in _MEDIA:
        return MediaRejected(f"media refused: {message}", reason=code, **kw)
    if code in ("internal_error", "internal") or (status or 0) >= 500:
        return Temporary(f"TikTok internal error: {message}", may_have_published=True, **kw)
    return Rejected(f"TikTok refused the request: {message}", **kw)


class TikTokClient(PlatformClient):
    platform = "tiktok"
    default_base_url = TIKTOK_HOST

    def raise_for(self, response: httpx.Response) -> None:
        try:
            err = response.json().get("error") or {}
        except (ValueError, AttributeError):
            err = {}
        code = str(err.get("code") or "")
        if response.status_code == 429 and not code:
            code = "rate_limit_exceeded"
        if response.status_code == 401 and not code:
            code = "access_token_invalid"
        raise _error(
            code or f"http_{response.status_code}",
            str(err.get("message") or f"HTTP {response.status_code}"),
            platform=self.platform,
            status=response.status_code,
        )

    def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        data = self.json(
            "POST", path, json=body, headers={"Content-Type": "application/json; charset=UTF-8"}
        )
        err = data.get("error") or {}
        if err.get("code") not in (None, "ok"):
            raise _error(
                str(err["code"]), str(err.get("message") or ""), platform=self.platform, status=200
            )
        return dict(data.get("data") or {})

    def creator_info(self) -> dict[str, Any]:
        return self.call("v2/post/publish/creator_info/query/", {})

    def _post_info(self, request: PublishRequest) -> dict[str, Any]:
        """TikTok's rule: the *user* picks who sees the post, among the options ``creator_info``
        offers right now, and the interaction switches; carepost never picks for them."""
        privacy = str(request.options.get("privacy_level") or "")
        if not privacy:
            raise Rejected(
                "nobody chose who can see this TikTok post",
                platform=self.platform,
                code="privacy_level_not_chosen",
                action="Choose the audience on the post's publishing page, then retry.",
            )
        info = self.creator_info()
        offered = info.get("privacy_level_options") or []
        if privacy not in offered:
            raise Rejected(
                f"TikTok no longer offers {privacy} for this account (it offers: {', '.join(offered)})",
                platform=self.platform,
                code="privacy_level_option_mismatch",
                action="Choose the audience again on the post's publishing page, then retry.",
            )
        switches = {}
        for switch, locked in (
            ("disable_comment", "comment_disabled"),
            ("disable_duet", "duet_disabled"),
            ("disable_stitch", "stitch_disabled"),
        ):
            # A switch the creator turned off in the app stays off whatever was chosen.
            switches[switch] = bool(request.options.get(switch, False)) or bool(info.get(locked))
        return {"title": request.text, "privacy_level": privacy, **switches}

    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        publish_id = (state or {}).get("publish_id")
        if not publish_id:
            publish_id = self._start(request, checkpoint)
        return self._wait(str(publish_id))

    def _start(self, request: PublishRequest, checkpoint: Checkpoint) -> str:
        shape = request.shape
        if shape == "text":
            raise Rejected("TikTok posts need a video or photos", platform=self.platform)
        if shape == "video":
            item = request.media[0]
            if item.url and not (item.path or item.data):
                source: dict[str, Any] = {"source": "PULL_FROM_URL", "video_url": item.url}
                data = self.call(
                    "v2/post/publish/video/init/",
                    {"post_info": self._post_info(request), "source_info": source},
                )
                checkpoint({"publish_id": data["publish_id"]})
                return str(data["publish_id"])
            raw = item.read_bytes()
            chunk, count = chunk_plan(len(raw))
            source = {
                "source": "FILE_UPLOAD",
                "video_size": len(raw),
                "chunk_size": chunk,
                "total_chunk_count": count,
            }
            data = self.call(
                "v2/post/publish/video/init/",
                {"post_info": self._post_info(request), "source_info": source},
            )
            checkpoint({"publish_id": data["publish_id"]})
            for i in range(count):
                start = i * chunk
                end = len(raw) if i == count - 1 else start + chunk
                self.request(
                    "PUT",
                    data["upload_url"],
                    auth=False,
                    content=raw[start:end],
                    headers={
                        "Content-Type": item.mime,
                        "Content-Range": f"bytes {start}-{end - 1}/{len(raw)}",
                    },
                )
            return str(data["publish_id"])
        if any(m.kind != "image" for m in request.media):
            raise MediaRejected(
                "TikTok cannot mix photos and video in one post",
                reason="mixed media",
                platform=self.platform,
            )
        info = self._post_info(request) | {
            "title": request.title or request.text[:90],
            "description": request.text,
        }
        body = {
            "post_info": info,
            "source_info": {
                "source": "PULL_FROM_URL",
                "photo_cover_index": 0,
                "photo_images": [m.url for m in request.media],
            },
            "post_mode": "DIRECT_POST",
            "media_type": "PHOTO",
        }
        data = self.call("v2/post/publish/content/init/", body)
        checkpoint({"publish_id": data["publish_id"]})
        return str(data["publish_id"])

    def _fetch(self, publish_id: str) -> dict[str, Any]:
        return self.call("v2/post/publish/status/fetch/", {"publish_id": publish_id})

    def _wait(self, publish_id: str) -> Published:
        result: dict[str, Any] = {}

        def fetch() -> str | None:
            data = self._fetch(publish_id)
            status = data.get("status")
            if status == "FAILED":
                reason = str(data.get("fail_reason") or "unknown_reason")
                raise _error(
                    reason,
                    f"TikTok could not publish: {reason}",
                    platform=self.platform,
                    status=200,
                )
            if status == "PUBLISH_COMPLETE":
                result.update(data)
                return str(status)
            return None

        self.poll(fetch, what="TikTok publishing")
        ids = result.get("publicaly_available_post_id") or []
        # The public id arrives only after moderation; until then the publish id stands in.
        remote = str(ids[0]) if ids else publish_id
        url = f"https://www.tiktok.com/video/{ids[0]}" if ids else ""
        return Published(remote_id=remote, url=url)

    def status(self, remote_id: str) -> RemoteStatus:
        data = self._fetch(remote_id)
        status = data.get("status")
        if status == "PUBLISH_COMPLETE":
            return RemoteStatus(remote_id, "published")
        if status == "FAILED":
            return RemoteStatus(remote_id, "failed", detail=str(data.get("fail_reason") or ""))
        return RemoteStatus(remote_id, "processing", detail=str(status or ""))

    def delete(self, remote_id: str) -> None:
        raise Rejected(
            "TikTok offers no delete API",
            platform=self.platform,
            action="Delete the video in the TikTok app.",
        )

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        publish_id = (state or {}).get("publish_id")
        if publish_id:
            data = self._fetch(str(publish_id))
            status = data.get("status")
            if status == "FAILED":
                return None
            if status == "PUBLISH_COMPLETE":
                ids = data.get("publicaly_available_post_id") or []
                return Published(str(ids[0]) if ids else str(publish_id), reconciled=True)
            # Uploading, processing, moderation, inbox: not published yet, not failed either.
            raise Temporary(
                f"TikTok is still working on the post ({status or 'no status'})",
                platform=self.platform,
            )
        # No publish id: the init answer was lost. The video list shows public videos only,
        # titles cut to 150 characters, and no photo posts.
        if request.shape != "video" or request.options.get("privacy_level") != "PUBLIC_TO_EVERYONE":
            raise CannotVerify(
                "TikTok's answer was lost before it gave a publish id, and only public videos "
                "can be looked up",
                platform=self.platform,
            )
        body = self.call("v2/video/list/?fields=id,title,create_time,share_url", {"max_count": 20})
        want = content_fingerprint(request.text[:150])
        for video in body.get("videos", []):
            if content_fingerprint(str(video.get("title", ""))[:150]) == want:
                return Published(str(video["id"]), url=video.get("share_url", ""), reconciled=True)
        raise CannotVerify(
            "TikTok's answer was lost and the post is not among the account's recent public videos "
            "(it may still be in moderation)",
            platform=self.platform,
        )
