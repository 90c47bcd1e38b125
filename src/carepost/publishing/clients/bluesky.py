"""Bluesky (AT Protocol): ``com.atproto.repo.createRecord`` of an ``app.bsky.feed.post``.

The record key is derived from the job's idempotency key, so a retry after a lost answer
addresses the same record: the PDS refuses a second record with the same key, and
reconciliation is one ``getRecord``. Shapes from the atproto lexicons
(tests/data/conformance/platform-apis/bluesky). XRPC errors: ``{"error", "message"}``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

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
from ..model import Published, PublishRequest, RemoteStatus
from ..versions import BLUESKY_HOST

__all__ = ["BlueskyClient", "facets", "tid_for"]

COLLECTION = "app.bsky.feed.post"
#: Bluesky's video service (app.bsky.video.*): uploads, transcodes, then stores the blob on the PDS.
VIDEO_SERVICE = "https://video.bsky.app"
_B32 = "234567abcdefghijklmnopqrstuvwxyz"
_LINK = re.compile(r"https?://[^\s]+[^\s.,;:!?)\]]")
_TAG = re.compile(r"(?<![\w#])#(\w{1,64})")
# A handle is a domain name: @name.bsky.social, @clinic.example.org (facet.json #mention).
_MENTION = re.compile(r"(?<![\w@])@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z]{2,})")


def tid_for(key: str, when: datetime) -> str:
    """A valid TID (13 chars, sortable base32: 53-bit microsecond time + 10-bit clock id) that
    is the same for every attempt with the same key and scheduled time."""
    micros = int(when.timestamp() * 1_000_000) & ((1 << 53) - 1)
    clock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:2], "big") & 0x3FF
    value = (micros << 10) | clock
    out = []
    for _ in range(13):
        out.append(_B32[value & 31])
        value >>= 5
    return "".join(reversed(out))


def facets(text: str, resolve: Callable[[str], str | None] | None = None) -> list[dict[str, Any]]:
    """Link, hashtag and mention facets addressed by UTF-8 byte offsets. ``resolve`` turns a
    handle into its DID; a handle it cannot resolve stays plain text (no facet)."""
    out: list[dict[str, Any]] = []

    def span(m: re.Match[str]) -> dict[str, int]:
        start = len(text[: m.start()].encode("utf-8"))
        return {"byteStart": start, "byteEnd": start + len(m.group(0).encode("utf-8"))}

    for m in _LINK.finditer(text):
        out.append(
            {
                "index": span(m),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": m.group(0)}],
            }
        )
    for m in _TAG.finditer(text):
        out.append(
            {
                "index": span(m),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": m.group(1)}],
            }
        )
    for m in _MENTION.finditer(text) if resolve else ():
        did = resolve(m.group(1).lower())  # type: ignore[misc]
        if did:
            out.append(
                {
                    "index": span(m),
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
                }
            )
    return sorted(out, key=lambda f: f["index"]["byteStart"])


class BlueskyClient(PlatformClient):
    """``access_token`` = the session's accessJwt; ``account_id`` = the DID; ``base_url`` = PDS."""

    platform = "bluesky"
    default_base_url = BLUESKY_HOST
    supports_first_comment = True
    supports_idempotency_key = True
    video_service = VIDEO_SERVICE

    def raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        code = str(body.get("error") or "")
        msg = str(body.get("message") or code or f"HTTP {status}")[:500]
        kw: dict[str, Any] = {"platform": self.platform, "status": status, "code": code or None}
        if status == 429 or code == "RateLimitExceeded":
            raise RateLimited(
                f"rate limited: {msg}",
                reset_at=parse_epoch(response.headers.get("ratelimit-reset")),
                **kw,
            )
        if status == 401 or code in ("ExpiredToken", "InvalidToken", "AuthenticationRequired"):
            raise TokenDead(f"the session is no longer valid: {msg}", **kw)
        if status == 403:
            raise PermissionMissing(f"not permitted: {msg}", **kw)
        if "already exists" in msg.lower() or code in ("RecordAlreadyExists", "already_exists"):
            raise Duplicate(f"the record already exists: {msg}", **kw)
        if code in ("BlobTooLarge", "InvalidMimeType") or "blob" in msg.lower():
            raise MediaRejected(f"media refused: {msg}", reason=msg, **kw)
        if status >= 500:
            raise Temporary(
                f"server error: {msg}", may_have_published=response.request.method != "GET", **kw
            )
        raise Rejected(f"the server refused the post: {msg}", **kw)

    def _rkey(self, request: PublishRequest) -> str:
        when = request.options.get("scheduled_at")
        at = datetime.fromisoformat(str(when)) if when else datetime.now(UTC)
        return tid_for(request.idempotency_key or request.fingerprint, at)

    def _url(self, rkey: str) -> str:
        return f"https://bsky.app/profile/{self.account_id}/post/{rkey}"

    def publish(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        checkpoint: Checkpoint = _noop,
    ) -> Published:
        rkey = str((state or {}).get("rkey") or self._rkey(request))
        checkpoint({"rkey": rkey})
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": request.text,
            "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        }
        if f := facets(request.text, self._resolve):
            record["facets"] = f
        if request.media:
            blobs = []
            for item in request.media:
                if item.kind == "video":
                    blobs.append((item, self._upload_video(item)))
                    continue
                r = self.json(
                    "POST",
                    "xrpc/com.atproto.repo.uploadBlob",
                    content=item.read_bytes(),
                    headers={"Content-Type": item.mime},
                )
                blobs.append((item, r["blob"]))
            if request.shape == "video":
                record["embed"] = {
                    "$type": "app.bsky.embed.video",
                    "video": blobs[0][1],
                    "alt": blobs[0][0].alt_text,
                }
            else:
                record["embed"] = {
                    "$type": "app.bsky.embed.images",
                    "images": [{"alt": m.alt_text, "image": b} for m, b in blobs],
                }
        body = {"repo": self.account_id, "collection": COLLECTION, "rkey": rkey, "record": record}
        try:
            created = self.json("POST", "xrpc/com.atproto.repo.createRecord", json=body)
        except Duplicate as exc:
            # The record key is this job's own (derived from its idempotency key): a record
            # under it is the post an earlier attempt made.
            found = self.find_published(request, state={"rkey": rkey})
            if found:
                return found
            uri = f"at://{self.account_id}/{COLLECTION}/{rkey}"
            raise Duplicate(
                f"a record with this post's key already exists but cannot be read ({uri})",
                platform=self.platform,
                status=exc.status,
                code=exc.code,
                existing_id=uri,
            ) from None
        return Published(remote_id=str(created["uri"]), url=self._url(rkey))

    # ------------------------------------------------------------------ mentions and video
    def _resolve(self, handle: str) -> str | None:
        try:
            body = self.json(
                "GET", "xrpc/com.atproto.identity.resolveHandle", params={"handle": handle}
            )
        except Rejected:
            return None  # an unknown handle stays plain text
        return str(body.get("did") or "") or None

    def _service_token(self, aud: str, lxm: str) -> str:
        body = self.json(
            "GET", "xrpc/com.atproto.server.getServiceAuth", params={"aud": aud, "lxm": lxm}
        )
        return str(body["token"])

    def _upload_video(self, item: Any) -> Any:
        """The video service: check the daily limits, upload (authorised by a service token
        for the PDS's ``uploadBlob``), poll the job until it hands back the stored blob."""
        video = self.video_service.rstrip("/")
        limits = self.json(
            "GET",
            f"{video}/xrpc/app.bsky.video.getUploadLimits",
            auth=False,
            headers={
                "Authorization": "Bearer "
                + self._service_token(
                    f"did:web:{urlsplit(video).hostname}", "app.bsky.video.getUploadLimits"
                )
            },
        )
        if not limits.get("canUpload", False):
            raise RateLimited(
                f"Bluesky's video limits are reached: {limits.get('message') or 'no uploads left today'}",
                platform=self.platform,
            )
        pds = urlsplit(self.base_url).hostname
        token = self._service_token(f"did:web:{pds}", "com.atproto.repo.uploadBlob")
        try:
            body = self.json(
                "POST",
                f"{video}/xrpc/app.bsky.video.uploadVideo",
                auth=False,
                params={"did": self.account_id, "name": "video.mp4"},
                content=item.read_bytes(),
                headers={"Authorization": f"Bearer {token}", "Content-Type": item.mime},
            )
        except Duplicate as exc:  # the service already has this file: its job stands
            raise MediaRejected(
                "Bluesky's video service already processed this file and returned no job",
                reason=exc.message,
                platform=self.platform,
            ) from None
        job = body.get("jobStatus") or body
        result: dict[str, Any] = {}

        def fetch() -> str | None:
            nonlocal job
            state = job.get("state")
            if state == "JOB_STATE_COMPLETED" and job.get("blob"):
                result["blob"] = job["blob"]
                return "done"
            if state == "JOB_STATE_FAILED":
                reason = str(job.get("error") or job.get("failureCode") or "processing failed")
                raise MediaRejected(
                    f"Bluesky could not process the video: {reason}",
                    reason=reason,
                    platform=self.platform,
                )
            job = (
                self.json(
                    "GET",
                    f"{video}/xrpc/app.bsky.video.getJobStatus",
                    params={"jobId": job["jobId"]},
                ).get("jobStatus")
                or {}
            )
            return None

        self.poll(fetch, what="Bluesky video processing")
        return result["blob"]

    def comment(self, remote_id: str, text: str) -> str:
        got = self.json("GET", "xrpc/com.atproto.repo.getRecord", params=_parts(remote_id))
        ref = {"uri": got["uri"], "cid": got["cid"]}
        record = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "reply": {"root": ref, "parent": ref},
        }
        created = self.json(
            "POST",
            "xrpc/com.atproto.repo.createRecord",
            json={"repo": self.account_id, "collection": COLLECTION, "record": record},
        )
        return str(created["uri"])

    def delete(self, remote_id: str) -> None:
        self.json("POST", "xrpc/com.atproto.repo.deleteRecord", json=_parts(remote_id))

    def status(self, remote_id: str) -> RemoteStatus:
        try:
            self.json("GET", "xrpc/com.atproto.repo.getRecord", params=_parts(remote_id))
        except Rejected as exc:
            return RemoteStatus(remote_id, "missing", detail=exc.message)
        return RemoteStatus(remote_id, "published", url=self._url(_parts(remote_id)["rkey"]))

    def find_published(
        self,
        request: PublishRequest,
        *,
        state: Mapping[str, Any] | None = None,
        since: datetime | None = None,
    ) -> Published | None:
        rkey = str((state or {}).get("rkey") or self._rkey(request))
        uri = f"at://{self.account_id}/{COLLECTION}/{rkey}"
        st = self.status(uri)
        return (
            Published(uri, url=self._url(rkey), reconciled=True)
            if st.state == "published"
            else None
        )


def _parts(uri: str) -> dict[str, str]:
    repo, collection, rkey = uri.removeprefix("at://").split("/", 2)
    return {"repo": repo, "collection": collection, "rkey": rkey}
