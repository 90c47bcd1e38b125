"""The Meta Graph dialects of the fake platform: Facebook Pages, Instagram (containers → media_publish), Threads (containers → threads_publish, th_refresh_token)."""

from __future__ import annotations

import time
from typing import Any

from .fakeplatform import Answer, FakePlatform, FakePost, Req
from .fakeshared import iso, posts_of, since, token_answer, user_of

__all__ = ["facebook", "instagram", "threads"]


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
    user = user_of(fake, req, _graph_expired)
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
        mine = posts_of(fake, "facebook", parts[0], since(req.query.get("since")))
        data = [
            {
                "id": p.id,
                "message": p.text,
                "created_time": iso(p.created_at),
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
        mine = posts_of(fake, req.platform, parts[0], since(req.query.get("since")))
        key = "caption" if req.platform == "instagram" else "text"
        data = [
            {
                "id": p.id,
                key: p.text,
                "timestamp": iso(p.created_at),
                "permalink": f"https://www.{req.platform}.example/p/{p.id}",
            }
            for p in mine[: int(req.query.get("limit", 25))]
        ]
        return Answer(200, {"data": data})
    if req.method == "GET" and len(parts) == 2 and parts[1].endswith("publishing_limit"):
        day = time.time() - 86400
        used = len(posts_of(fake, req.platform, parts[0], day))
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
    user = user_of(fake, req, _graph_expired)
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
        return Answer(200, token_answer(fake, "threads", user))
    user = user_of(fake, req, _graph_expired)
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
