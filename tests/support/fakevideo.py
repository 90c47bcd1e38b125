"""The TikTok (Content Posting API) and YouTube (resumable upload) dialects of the fake platform."""

from __future__ import annotations

from typing import Any

from .fakeplatform import Answer, FakePlatform, FakePost, Req
from .fakeshared import posts_of, token_answer, user_of

__all__ = ["tiktok", "youtube"]


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
            token_answer(
                fake,
                "tiktok",
                user,
                open_id=user,
                refresh_expires_in=15552000,
                scope="video.publish",
            ),
        )
    user = user_of(
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
            for p in posts_of(fake, "tiktok", user)
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
            token_answer(
                fake, "youtube", user, scope="https://www.googleapis.com/auth/youtube.upload"
            ),
        )
    user = user_of(
        fake, req, lambda expired: _google_error(401, "authError", "Invalid Credentials")
    )
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
            for p in posts_of(fake, "youtube", owner)
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
