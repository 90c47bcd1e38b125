"""The nine platforms' publishing dialects for :mod:`tests.support.fakeplatform`: the requests
carepost's clients send, answered in each platform's documented shapes (the same shapes as the
recorded fixtures in tests/publishing). Only what publishing, reconciling and token renewal use."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from .fakeplatform import Answer, FakePlatform, FakePost, Req

__all__ = ["DIALECTS"]

Dialect = Callable[[FakePlatform, Req], Answer]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _since(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _mine(
    fake: FakePlatform, platform: str, user: str, since: float | None = None
) -> list[FakePost]:
    return [
        p
        for p in reversed(fake.posts(platform))
        if p.user == user and not p.deleted and (since is None or p.created_at.timestamp() >= since)
    ]


def _user(fake: FakePlatform, req: Req, refused: Callable[[bool], Answer]) -> str | Answer:
    user, expired = fake.token_user(req.bearer)
    return user if user is not None else refused(expired)


def _token_answer(fake: FakePlatform, platform: str, user: str, **extra: Any) -> dict[str, Any]:
    access, refresh, ttl = fake.issue(platform, user)
    body: dict[str, Any] = {"access_token": access, "token_type": "bearer", **extra}
    if ttl:
        body["expires_in"] = ttl
    elif platform == "threads":
        body["expires_in"] = 5183944  # a long-lived token: about 60 days
    if platform in ("x", "tiktok", "linkedin"):
        body["refresh_token"] = refresh
    return body


# ============================================================================ X (API v2)
def _x_problem(status: int, title: str, detail: str) -> Answer:
    return Answer(
        status, {"title": title, "detail": detail, "type": "about:blank", "status": status}
    )


def x(fake: FakePlatform, req: Req) -> Answer:
    if req.method == "POST" and req.path == "/2/oauth2/token":
        user = fake.spend_refresh("x", req.form().get("refresh_token", ""))
        if user is None:
            return Answer(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "Value passed for the token was invalid.",
                },
            )
        return Answer(
            200,
            _token_answer(
                fake, "x", user, scope="tweet.write tweet.read users.read offline.access"
            ),
        )
    user = _user(fake, req, lambda expired: _x_problem(401, "Unauthorized", "Unauthorized"))
    if isinstance(user, Answer):
        return user
    parts = req.parts
    if req.method == "POST" and req.path == "/2/tweets":
        text = str(req.json().get("text", ""))
        if fake.faults.detect_duplicates and any(
            p.user == user and p.text == text and not p.deleted for p in fake.posts("x")
        ):
            fake.bump("duplicate_refused")
            return _x_problem(
                403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
            )
        reset = str(int(time.time()) + 1)
        return fake.create(
            req,
            user=user,
            text=text,
            answer=lambda p: Answer(
                201, {"data": {"id": p.id, "text": p.text, "edit_history_post_ids": [p.id]}}
            ),
            throttled=Answer(
                429,
                {
                    "title": "Too Many Requests",
                    "detail": "Too Many Requests",
                    "type": "about:blank",
                    "status": 429,
                },
                {"x-rate-limit-reset": reset, "x-rate-limit-remaining": "0"},
            ),
            unavailable=_x_problem(503, "Service Unavailable", "Service Unavailable"),
        )
    fake.bump("read_calls")
    if req.method == "DELETE" and parts[:2] == ["2", "tweets"]:
        post = fake.state.by_id.get(parts[-1])
        if post:
            post.deleted = True
        return Answer(200, {"data": {"deleted": bool(post)}})
    if req.method == "GET" and parts[:2] == ["2", "tweets"] and len(parts) == 3:
        post = fake.state.by_id.get(parts[2])
        if post is None or post.deleted:
            detail = f"Could not find tweet with id: [{parts[2]}]."
            return Answer(
                200,
                {
                    "errors": [
                        {
                            "type": "https://api.x.com/2/problems/resource-not-found",
                            "title": "Not Found Error",
                            "detail": detail,
                            "resource_type": "tweet",
                            "resource_id": parts[2],
                            "parameter": "id",
                            "value": parts[2],
                        }
                    ]
                },
            )
        return Answer(200, {"data": {"id": post.id, "text": post.text}})
    if (
        req.method == "GET"
        and parts[:2] == ["2", "users"]
        and len(parts) == 4
        and parts[3] == "tweets"
    ):
        mine = _mine(fake, "x", parts[2], _since(req.query.get("start_time")))
        limit = max(5, min(100, int(req.query.get("max_results", 10))))
        offset = int(req.query.get("pagination_token", "0") or 0)
        page = mine[offset : offset + limit]
        body: dict[str, Any] = {"meta": {"result_count": len(page)}}
        if page:
            body["data"] = [
                {
                    "id": p.id,
                    "text": p.text,
                    "created_at": p.created_at.isoformat().replace("+00:00", "Z"),
                }
                for p in page
            ]
        if offset + limit < len(mine):
            body["meta"]["next_token"] = str(offset + limit)
        return Answer(200, body)
    return _x_problem(404, "Not Found", req.path)


# ============================================================================ Meta Graph
def _graph_error(code: int, message: str, status: int = 400, subcode: int | None = None) -> Answer:
    err: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AFake",
    }
    if subcode:
        err["error_subcode"] = subcode
    return Answer(status, {"error": err})


def _graph_expired(expired: bool) -> Answer:
    if expired:
        return _graph_error(190, "Error validating access token: Session has expired.", subcode=463)
    return _graph_error(190, "Invalid OAuth access token - Cannot parse access token")


_GRAPH_THROTTLED = _graph_error(4, "Application request limit reached", status=403)
_GRAPH_UNAVAILABLE = _graph_error(2, "Service temporarily unavailable", status=503)


def _graph_get(fake: FakePlatform, req: Req, node: str) -> Answer | None:
    """GET /{object}: a published post or a container."""
    obj = fake.state.objects.get(node)
    if obj is not None:
        return Answer(200, {"id": node, **{k: v for k, v in obj.items() if not k.startswith("_")}})
    post = fake.state.by_id.get(node)
    if post is None or post.deleted:
        return _graph_error(100, f"Unsupported get request. Object with ID '{node}' does not exist")
    link = f"https://www.{req.platform}.example/p/{post.id}"
    return Answer(200, {"id": post.id, "permalink": link, "permalink_url": link})


def facebook(fake: FakePlatform, req: Req) -> Answer:
    user = _user(fake, req, _graph_expired)
    if isinstance(user, Answer):
        return user
    parts = req.parts
    if req.method == "POST" and len(parts) == 2 and parts[1] == "feed":
        message = req.form().get("message", "")
        return fake.create(
            req,
            user=parts[0],
            text=message,
            post_id=f"{parts[0]}_{fake.new_id()}",
            answer=lambda p: Answer(200, {"id": p.id}),
            throttled=_GRAPH_THROTTLED,
            unavailable=_GRAPH_UNAVAILABLE,
        )
    if req.method == "GET" and len(parts) == 2 and parts[1] == "posts":
        mine = _mine(fake, "facebook", parts[0], _since(req.query.get("since")))
        data = [
            {
                "id": p.id,
                "message": p.text,
                "created_time": _iso(p.created_at),
                "permalink_url": f"https://www.facebook.example/{p.id}",
            }
            for p in mine[: int(req.query.get("limit", 25))]
        ]
        return Answer(200, {"data": data})
    if req.method == "GET" and len(parts) == 1:
        return _graph_get(fake, req, parts[0]) or _graph_error(100, "no such object")
    if req.method == "DELETE" and len(parts) == 1:
        post = fake.state.by_id.get(parts[0])
        if post:
            post.deleted = True
        return Answer(200, {"success": True})
    return _graph_error(100, f"Unknown path components: {req.path}")


def _containers(
    fake: FakePlatform,
    req: Req,
    user: str,
    *,
    edge: str,
    publish: str,
    status_field: str,
    text_field: str,
) -> Answer:
    """Instagram (``media`` → ``media_publish``) and Threads (``threads`` → ``threads_publish``)."""
    parts = req.parts
    fields = {**req.form(), **req.query}
    if req.method == "POST" and len(parts) == 2 and parts[1] == edge:
        cid = f"c-{fake.new_id()}"
        fake.state.objects[cid] = {
            status_field: "FINISHED",
            "_user": parts[0],
            "_text": fields.get(text_field, ""),
        }
        return Answer(200, {"id": cid})
    if req.method == "POST" and len(parts) == 2 and parts[1] == publish:
        cid = fields.get("creation_id", "")
        with fake.lock:
            container = fake.state.objects.get(cid)
            if container is None:
                return _graph_error(100, "Invalid parameter")
            if container[status_field] == "PUBLISHED":
                return _graph_error(100, "The media has already been published")  # never twice

            def created(p: FakePost) -> None:
                container[status_field] = "PUBLISHED"
                p.extra["container"] = cid

            return fake.create(
                req,
                user=parts[0],
                text=str(container["_text"]),
                post_id=f"m-{fake.new_id()}",
                answer=lambda p: Answer(200, {"id": p.id}),
                throttled=_GRAPH_THROTTLED,
                unavailable=_GRAPH_UNAVAILABLE,
                on_created=created,
            )
    if req.method == "GET" and len(parts) == 2 and parts[1] == edge:
        mine = _mine(fake, req.platform, parts[0], _since(req.query.get("since")))
        key = "caption" if req.platform == "instagram" else "text"
        data = [
            {
                "id": p.id,
                key: p.text,
                "timestamp": _iso(p.created_at),
                "permalink": f"https://www.{req.platform}.example/p/{p.id}",
            }
            for p in mine[: int(req.query.get("limit", 25))]
        ]
        return Answer(200, {"data": data})
    if req.method == "GET" and len(parts) == 2 and parts[1].endswith("publishing_limit"):
        day = time.time() - 86400
        used = len(_mine(fake, req.platform, parts[0], day))
        total = 50 if req.platform == "instagram" else 250
        return Answer(
            200,
            {
                "data": [
                    {"quota_usage": used, "config": {"quota_total": total, "quota_duration": 86400}}
                ]
            },
        )
    if req.method == "GET" and len(parts) == 1:
        return _graph_get(fake, req, parts[0]) or _graph_error(100, "no such object")
    return _graph_error(100, f"Unknown path components: {req.path}")


def instagram(fake: FakePlatform, req: Req) -> Answer:
    user = _user(fake, req, _graph_expired)
    if isinstance(user, Answer):
        return user
    return _containers(
        fake,
        req,
        user,
        edge="media",
        publish="media_publish",
        status_field="status_code",
        text_field="caption",
    )


def threads(fake: FakePlatform, req: Req) -> Answer:
    if req.method == "GET" and req.path == "/refresh_access_token":
        user, expired = fake.token_user(req.query.get("access_token", ""))
        if user is None or req.query.get("grant_type") != "th_refresh_token":
            return _graph_expired(expired)
        fake.bump("refreshes")
        return Answer(200, _token_answer(fake, "threads", user))
    user = _user(fake, req, _graph_expired)
    if isinstance(user, Answer):
        return user
    return _containers(
        fake,
        req,
        user,
        edge="threads",
        publish="threads_publish",
        status_field="status",
        text_field="text",
    )


# ============================================================================ LinkedIn
def linkedin(fake: FakePlatform, req: Req) -> Answer:
    if req.method == "POST" and req.path == "/oauth/v2/accessToken":
        form = req.form()
        user = fake.spend_refresh("linkedin", form.get("refresh_token", ""))
        if user is None:
            return Answer(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "The provided authorization grant or refresh token is invalid, expired or revoked.",
                },
            )
        body = _token_answer(fake, "linkedin", user, refresh_token_expires_in=31536000)
        body["refresh_token"] = form["refresh_token"]  # LinkedIn keeps the refresh token
        return Answer(200, body)

    def refused(expired: bool) -> Answer:
        code = "EXPIRED_ACCESS_TOKEN" if expired else "INVALID_ACCESS_TOKEN"
        return Answer(
            401,
            {
                "status": 401,
                "serviceErrorCode": 65602 if expired else 65600,
                "code": code,
                "message": "The token used in the request has expired"
                if expired
                else "Invalid access token",
            },
        )

    user = _user(fake, req, refused)
    if isinstance(user, Answer):
        return user
    if req.method == "POST" and req.path == "/posts":
        body = req.json()
        return fake.create(
            req,
            user=str(body.get("author", user)),
            text=str(body.get("commentary", "")),
            post_id=f"urn:li:share:{fake.new_id()}",
            answer=lambda p: Answer(201, None, {"x-restli-id": p.id}),
            throttled=Answer(
                429,
                {
                    "status": 429,
                    "message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
                },
            ),
            unavailable=Answer(503, {"status": 503, "message": "Service Unavailable"}),
        )
    return Answer(404, {"status": 404, "message": f"No virtual resource found: {req.path}"})


# ============================================================================ TikTok
def _tt(data: Any = None, code: str = "ok", message: str = "", status: int = 200) -> Answer:
    return Answer(
        status,
        {
            "data": data or {},
            "error": {"code": code, "message": message, "log_id": "2026120700000000FAKE"},
        },
    )


def tiktok(fake: FakePlatform, req: Req) -> Answer:
    if req.method == "POST" and req.path == "/v2/oauth/token/":
        form = req.form()
        user = fake.spend_refresh("tiktok", form.get("refresh_token", ""))
        if user is None:
            return Answer(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Refresh token is invalid or expired.",
                    "log_id": "fake",
                },
            )
        return Answer(
            200,
            _token_answer(
                fake,
                "tiktok",
                user,
                open_id=user,
                refresh_expires_in=15552000,
                scope="video.publish",
            ),
        )
    user = _user(
        fake,
        req,
        lambda expired: _tt(
            code="access_token_invalid",
            message="The access token is invalid or not found in the request.",
            status=401,
        ),
    )
    if isinstance(user, Answer):
        return user
    body = req.json()
    if req.path == "/v2/post/publish/creator_info/query/":
        return _tt(
            {
                "creator_avatar_url": "https://p16.example/avatar.jpeg",
                "creator_username": user,
                "creator_nickname": "Clinic",
                "privacy_level_options": [
                    "PUBLIC_TO_EVERYONE",
                    "MUTUAL_FOLLOW_FRIENDS",
                    "SELF_ONLY",
                ],
                "comment_disabled": False,
                "duet_disabled": False,
                "stitch_disabled": True,
                "max_video_post_duration_sec": 600,
            }
        )
    if req.path in ("/v2/post/publish/content/init/", "/v2/post/publish/video/init/"):
        info = body.get("post_info") or {}
        text = str(info.get("description") or info.get("title") or "")
        return fake.create(
            req,
            user=user,
            text=text,
            post_id=f"p_pub_url~v2.{fake.new_id()}",
            extra={
                "privacy": info.get("privacy_level"),
                "fetches": 0,
                "title": str(info.get("title") or ""),
            },
            answer=lambda p: _tt({"publish_id": p.id}),
            throttled=_tt(
                code="rate_limit_exceeded", message="The API rate limit was exceeded.", status=429
            ),
            unavailable=_tt(code="internal_error", message="Server error", status=500),
        )
    if req.path == "/v2/post/publish/status/fetch/":
        post = fake.state.by_id.get(str(body.get("publish_id")))
        if post is None:
            return _tt(code="invalid_params", message="publish_id not found", status=400)
        post.extra["fetches"] += 1
        if post.extra["fetches"] < 2:
            return _tt({"status": "PROCESSING_DOWNLOAD", "downloaded_bytes": 0})
        public = (
            [int(post.extra.setdefault("public_id", 7300000000000000000 + len(fake.state.posts)))]
            if post.extra["privacy"] == "PUBLIC_TO_EVERYONE"
            else []
        )
        return _tt({"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": public})
    if req.path == "/v2/video/list/":
        videos = [
            {
                "id": str(p.extra.get("public_id", p.id)),
                "title": p.text[:150],
                "create_time": int(p.created_at.timestamp()),
                "share_url": f"https://www.tiktok.com/@{user}/video/{p.extra.get('public_id', '')}",
            }
            for p in _mine(fake, "tiktok", user)
            if p.extra.get("privacy") == "PUBLIC_TO_EVERYONE" and p.extra.get("fetches", 0) >= 2
        ][: int(body.get("max_count", 20))]
        return _tt({"videos": videos, "cursor": 0, "has_more": False})
    return _tt(code="invalid_params", message=f"unknown path {req.path}", status=404)


# ============================================================================ YouTube
def _google_error(status: int, reason: str, message: str, domain: str = "global") -> Answer:
    return Answer(
        status,
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
            }
        },
    )


def youtube(fake: FakePlatform, req: Req) -> Answer:
    if req.method == "POST" and req.path == "/token":
        user = fake.spend_refresh("youtube", req.form().get("refresh_token", ""))
        if user is None:
            return Answer(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
            )
        return Answer(
            200,
            _token_answer(
                fake, "youtube", user, scope="https://www.googleapis.com/auth/youtube.upload"
            ),
        )
    user = _user(fake, req, lambda expired: _google_error(401, "authError", "Invalid Credentials"))
    if isinstance(user, Answer):
        return user
    if req.method == "POST" and req.path == "/upload/youtube/v3/videos":
        upload = fake.new_id()
        meta = req.json()
        fake.state.objects[f"up-{upload}"] = {
            "_user": user,
            "_total": int(req.headers.get("X-Upload-Content-Length") or 0),
            "_received": 0,
            "_snippet": meta.get("snippet") or {},
            "_video": None,
        }
        location = f"{req.base}/upload/youtube/v3/videos?uploadType=resumable&upload_id={upload}"
        return Answer(200, None, {"Location": location})
    if req.method == "PUT" and req.path == "/upload/youtube/v3/videos":
        return _youtube_put(fake, req, user)
    if req.method == "GET" and req.path == "/youtube/v3/videos":
        post = fake.state.by_id.get(req.query.get("id", ""))
        items = (
            []
            if post is None or post.deleted
            else [
                {"id": post.id, "status": {"uploadStatus": "processed", "privacyStatus": "public"}}
            ]
        )
        return Answer(200, {"kind": "youtube#videoListResponse", "items": items})
    if req.method == "GET" and req.path == "/youtube/v3/channels":
        return Answer(
            200,
            {
                "items": [
                    {
                        "id": f"UC{user}",
                        "contentDetails": {"relatedPlaylists": {"uploads": f"UU{user}"}},
                    }
                ]
            },
        )
    if req.method == "GET" and req.path == "/youtube/v3/playlistItems":
        owner = req.query.get("playlistId", "").removeprefix("UU")
        items = [
            {
                "snippet": {
                    "title": p.extra.get("title", ""),
                    "description": p.text,
                    "publishedAt": p.created_at.isoformat().replace("+00:00", "Z"),
                    "resourceId": {"kind": "youtube#video", "videoId": p.id},
                }
            }
            for p in _mine(fake, "youtube", owner)
        ][: int(req.query.get("maxResults", 5))]
        return Answer(200, {"kind": "youtube#playlistItemListResponse", "items": items})
    return _google_error(404, "notFound", f"no such path {req.path}")


def _youtube_put(fake: FakePlatform, req: Req, user: str) -> Answer:
    session = fake.state.objects.get(f"up-{req.query.get('upload_id', '')}")
    if session is None:
        return _google_error(404, "notFound", "upload session not found")
    total = int(session["_total"])
    rng = str(req.headers.get("Content-Range", ""))

    def video_body(p: FakePost) -> Answer:
        return Answer(
            201,
            {
                "kind": "youtube#video",
                "id": p.id,
                "snippet": session["_snippet"],
                "status": {"uploadStatus": "uploaded", "privacyStatus": "public"},
            },
        )

    if rng.startswith("bytes */"):  # a probe
        if session["_video"]:
            return Answer(
                200,
                {
                    "kind": "youtube#video",
                    "id": session["_video"],
                    "status": {"uploadStatus": "uploaded"},
                },
            )
        got = int(session["_received"])
        return Answer(308, None, {"Range": f"bytes=0-{got - 1}"} if got else {})
    start, end = (int(v) for v in rng.removeprefix("bytes ").split("/")[0].split("-"))
    if start != session["_received"]:
        got = int(session["_received"])
        return Answer(308, None, {"Range": f"bytes=0-{got - 1}"} if got else {})
    session["_received"] = end + 1
    if end + 1 < total:
        return Answer(308, None, {"Range": f"bytes=0-{end}"})
    snippet = session["_snippet"]
    return fake.create(
        req,
        user=user,
        text=str(snippet.get("description", "")),
        extra={"title": snippet.get("title", "")},
        answer=video_body,
        on_created=lambda p: session.update(_video=p.id),
        throttled=_google_error(403, "rateLimitExceeded", "Rate limit exceeded", "usageLimits"),
        unavailable=_google_error(503, "backendError", "Backend Error"),
    )


# ============================================================================ Bluesky
def bluesky(fake: FakePlatform, req: Req) -> Answer:
    if req.method == "POST" and req.path == "/xrpc/com.atproto.server.refreshSession":
        user = fake.spend_refresh("bluesky", req.bearer)
        if user is None:
            return Answer(400, {"error": "ExpiredToken", "message": "Token has been revoked"})
        access, refresh, _ = fake.issue("bluesky", user)
        return Answer(
            200,
            {
                "accessJwt": access,
                "refreshJwt": refresh,
                "handle": f"{user}.bsky.example",
                "did": user,
            },
        )
    if req.method == "GET" and req.path == "/xrpc/com.atproto.identity.resolveHandle":
        handle = req.query.get("handle", "")
        if handle.startswith("nobody"):
            return Answer(400, {"error": "InvalidRequest", "message": "Unable to resolve handle"})
        return Answer(200, {"did": f"did:plc:{handle.split('.')[0]}"})
    user = _user(
        fake,
        req,
        lambda expired: Answer(
            400,
            {
                "error": "ExpiredToken" if expired else "InvalidToken",
                "message": "Token has expired" if expired else "Malformed token",
            },
        ),
    )
    if isinstance(user, Answer):
        return user
    if req.path == "/xrpc/com.atproto.repo.uploadBlob":
        return Answer(
            200,
            {
                "blob": {
                    "$type": "blob",
                    "ref": {"$link": f"bafkrei{fake.new_id()}"},
                    "mimeType": str(req.headers.get("Content-Type")),
                    "size": len(req.raw),
                }
            },
        )
    if req.path == "/xrpc/com.atproto.repo.createRecord":
        body = req.json()
        uri = f"at://{body['repo']}/{body['collection']}/{body['rkey']}"
        with fake.lock:
            if uri in fake.state.by_id:
                return Answer(400, {"error": "InvalidRequest", "message": "Record already exists"})
            return fake.create(
                req,
                user=str(body["repo"]),
                text=str(body["record"].get("text", "")),
                post_id=uri,
                answer=lambda p: Answer(
                    200, {"uri": p.id, "cid": "bafyreifake", "validationStatus": "valid"}
                ),
                throttled=Answer(
                    429,
                    {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                    {"ratelimit-reset": str(int(time.time()) + 1)},
                ),
                unavailable=Answer(
                    502, {"error": "UpstreamFailure", "message": "Upstream Failure"}
                ),
            )
    if req.path == "/xrpc/com.atproto.repo.getRecord":
        q = req.query
        uri = f"at://{q.get('repo')}/{q.get('collection')}/{q.get('rkey')}"
        post = fake.state.by_id.get(uri)
        if post is None or post.deleted:
            return Answer(
                400, {"error": "RecordNotFound", "message": f"Could not locate record: {uri}"}
            )
        return Answer(
            200,
            {
                "uri": uri,
                "cid": "bafyreifake",
                "value": {"$type": "app.bsky.feed.post", "text": post.text},
            },
        )
    return Answer(501, {"error": "MethodNotImplemented", "message": req.path})


# ============================================================================ Mastodon
def mastodon(fake: FakePlatform, req: Req) -> Answer:
    user = _user(fake, req, lambda expired: Answer(401, {"error": "The access token is invalid"}))
    if isinstance(user, Answer):
        return user

    def status(p: FakePost) -> dict[str, Any]:
        return {
            "id": p.id,
            "created_at": p.created_at.isoformat().replace("+00:00", "Z"),
            "content": f"<p>{html.escape(p.text, quote=False)}</p>",
            "visibility": "public",
            "url": f"{req.base}/@{p.user}/{p.id}",
            "uri": f"{req.base}/users/{p.user}/statuses/{p.id}",
        }

    parts = req.parts
    if req.method == "POST" and req.path == "/api/v1/statuses":
        key = str(req.headers.get("Idempotency-Key") or "")
        with fake.lock:
            if key and (user, key) in fake.state.idempotency:  # kept 1 h by the server
                return Answer(200, status(fake.state.by_id[fake.state.idempotency[(user, key)]]))

            def remember(p: FakePost) -> None:
                if key:
                    fake.state.idempotency[(user, key)] = p.id

            return fake.create(
                req,
                user=user,
                text=req.form().get("status", ""),
                answer=lambda p: Answer(200, status(p)),
                throttled=Answer(
                    429,
                    {"error": "Too many requests"},
                    {"X-RateLimit-Reset": datetime.now(UTC).isoformat()},
                ),
                unavailable=Answer(503, {"error": "Service Unavailable"}),
                on_created=remember,
            )
    if req.method == "GET" and parts[:3] == ["api", "v1", "accounts"] and parts[-1] == "statuses":
        mine = _mine(fake, "mastodon", parts[3])
        max_id = req.query.get("max_id")
        if max_id:
            mine = [p for p in mine if int(p.id) < int(max_id)]
        page = mine[: int(req.query.get("limit", 20))]
        headers = {}
        if len(mine) > len(page) and page:
            headers["Link"] = (
                f'<{req.base}{req.path}?limit={len(page)}&max_id={page[-1].id}>; rel="next"'
            )
        return Answer(200, [status(p) for p in page], headers)
    if req.method == "GET" and parts[:3] == ["api", "v1", "statuses"]:
        post = fake.state.by_id.get(parts[3])
        if post is None or post.deleted:
            return Answer(404, {"error": "Record not found"})
        return Answer(200, status(post))
    return Answer(404, {"error": "Not found"})


DIALECTS: dict[str, Dialect] = {
    "x": x,
    "facebook": facebook,
    "instagram": instagram,
    "threads": threads,
    "linkedin": linkedin,
    "tiktok": tiktok,
    "youtube": youtube,
    "bluesky": bluesky,
    "mastodon": mastodon,
}
