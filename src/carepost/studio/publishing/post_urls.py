"""Does a URL point at one live post on a given platform? The table is data
(``data/post_urls.yaml``), validated on load with ``file:line`` errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from carepost.studio.errors import ValidationFailed
from carepost.studio.workspaces.models import PLATFORMS

__all__ = ["PostUrlTableError", "post_url_check", "post_url_table"]

TABLE = Path(__file__).parent / "data" / "post_urls.yaml"
_LABELS = dict(PLATFORMS)


class PostUrlTableError(ValueError):
    """The table is malformed (names the file and line)."""


@dataclass(frozen=True)
class PostShape:
    path: re.Pattern[str]
    query: tuple[str, ...] = ()
    hosts: frozenset[str] = frozenset()  # empty: the platform's hosts


@dataclass(frozen=True)
class PlatformUrls:
    platform: str
    hosts: frozenset[str]
    posts: tuple[PostShape, ...]
    example: str

    def matches(self, url: str) -> bool:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("https", "http") or not host or parts.username is not None:
            return False
        if "*" not in self.hosts and host not in self.hosts:
            return False
        params = parse_qs(parts.query)
        return any(
            (not shape.hosts or host in shape.hosts)
            and shape.path.fullmatch(parts.path or "/")
            and all(params.get(name) for name in shape.query)
            for shape in self.posts
        )


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _fail(node: yaml.Node, message: str, path: Path) -> PostUrlTableError:
    return PostUrlTableError(f"{path}:{_line(node)}: {message}")


def _strings(node: yaml.Node, what: str, path: Path) -> list[str]:
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(n, yaml.ScalarNode) and n.value for n in node.value
    ):
        raise _fail(node, f"{what} must be a list of strings", path)
    return [str(n.value) for n in node.value]


def _shape(node: yaml.Node, path: Path) -> PostShape:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(node, "each entry of posts needs a path", path)
    fields = {k.value: v for k, v in node.value}
    unknown = set(fields) - {"path", "query", "hosts"}
    if unknown:
        raise _fail(node, f"unknown key(s) {sorted(unknown)} (path, query, hosts)", path)
    pattern = fields.get("path")
    if not isinstance(pattern, yaml.ScalarNode) or not pattern.value.startswith("/"):
        raise _fail(node, "path must be a regular expression starting with /", path)
    try:
        compiled = re.compile(pattern.value)
    except re.error as exc:
        raise _fail(pattern, f"path is not a regular expression: {exc}", path) from exc
    query = tuple(_strings(fields["query"], "query", path)) if "query" in fields else ()
    hosts = (
        frozenset(_strings(fields["hosts"], "hosts", path)) if "hosts" in fields else frozenset()
    )
    return PostShape(compiled, query, hosts)


def load_post_urls(path: Path = TABLE) -> dict[str, PlatformUrls]:
    root = yaml.compose(path.read_text(encoding="utf-8"))
    if not isinstance(root, yaml.MappingNode):
        raise PostUrlTableError(f"{path}:1: expected a mapping of platform → entry")
    table: dict[str, PlatformUrls] = {}
    for key, node in root.value:
        platform = key.value
        if platform not in _LABELS:
            raise _fail(key, f"unknown platform {platform!r}", path)
        if not isinstance(node, yaml.MappingNode):
            raise _fail(node, f"{platform}: expected hosts, posts and example", path)
        fields = {k.value: v for k, v in node.value}
        missing = {"hosts", "posts", "example"} - set(fields)
        if missing:
            raise _fail(node, f"{platform}: missing {sorted(missing)}", path)
        hosts = frozenset(h.lower() for h in _strings(fields["hosts"], "hosts", path))
        posts_node = fields["posts"]
        if not isinstance(posts_node, yaml.SequenceNode) or not posts_node.value:
            raise _fail(posts_node, f"{platform}: posts must be a non-empty list", path)
        posts = tuple(_shape(n, path) for n in posts_node.value)
        for shape, n in zip(posts, posts_node.value, strict=True):
            if shape.hosts - hosts and "*" not in hosts:
                raise _fail(n, f"{platform}: hosts {sorted(shape.hosts - hosts)} not listed", path)
        entry = PlatformUrls(platform, hosts, posts, str(fields["example"].value))
        if not entry.matches(entry.example):
            raise _fail(fields["example"], f"{platform}: the example does not match", path)
        table[platform] = entry
    missing_platforms = set(_LABELS) - set(table)
    if missing_platforms:
        raise PostUrlTableError(f"{path}:1: no entry for {sorted(missing_platforms)}")
    return table


@cache
def post_url_table() -> dict[str, PlatformUrls]:
    return load_post_urls()


def post_url_check(*, platform: str, url: str) -> str:
    """The URL, stripped, if it links to one post on ``platform``; else ValidationFailed with
    what such a link looks like."""
    url = url.strip()
    entry = post_url_table().get(platform)
    label = _LABELS.get(platform, platform)
    if entry is None or not entry.matches(url):
        hosts = sorted(h for h in (entry.hosts if entry else ()) if h.count(".") == 1)
        where = f" ({' or '.join(hosts[:3])})" if hosts and "*" not in hosts else ""
        example = entry.example if entry else "https://…"
        raise ValidationFailed(
            f"that is not the link of a post on {label}{where}: copy the post's own link, "
            f"for example {example}",
            field="url",
        )
    return url
