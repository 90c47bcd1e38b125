"""A fake platform on 127.0.0.1 that speaks X API v2's publishing dialect (so the real
:class:`~carepost.publishing.clients.XClient` talks to it) and misbehaves on demand.

Endpoints: ``POST /2/tweets``, ``GET /2/tweets/{id}``, ``DELETE /2/tweets/{id}``,
``GET /2/users/{id}/tweets`` (``start_time``, ``max_results``, ``pagination_token``).
The bearer token names the user: ``tok-<user id>``; ``tok-dead-…`` answers 401.

Faults (``FakePlatform.faults`` or ``POST /_control``), each a probability per create call:
``drop_after_create`` (post created, connection closed without an answer),
``drop_before_create`` (connection closed, nothing created), ``error_429`` (with
``x-rate-limit-reset``), ``error_503`` (nothing created), ``error_503_after_create`` (created,
then 503), ``delay_after_create`` (seconds slept before answering). ``detect_duplicates``
(default False: a blind retry WOULD duplicate, so the engine cannot lean on it).

Inspection: ``GET /_posts`` (every post ever created), ``GET /_stats``.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

__all__ = ["FakePlatform", "FakePost"]


@dataclass
class FakePost:
    id: str
    user: str
    text: str
    created_at: datetime
    deleted: bool = False


@dataclass
class Faults:
    drop_after_create: float = 0.0
    drop_before_create: float = 0.0
    error_429: float = 0.0
    error_503: float = 0.0
    error_503_after_create: float = 0.0
    delay_after_create: float = 0.0
    detect_duplicates: bool = False


@dataclass
class _State:
    posts: list[FakePost] = field(default_factory=list)
    by_id: dict[str, FakePost] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    next_id: int = 1_800_000_000_000_000_000


class FakePlatform:
    def __init__(self, *, seed: int | None = None) -> None:
        self.faults = Faults()
        self.state = _State()
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> FakePlatform:
        self.thread = threading.Thread(
            target=self.server.serve_forever, name="fake-platform", daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakePlatform:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ inspection
    def posts(self) -> list[FakePost]:
        with self.lock:
            return list(self.state.posts)

    def count(self, name: str) -> int:
        with self.lock:
            return self.state.counters.get(name, 0)

    def _bump(self, name: str) -> None:
        self.state.counters[name] = self.state.counters.get(name, 0) + 1

    def _roll(self, p: float) -> bool:
        return p > 0 and self.random.random() < p

    # ------------------------------------------------------------------ HTTP
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _drop(self) -> None:
                self.close_connection = True

            def _user(self) -> str | None:
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ").strip()
                if not token.startswith("tok-") or token.startswith("tok-dead"):
                    return None
                return token[4:]

            def _body(self) -> Any:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                return json.loads(raw) if raw else {}

            def do_POST(self) -> None:
                path = urlparse(self.path).path
                body = self._body()
                if path == "/_control":
                    with fake.lock:
                        for k, v in body.items():
                            setattr(fake.faults, k, v)
                    return self._send(200, {"ok": True})
                if path != "/2/tweets":
                    return self._send(
                        404,
                        {
                            "title": "Not Found",
                            "detail": path,
                            "type": "about:blank",
                            "status": 404,
                        },
                    )
                user = self._user()
                if user is None:
                    return self._send(
                        401,
                        {
                            "title": "Unauthorized",
                            "type": "about:blank",
                            "status": 401,
                            "detail": "Unauthorized",
                        },
                    )
                f = fake.faults
                with fake.lock:
                    fake._bump("create_calls")
                    if fake._roll(f.drop_before_create):
                        fake._bump("dropped_before")
                        return self._drop()
                    if fake._roll(f.error_429):
                        fake._bump("error_429")
                        reset = str(int(time.time()) + 1)
                        return self._send(
                            429,
                            {
                                "title": "Too Many Requests",
                                "detail": "Too Many Requests",
                                "type": "about:blank",
                                "status": 429,
                            },
                            {"x-rate-limit-reset": reset, "x-rate-limit-remaining": "0"},
                        )
                    if fake._roll(f.error_503):
                        fake._bump("error_503")
                        return self._send(
                            503,
                            {
                                "title": "Service Unavailable",
                                "detail": "Service Unavailable",
                                "type": "about:blank",
                                "status": 503,
                            },
                        )
                    text = str(body.get("text", ""))
                    if f.detect_duplicates and any(
                        p.user == user and p.text == text and not p.deleted
                        for p in fake.state.posts
                    ):
                        fake._bump("duplicate_refused")
                        return self._send(
                            403,
                            {
                                "detail": "You are not allowed to create a Tweet with duplicate content.",
                                "type": "about:blank",
                                "title": "Forbidden",
                                "status": 403,
                            },
                        )
                    fake.state.next_id += 1
                    post = FakePost(str(fake.state.next_id), user, text, datetime.now(UTC))
                    fake.state.posts.append(post)
                    fake.state.by_id[post.id] = post
                    fake._bump("created")
                    drop = fake._roll(f.drop_after_create)
                    err = not drop and fake._roll(f.error_503_after_create)
                    if drop:
                        fake._bump("dropped_after")
                    if err:
                        fake._bump("error_503_after_create")
                    delay = f.delay_after_create
                if delay:
                    time.sleep(delay)
                if drop:
                    return self._drop()
                if err:
                    return self._send(
                        503,
                        {
                            "title": "Service Unavailable",
                            "detail": "Service Unavailable",
                            "type": "about:blank",
                            "status": 503,
                        },
                    )
                return self._send(
                    201,
                    {
                        "data": {
                            "id": post.id,
                            "text": post.text,
                            "edit_history_post_ids": [post.id],
                        }
                    },
                )

            def do_GET(self) -> None:
                url = urlparse(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                parts = url.path.strip("/").split("/")
                if url.path == "/_posts":
                    return self._send(
                        200,
                        [
                            {
                                "id": p.id,
                                "user": p.user,
                                "text": p.text,
                                "created_at": p.created_at.isoformat(),
                                "deleted": p.deleted,
                            }
                            for p in fake.posts()
                        ],
                    )
                if url.path == "/_stats":
                    with fake.lock:
                        return self._send(200, dict(fake.state.counters))
                user = self._user()
                if user is None:
                    return self._send(
                        401,
                        {
                            "title": "Unauthorized",
                            "type": "about:blank",
                            "status": 401,
                            "detail": "Unauthorized",
                        },
                    )
                with fake.lock:
                    fake._bump("read_calls")
                if parts[:2] == ["2", "tweets"] and len(parts) == 3:
                    with fake.lock:
                        post = fake.state.by_id.get(parts[2])
                    if post is None or post.deleted:
                        return self._send(
                            200,
                            {
                                "errors": [
                                    {
                                        "type": "https://api.x.com/2/problems/resource-not-found",
                                        "title": "Not Found Error",
                                        "detail": f"Could not find tweet with id: [{parts[2]}].",
                                        "resource_type": "tweet",
                                        "resource_id": parts[2],
                                        "parameter": "id",
                                        "value": parts[2],
                                    }
                                ]
                            },
                        )
                    return self._send(200, {"data": {"id": post.id, "text": post.text}})
                if parts[:2] == ["2", "users"] and len(parts) == 4 and parts[3] == "tweets":
                    since = q.get("start_time")
                    start = datetime.fromisoformat(since.replace("Z", "+00:00")) if since else None
                    limit = max(5, min(100, int(q.get("max_results", 10))))
                    offset = int(q.get("pagination_token", "0") or 0)
                    with fake.lock:
                        mine = [
                            p
                            for p in reversed(fake.state.posts)
                            if p.user == parts[2]
                            and not p.deleted
                            and (start is None or p.created_at >= start)
                        ]
                    page = mine[offset : offset + limit]
                    body: dict[str, Any] = {
                        "data": [
                            {
                                "id": p.id,
                                "text": p.text,
                                "created_at": p.created_at.isoformat().replace("+00:00", "Z"),
                            }
                            for p in page
                        ],
                        "meta": {"result_count": len(page)},
                    }
                    if offset + limit < len(mine):
                        body["meta"]["next_token"] = str(offset + limit)
                    if not page:
                        body.pop("data")
                    return self._send(200, body)
                return self._send(
                    404,
                    {
                        "title": "Not Found",
                        "detail": url.path,
                        "type": "about:blank",
                        "status": 404,
                    },
                )

            def do_DELETE(self) -> None:
                parts = urlparse(self.path).path.strip("/").split("/")
                if self._user() is None:
                    return self._send(
                        401,
                        {
                            "title": "Unauthorized",
                            "type": "about:blank",
                            "status": 401,
                            "detail": "Unauthorized",
                        },
                    )
                with fake.lock:
                    post = fake.state.by_id.get(parts[-1])
                    if post:
                        post.deleted = True
                return self._send(200, {"data": {"deleted": bool(post)}})

        return Handler
