"""Platform specs (data in ``specs.yaml``) and exact counting per platform.

``get_spec(name)`` returns a ``PlatformSpec`` for a surface (``x``, ``instagram``,
``instagram_reels``, ``linkedin_org``, ``youtube_title``, ``bluesky``, ...; aliases accepted).
Every value carries its source and whether the shared reference verified it; rules built on an
unverified value report warnings. ``specs.yaml`` is validated on load and errors name the file,
line and key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import DataFileError, UnknownPlatformError
from ..model import PlatformCount
from .counting import UNITS, count_text

if TYPE_CHECKING:
    from ..policy import Policy

__all__ = [
    "AltTextSpec",
    "EntityLimit",
    "Habits",
    "LinkRule",
    "MediaKindSpec",
    "MediaSpec",
    "PlatformSpec",
    "ReservedChars",
    "TextLimit",
    "count",
    "effective_limit",
    "get_spec",
    "known_platforms",
    "load_specs",
    "parse_ratio",
]

MEDIA_KINDS = ("image", "video", "gif", "document")


@dataclass(frozen=True, slots=True)
class TextLimit:
    limit: int
    unit: str
    source: str
    verified: bool = True
    configurable: bool = False


@dataclass(frozen=True, slots=True)
class EntityLimit:
    """A cap on hashtags or mentions (``max`` None: no documented cap)."""

    max: int | None
    source: str
    verified: bool = True


@dataclass(frozen=True, slots=True)
class LinkRule:
    clickable: bool
    source: str
    verified: bool = True
    max: int | None = None


@dataclass(frozen=True, slots=True)
class ReservedChars:
    chars: str
    action: str  # escape | forbid
    source: str
    verified: bool = True


@dataclass(frozen=True, slots=True)
class MediaKindSpec:
    kind: str
    source: str
    verified: bool = True
    formats: tuple[str, ...] = ()
    max_bytes: int | None = None
    min_duration_s: float | None = None
    max_duration_s: float | None = None
    min_aspect: float | None = None
    max_aspect: float | None = None
    min_aspect_label: str | None = None
    max_aspect_label: str | None = None
    min_width: int | None = None
    max_width: int | None = None
    min_height: int | None = None
    max_height: int | None = None
    max_pixels: int | None = None
    max_items: int | None = None


@dataclass(frozen=True, slots=True)
class AltTextSpec:
    required: bool
    source: str
    verified: bool = True
    max_length: int | None = None
    supported: bool = True


@dataclass(frozen=True, slots=True)
class MediaSpec:
    source: str
    verified: bool = True
    min_items: int = 0
    max_items: int | None = None
    kinds: tuple[str, ...] = ()
    same_aspect: bool = False
    alt_text: AltTextSpec | None = None
    by_kind: Mapping[str, MediaKindSpec] = field(default_factory=dict)

    def accepts(self, kind: str) -> bool:
        allowed = self.kinds or tuple(self.by_kind)
        return kind in allowed


@dataclass(frozen=True, slots=True)
class Habits:
    """How posts usually look on the platform (steers the variant adapter)."""

    hashtags: str = "end"  # inline | end | none
    hashtag_count: int = 3
    links: str = "inline"  # inline | bio | drop | button
    thread: bool = False
    disclaimer: str = "long"  # long | short | none


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    name: str
    display: str
    limit: int
    unit: str
    source: str
    verified: bool = True
    aliases: tuple[str, ...] = ()
    network: str = ""
    configurable: bool = False
    extra_limits: tuple[TextLimit, ...] = ()
    hashtags: EntityLimit | None = None
    mentions: EntityLimit | None = None
    links: LinkRule | None = None
    reserved: ReservedChars | None = None
    media: MediaSpec | None = None
    habits: Habits = field(default_factory=Habits)
    line: int | None = None

    @property
    def text_limit(self) -> TextLimit:
        return TextLimit(self.limit, self.unit, self.source, self.verified, self.configurable)


# --------------------------------------------------------------------------- loading
_SPEC_FILE = "specs.yaml"
_TOP_KEYS = {
    "display",
    "network",
    "aliases",
    "text",
    "extra_limits",
    "hashtags",
    "mentions",
    "links",
    "reserved",
    "media",
    "habits",
}
_KIND_KEYS = {
    "formats",
    "max_bytes",
    "min_duration_s",
    "max_duration_s",
    "min_aspect",
    "max_aspect",
    "min_width",
    "max_width",
    "min_height",
    "max_height",
    "max_pixels",
    "max_items",
    "source",
    "verified",
}


def parse_ratio(value: Any) -> float:
    """``"4:5"`` → 0.8, ``"1.91:1"`` → 1.91; a bare number is taken as width/height."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError(f"aspect ratio must be positive, got {value}")
        return float(value)
    if not isinstance(value, str) or value.count(":") != 1:
        raise ValueError(f"aspect ratio must look like '4:5', got {value!r}")
    w, h = (float(p) for p in value.split(":"))
    if w <= 0 or h <= 0:
        raise ValueError(f"aspect ratio must be positive, got {value!r}")
    return w / h


