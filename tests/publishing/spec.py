"""Read the platforms' own API descriptions so test fixtures follow them (and fail if they don't)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import pytest

from .mock import SPECS


@cache
def _load(rel: str) -> dict[str, Any]:
    path = SPECS / rel
    if not path.is_file():
        pytest.skip(f"API description {rel} not present next to the checkout")
    return json.loads(path.read_text(encoding="utf-8"))


def x_validate(body: Any, schema: str) -> Any:
    """Validate a fixture against a component of X's OpenAPI description 2.167."""
    doc = _load("x/openapi-2.167.json")
    jsonschema.validate(
        body, {"$ref": f"#/components/schemas/{schema}", "components": doc["components"]}
    )
    return body


def mastodon_example(name: str) -> Any:
    doc = _load("mastodon/schema.json")
    return doc["components"]["examples"][name]["value"]


def mastodon_validate(body: Any, schema: str) -> Any:
    doc = _load("mastodon/schema.json")
    jsonschema.validate(
        body, {"$ref": f"#/components/schemas/{schema}", "components": doc["components"]}
    )
    return body


def meta_fields(node: str) -> set[str]:
    doc = _load(f"meta-graph/specs/{node}.json")
    return {f["name"] for f in doc["fields"]}


def meta_endpoints(node: str) -> set[tuple[str, str | None]]:
    doc = _load(f"meta-graph/specs/{node}.json")
    return {(a["method"], a.get("endpoint")) for a in doc["apis"]}


def threads_requests() -> list[tuple[str, str]]:
    doc = _load("threads/threads-api.postman_collection.json")
    out: list[tuple[str, str]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for it in items:
            if "item" in it:
                walk(it["item"])
            else:
                r = it["request"]
                url = r["url"]["raw"] if isinstance(r["url"], dict) else r["url"]
                out.append((r["method"], url))

    walk(doc["item"])
    return out


def mastodon_response_example(path: str, method: str = "post", status: str = "200") -> Any:
    doc = _load("mastodon/schema.json")
    return doc["paths"][path][method]["responses"][status]["content"]["application/json"]["example"]
