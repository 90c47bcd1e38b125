"""A fake platform on 127.0.0.1 that speaks the publishing dialect of all nine platforms, so
the real clients talk to it, and misbehaves on demand.

Each platform lives under its own prefix: an account whose ``api_base_url`` is
``{fake.url}/{platform}`` is served by that platform's dialect (``fakedialects.py``); a path
without a known prefix is X (``{fake.url}/2/tweets``), as before.

Tokens: ``tok-<user>`` is a static token that never expires; ``tok-dead…`` is refused. Tokens
from :meth:`FakePlatform.issue` (and from the platforms' token endpoints, which renew them)
expire after ``token_ttl`` seconds and are then refused the way each platform refuses an
expired token (X 401, Graph 190, Bluesky ExpiredToken…). Refresh tokens of X, TikTok and
Bluesky rotate: the old one dies when it is used.

Faults (``FakePlatform.faults``), each a probability per *create* call (the one call that makes
the post exist: X ``POST /2/tweets``, Instagram ``media_publish``, YouTube's last upload chunk…):
``drop_after_create`` (post created, connection closed without an answer),
``drop_before_create`` (connection closed, nothing created), ``error_429`` (throttled in the
platform's own way), ``error_503`` (nothing created), ``error_503_after_create`` (created, then
503), ``delay_after_create`` (seconds slept before answering). ``detect_duplicates`` (X only,
default False: a blind retry WOULD duplicate, so the engine cannot lean on it).

Inspection: :meth:`posts` (every post ever created), :meth:`count`.
"""

from __future__ import annotations

import base64
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

__all__ = ["DROP", "Answer", "FakePlatform", "FakePost", "Req"]

PLATFORMS = (
    "x",
    "facebook",
    "instagram",
    "threads",
    "linkedin",
    "tiktok",
    "youtube",
    "bluesky",
    "mastodon",
)
ROTATING = {"x", "tiktok", "bluesky"}
#: The reference PDS accepts a spent refresh token again for 2 hours (``REFRESH_GRACE_MS``),
#: so a client that lost the answer of a refresh is not locked out; TikTok and X do not.
GRACE = {"bluesky": 7200.0}


@dataclass
class FakePost:
    id: str
    user: str
    text: str
    created_at: datetime
    deleted: bool = False
    platform: str = "x"
    extra: dict[str, Any] = field(default_factory=dict)


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
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


#: Close the connection without an answer.
DROP = Answer(0)


@dataclass
class Req:
    platform: str
    method: str
    path: str  # without the platform prefix
    parts: list[str]
    query: dict[str, str]
    headers: Any
    raw: bytes
    base: str  # {fake.url}/{platform} (or {fake.url} for legacy X)

    @property
    def bearer(self) -> str:
        return str(self.headers.get("Authorization", "")).removeprefix("Bearer ").strip()

    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else {}

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.raw.decode("latin-1")).items()}

    def form_lists(self) -> dict[str, list[str]]:
        return parse_qs(self.raw.decode("latin-1"))


@dataclass
class _Token:
    user: str
    platform: str
    expires: float | None


@dataclass
class _State:
    posts: list[FakePost] = field(default_factory=list)
    by_id: dict[str, FakePost] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    next_id: int = 1_800_000_000_000_000_000
    tokens: dict[str, _Token] = field(default_factory=dict)
    refresh: dict[str, _Token] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # containers, uploads…
    idempotency: dict[tuple[str, str], str] = field(default_factory=dict)