def _line_index(text: str) -> dict[tuple[str, ...], int]:
    """1-based line of every mapping key path in the YAML document."""
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = (*path, str(i))
                lines[sub] = item.start_mark.line + 1
                walk(item, sub)

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return lines


class _Loader:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        try:
            self.raw: Any = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DataFileError(
                f"invalid YAML: {getattr(exc, 'problem', exc)}",
                path=path,
                line=mark.line + 1 if mark is not None else None,
            ) from exc
        self.lines = _line_index(text)

    def fail(self, message: str, *path: str) -> DataFileError:
        line = None
        for cut in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                break
        return DataFileError(message, path=self.path, line=line, key=".".join(path))

    def table(self, value: Any, *path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail("expected a mapping", *path)
        return value

    def integer(self, value: Any, *path: str, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(f"expected a non-negative integer, got {value!r}", *path)
        return value

    def number(self, value: Any, *path: str) -> float | None:
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise self.fail(f"expected a non-negative number, got {value!r}", *path)
        return float(value)

    def sourced(self, body: Mapping[str, Any], *path: str) -> tuple[str, bool]:
        source = body.get("source")
        if not isinstance(source, str) or not source.strip():
            raise self.fail("every value needs a 'source' (where the figure comes from)", *path)
        verified = body.get("verified", True)
        if not isinstance(verified, bool):
            raise self.fail("'verified' must be true or false", *path, "verified")
        return source, verified

    def text_limit(self, raw: Any, *path: str) -> TextLimit:
        body = self.table(raw, *path)
        unit = body.get("unit")
        if unit not in UNITS:
            raise self.fail(f"unknown unit {unit!r} (known: {', '.join(UNITS)})", *path, "unit")
        limit = self.integer(body.get("limit"), *path, "limit")
        source, verified = self.sourced(body, *path)
        assert limit is not None
        return TextLimit(limit, unit, source, verified, bool(body.get("configurable", False)))

    def entity_limit(self, raw: Any, *path: str) -> EntityLimit | None:
        if raw is None:
            return None
        body = self.table(raw, *path)
        source, verified = self.sourced(body, *path)
        return EntityLimit(
            self.integer(body.get("max"), *path, "max", optional=True), source, verified
        )

    def links(self, raw: Any, *path: str) -> LinkRule | None:
        if raw is None:
            return None
        body = self.table(raw, *path)
        source, verified = self.sourced(body, *path)
        clickable = body.get("clickable", True)
        if not isinstance(clickable, bool):
            raise self.fail("'clickable' must be true or false", *path, "clickable")
        return LinkRule(
            clickable, source, verified, self.integer(body.get("max"), *path, "max", optional=True)
        )

    def reserved(self, raw: Any, *path: str) -> ReservedChars | None:
        if raw is None:
            return None
        body = self.table(raw, *path)
        source, verified = self.sourced(body, *path)
        chars, action = body.get("chars"), body.get("action")
        if not isinstance(chars, str) or not chars:
            raise self.fail("'chars' must be a non-empty string", *path, "chars")
        if action not in ("escape", "forbid"):
            raise self.fail("'action' must be 'escape' or 'forbid'", *path, "action")
        return ReservedChars(chars, action, source, verified)

    def kind_spec(self, kind: str, raw: Any, *path: str) -> MediaKindSpec:
        body = self.table(raw, *path)
        unknown = set(body) - _KIND_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise self.fail(f"unknown key (allowed: {', '.join(sorted(_KIND_KEYS))})", *path, key)
        source, verified = self.sourced(body, *path)
        formats = body.get("formats", [])
        if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
            raise self.fail("'formats' must be a list of names", *path, "formats")
        aspects: dict[str, float | None] = {}
        for key in ("min_aspect", "max_aspect"):
            try:
                aspects[key] = None if body.get(key) is None else parse_ratio(body[key])
            except ValueError as exc:
                raise self.fail(str(exc), *path, key) from None
        ints = {
            key: self.integer(body.get(key), *path, key, optional=True)
            for key in (
                "max_bytes",
                "min_width",
                "max_width",
                "min_height",
                "max_height",
                "max_pixels",
                "max_items",
            )
        }
        return MediaKindSpec(
            kind=kind,
            source=source,
            verified=verified,
            formats=tuple(_normal_format(f) for f in formats),
            min_duration_s=self.number(body.get("min_duration_s"), *path, "min_duration_s"),
            max_duration_s=self.number(body.get("max_duration_s"), *path, "max_duration_s"),
            min_aspect=aspects["min_aspect"],
            max_aspect=aspects["max_aspect"],
            min_aspect_label=None if body.get("min_aspect") is None else str(body["min_aspect"]),
            max_aspect_label=None if body.get("max_aspect") is None else str(body["max_aspect"]),
            **ints,
        )

    def media(self, raw: Any, *path: str) -> MediaSpec | None:
        if raw is None:
            return None
        body = self.table(raw, *path)
        source, verified = self.sourced(body, *path)
        by_kind = {
            kind: self.kind_spec(kind, body[kind], *path, kind)
            for kind in MEDIA_KINDS
            if kind in body
        }
        kinds = body.get("kinds", [])
        if not isinstance(kinds, list) or any(k not in MEDIA_KINDS for k in kinds):
            raise self.fail(f"'kinds' must list some of {', '.join(MEDIA_KINDS)}", *path, "kinds")
        alt = None
        if body.get("alt_text") is not None:
            alt_body = self.table(body["alt_text"], *path, "alt_text")
            alt_source, alt_verified = self.sourced(alt_body, *path, "alt_text")
            alt = AltTextSpec(
                required=bool(alt_body.get("required", False)),
                source=alt_source,
                verified=alt_verified,
                max_length=self.integer(
                    alt_body.get("max_length"), *path, "alt_text", "max_length", optional=True
                ),
                supported=bool(alt_body.get("supported", True)),
            )
        min_items = self.integer(body.get("min_items", 0), *path, "min_items")
        return MediaSpec(
            source=source,
            verified=verified,
            min_items=min_items or 0,
            max_items=self.integer(body.get("max_items"), *path, "max_items", optional=True),
            kinds=tuple(kinds),
            same_aspect=bool(body.get("same_aspect", False)),
            alt_text=alt,
            by_kind=by_kind,
        )

    def habits(self, raw: Any, *path: str) -> Habits:
        if raw is None:
            return Habits()
        body = self.table(raw, *path)
        choices = {
            "hashtags": ("inline", "end", "none"),
            "links": ("inline", "bio", "drop", "button"),
            "disclaimer": ("long", "short", "none"),
        }
        for key, allowed in choices.items():
            if key in body and body[key] not in allowed:
                raise self.fail(f"must be one of {', '.join(allowed)}", *path, key)
        count = self.integer(body.get("hashtag_count", 3), *path, "hashtag_count")
        return Habits(
            hashtags=body.get("hashtags", "end"),
            hashtag_count=count or 0,
            links=body.get("links", "inline"),
            thread=bool(body.get("thread", False)),
            disclaimer=body.get("disclaimer", "long"),
        )

    def specs(self) -> dict[str, PlatformSpec]:
        raw = self.table(self.raw, "") if self.raw is not None else {}
        specs: dict[str, PlatformSpec] = {}
        for name, body_raw in raw.items():
            body = self.table(body_raw, name)
            unknown = set(body) - _TOP_KEYS
            if unknown:
                key = sorted(unknown)[0]
                raise self.fail(f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})", name, key)
            if "text" not in body:
                raise self.fail("missing 'text' (limit, unit, source)", name)
            text = self.text_limit(body["text"], name, "text")
            extra_raw = body.get("extra_limits") or []
            if not isinstance(extra_raw, list):
                raise self.fail("expected a list", name, "extra_limits")
            aliases = body.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise self.fail("expected a list of names", name, "aliases")
            spec = PlatformSpec(
                name=name,
                display=str(body.get("display", name)),
                limit=text.limit,
                unit=text.unit,
                source=text.source,
                verified=text.verified,
                configurable=text.configurable,
                aliases=tuple(aliases),
                network=str(body.get("network", name)),
                extra_limits=tuple(
                    self.text_limit(e, name, "extra_limits", str(i))
                    for i, e in enumerate(extra_raw)
                ),
                hashtags=self.entity_limit(body.get("hashtags"), name, "hashtags"),
                mentions=self.entity_limit(body.get("mentions"), name, "mentions"),
                links=self.links(body.get("links"), name, "links"),
                reserved=self.reserved(body.get("reserved"), name, "reserved"),
                media=self.media(body.get("media"), name, "media"),
                habits=self.habits(body.get("habits"), name, "habits"),
                line=self.lines.get((name,)),
            )
            for key in (name, *spec.aliases):
                if key in specs:
                    raise self.fail(f"platform name or alias {key!r} is defined twice", name)
                specs[key] = spec
        return specs


def _normal_format(name: str) -> str:
    name = name.strip().lower().lstrip(".")
    return {"jpg": "jpeg", "tif": "tiff", "mpeg4": "mp4", "quicktime": "mov"}.get(name, name)


def load_specs(text: str, *, path: str = _SPEC_FILE) -> dict[str, PlatformSpec]:
    """Parse and validate a platform spec document (name and aliases → spec)."""
    return _Loader(text, path).specs()


@cache
def _specs() -> dict[str, PlatformSpec]:
    resource = resources.files(__package__).joinpath(_SPEC_FILE)
    return load_specs(resource.read_text("utf-8"), path=f"carepost/checks/platforms/{_SPEC_FILE}")


def known_platforms() -> list[str]:
    return sorted({s.name for s in _specs().values()})


def get_spec(platform: str) -> PlatformSpec:
    spec = _specs().get(platform.strip().lower())
    if spec is None:
        raise UnknownPlatformError(platform, known_platforms())
    return spec


def effective_limit(spec: PlatformSpec, policy: Policy | None = None) -> int:
    """The text limit, with the organization's override (``[options.platform] limits``)."""
    if policy is None:
        return spec.limit
    limits = policy.option("platform", "limits", {}) or {}
    value = limits.get(spec.name) if isinstance(limits, Mapping) else None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return spec.limit


def count(text: str, platform: str, policy: Policy | None = None) -> PlatformCount:
    """What the platform's character counter shows for ``text``."""
    spec = get_spec(platform)
    return PlatformCount(
        name=spec.name,
        length=count_text(text, spec.unit),
        limit=effective_limit(spec, policy),
        unit=spec.unit,
    )
