"""A scripted ``httpx.MockTransport``: routes (method, path regex) to queued responses and keeps
every request for assertions. Response bodies follow the platforms' own API descriptions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

#: The platforms' API descriptions, vendored unchanged (tests/data/conformance/platform-apis).
SPECS = Path(__file__).resolve().parents[1] / "data" / "conformance" / "platform-apis"

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception


def reply(
    status: int = 200, body: Any = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


class Script:
    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], list[Reply]]] = []
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, *replies: Reply) -> Script:
        self.routes.append((method, re.compile(path), list(replies)))
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for method, pattern, replies in self.routes:
            if method == request.method and pattern.search(request.url.path):
                item = replies.pop(0) if len(replies) > 1 else replies[0]
                if isinstance(item, Exception):
                    raise item
                return item(request) if callable(item) else item
        raise AssertionError(f"unexpected request {request.method} {request.url}")

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and re.search(path, r.url.path)]

    @staticmethod
    def form(request: httpx.Request) -> dict[str, str]:
        from urllib.parse import parse_qsl

        return dict(parse_qsl(request.content.decode()))

    @staticmethod
    def body(request: httpx.Request) -> Any:
        return json.loads(request.content)
