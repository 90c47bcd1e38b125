"""The nine platforms' publishing dialects for :mod:`tests.support.fakeplatform`: the requests
carepost's clients send, answered in each platform's documented shapes (the same shapes as the
recorded fixtures in tests/publishing). Only what publishing, reconciling and token renewal use."""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime
from typing import Any

from .fakemeta import facebook, instagram, threads
from .fakeplatform import Answer, FakePlatform, FakePost, Req
from .fakeshared import Dialect, posts_of, since, token_answer, user_of
from .fakevideo import tiktok, youtube

__all__ = ["DIALECTS"]


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
            token_answer(fake, "x", user, scope="tweet.write tweet.read users.read offline.access"),
        )
    user = user_of(fake, req, lambda expired: _x_problem(401, "Unauthorized", "Unauthorized"))
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
        mine = posts_of(fake, "x", parts[2], since(req.query.get("start_time")))
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
        body = token_answer(fake, "linkedin", user, refresh_token_expires_in=31536000)
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

    user = user_of(fake, req, refused)
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
    user = user_of(
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
    user = user_of(fake, req, lambda expired: Answer(401, {"error": "The access token is invalid"}))
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
        mine = posts_of(fake, "mastodon", parts[3])
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