class FakePlatform:
    def __init__(
        self, *, seed: int | None = None, token_ttl: float | None = None, token_jitter: float = 0.0
    ) -> None:
        from .fakedialects import DIALECTS

        self.dialects = DIALECTS
        self.faults = Faults()
        self.state = _State()
        self.lock = threading.RLock()
        self.random = random.Random(seed)
        self.token_ttl = token_ttl
        #: A token announced to live ``token_ttl`` s really dies after ttl × U(1 − jitter, 1):
        #: early revocation, clock skew — the "refused mid-run, renew once, repeat" path.
        self.token_jitter = token_jitter
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        # A killed worker resets its connection mid-request: that is the point, not an error.
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def base_url(self, platform: str) -> str:
        return f"{self.url}/{platform}"

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
    def posts(self, platform: str | None = None) -> list[FakePost]:
        with self.lock:
            return [p for p in self.state.posts if platform is None or p.platform == platform]

    def count(self, name: str) -> int:
        with self.lock:
            return self.state.counters.get(name, 0)

    def bump(self, name: str) -> None:
        with self.lock:
            self.state.counters[name] = self.state.counters.get(name, 0) + 1

    def roll(self, p: float) -> bool:
        return p > 0 and self.random.random() < p

    def new_id(self) -> str:
        with self.lock:
            self.state.next_id += 1
            return str(self.state.next_id)

    # ------------------------------------------------------------------ tokens
    def issue(self, platform: str, user: str) -> tuple[str, str, int | None]:
        """A new (access token, refresh token, expires_in) for ``user``; both registered."""
        with self.lock:
            n = self.new_id()
            expires = None
            if self.token_ttl:
                life = self.token_ttl
                if platform != "threads":  # Threads renews only a live token: never early
                    life *= 1 - self.random.uniform(0, self.token_jitter)
                expires = time.time() + life
            access = f"tok-{user}-{n}"
            if platform == "bluesky":  # a JWT-shaped token whose ``exp`` the client reads
                claims = {"sub": user, "exp": int(expires or time.time() + 7200), "n": n}
                payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode()
                access = f"eyJhbGciOiJub25lIn0.{payload.rstrip('=')}.sig"
            refresh = f"rt-{user}-{n}"
            self.state.tokens[access] = _Token(user, platform, expires)
            self.state.refresh[refresh] = _Token(user, platform, None)
            self.bump("tokens_issued")
        ttl = int(self.token_ttl) if self.token_ttl else None
        return access, refresh, ttl

    def token_user(self, token: str) -> tuple[str | None, bool]:
        """(user, expired) for an access token; (None, False) when unknown or dead."""
        with self.lock:
            known = self.state.tokens.get(token)
        if known is not None:
            if known.expires is not None and known.expires < time.time():
                self.bump("expired_token_refused")
                return None, True
            return known.user, False
        if token.startswith("tok-") and not token.startswith("tok-dead"):
            return token[4:], False
        return None, False

    def spend_refresh(self, platform: str, token: str) -> str | None:
        """The user a refresh token belongs to; rotating platforms kill it on use (after their
        grace period, if they have one)."""
        with self.lock:
            known = self.state.refresh.get(token)
            now = time.time()
            if (
                known is None
                or known.platform != platform
                or (known.expires is not None and known.expires < now)
            ):
                self.bump("refresh_refused")
                return None
            if platform in ROTATING:
                if platform in GRACE:
                    if known.expires is None:
                        known.expires = now + GRACE[platform]
                else:
                    del self.state.refresh[token]
            self.bump("refreshes")
            return known.user

    # ------------------------------------------------------------------ creating a post
    def create(
        self,
        req: Req,
        *,
        user: str,
        text: str,
        answer: Any,
        throttled: Answer,
        unavailable: Answer,
        post_id: str | None = None,
        extra: dict[str, Any] | None = None,
        on_created: Any = None,
    ) -> Answer:
        """Apply the faults around the one call that makes a post exist. ``answer(post)``
        builds the platform's success answer; ``on_created(post)`` runs as soon as the post
        exists, whether or not its answer is then lost."""
        f = self.faults
        with self.lock:
            self.bump("create_calls")
            if self.roll(f.drop_before_create):
                self.bump("dropped_before")
                return DROP
            if self.roll(f.error_429):
                self.bump("error_429")
                return throttled
            if self.roll(f.error_503):
                self.bump("error_503")
                return unavailable
            post = FakePost(
                post_id or self.new_id(),
                user,
                text,
                datetime.now(UTC),
                platform=req.platform,
                extra=extra or {},
            )
            self.state.posts.append(post)
            self.state.by_id[post.id] = post
            self.bump("created")
            if on_created is not None:
                on_created(post)
            drop = self.roll(f.drop_after_create)
            err = not drop and self.roll(f.error_503_after_create)
            if drop:
                self.bump("dropped_after")
            if err:
                self.bump("error_503_after_create")
            delay = f.delay_after_create
        if drop:
            return Answer(0, delay=delay)
        if err:
            return Answer(unavailable.status, unavailable.body, unavailable.headers, delay)
        ok = answer(post)
        ok.delay = delay
        return ok

    # ------------------------------------------------------------------ HTTP
    def _route(self, method: str, raw_path: str, headers: Any, raw: bytes) -> Answer:
        url = urlparse(raw_path)
        parts = [p for p in url.path.split("/") if p]
        platform = "x"
        base = self.url
        path = url.path
        if parts and parts[0] in PLATFORMS:
            platform = parts.pop(0)
            base = self.base_url(platform)
            path = path[len(platform) + 1 :] or "/"
        req = Req(
            platform=platform,
            method=method,
            path=path,
            parts=parts,
            query={k: v[-1] for k, v in parse_qs(url.query).items()},
            headers=headers,
            raw=raw,
            base=base,
        )
        return self.dialects[platform](self, req)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def _serve(self, method: str) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                if len(raw) < n:  # the client died mid-request: a server acts on nothing
                    fake.bump("truncated_requests")
                    self.close_connection = True
                    return
                try:
                    answer = fake._route(method, self.path, self.headers, raw)
                except Exception as exc:  # a bug in the fake must not look like a lost answer
                    answer = Answer(500, {"error": f"fake platform bug: {exc!r}"})
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.status == 0:
                    self.close_connection = True
                    return
                data = b""
                ctype = "application/json"
                if isinstance(answer.body, bytes):
                    data, ctype = answer.body, "application/octet-stream"
                elif answer.body is not None:
                    data = json.dumps(answer.body).encode()
                try:
                    self.send_response(answer.status)
                    if data:
                        self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in answer.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client (a killed worker) went away

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_PUT(self) -> None:
                self._serve("PUT")

            def do_DELETE(self) -> None:
                self._serve("DELETE")

        return Handler
