"""Checks of attached media metadata against a surface's media spec.

Works only from the metadata fields of ``MediaRef`` (kind, width, height, size_bytes,
duration_s, format, alt_text); reading the files themselves is the media family's job. A field
that is unknown (None) is not checked. Each problem says what the platform accepts, what this
file is, and what to do instead (another surface of the same network that takes it, or crop).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import gcd
from typing import Any

from ..model import MediaRef
from . import MediaKindSpec, PlatformSpec, _normal_format, known_platforms

__all__ = ["MediaProblem", "infer_kind", "media_problems", "ratio_label"]

_VIDEO_FORMATS = {"mp4", "mov", "webm", "m4v", "avi", "mkv"}
_DOCUMENT_FORMATS = {"pdf", "ppt", "pptx", "doc", "docx"}
_COMMON_RATIOS = {
    (9, 16): "9:16",
    (4, 5): "4:5",
    (1, 1): "1:1",
    (16, 9): "16:9",
    (4, 3): "4:3",
    (3, 4): "3:4",
    (2, 3): "2:3",
    (3, 2): "3:2",
    (1, 2): "1:2",
    (2, 1): "2:1",
}


@dataclass(frozen=True, slots=True)
class MediaProblem:
    """``kind``: format, aspect, size, duration, count, dimensions, alt-missing, alt-length."""

    kind: str
    message: str
    verified: bool
    source: str
    index: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


def infer_kind(media: MediaRef) -> str:
    if media.kind:
        return media.kind
    fmt = _normal_format(media.format or "")
    if fmt == "gif":
        return "gif"
    if fmt in _VIDEO_FORMATS or media.duration_s is not None:
        return "video"
    if fmt in _DOCUMENT_FORMATS:
        return "document"
    return "image"


def ratio_label(width: int, height: int) -> str:
    d = gcd(width, height) or 1
    w, h = width // d, height // d
    if (w, h) in _COMMON_RATIOS:
        return _COMMON_RATIOS[(w, h)]
    for (cw, ch), label in _COMMON_RATIOS.items():
        if abs(width / height - cw / ch) < 0.01:
            return f"about {label}"
    r = width / height
    return f"{r:.2f}:1" if r >= 1 else f"1:{1 / r:.2f}"


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.3g} GB"
    if n >= 1024**2:
        return f"{n / 1024**2:.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def _seconds(s: float) -> str:
    if s >= 60:
        minutes, rest = divmod(s, 60)
        return f"{int(minutes)} min" + (f" {rest:.0f} s" if rest >= 1 else "")
    return f"{s:g} s"


def _noun(kind: str) -> str:
    return {"image": "images", "video": "videos", "gif": "GIFs", "document": "documents"}[kind]


def _count_advice(spec: PlatformSpec, kinds: Sequence[str]) -> str:
    """Another surface of the same network that takes this many items, if any."""
    from . import get_spec

    for name in known_platforms():
        other = get_spec(name)
        om = other.media
        if other.network != spec.network or other.name == spec.name or om is None:
            continue
        if (om.max_items is None or om.max_items >= len(kinds)) and all(
            om.accepts(k) for k in kinds
        ):
            return f" — post it as a {_SURFACE_NOUNS.get(other.name, other.display)}, or split it"
    return " — split it into several posts"


def _one_or_many(kind: str, n: int) -> str:
    noun = _noun(kind)
    return noun if n != 1 else noun[:-1]


def _fits(ks: MediaKindSpec, ratio: float) -> bool:
    lo = ks.min_aspect if ks.min_aspect is not None else 0.0
    hi = ks.max_aspect if ks.max_aspect is not None else float("inf")
    return lo - 1e-3 <= ratio <= hi + 1e-3


def _alternatives(spec: PlatformSpec, kind: str, ratio: float) -> list[str]:
    """Other surfaces of the same network that take this kind at this ratio."""
    from . import get_spec

    names: list[str] = []
    for name in known_platforms():
        other = get_spec(name)
        if other.name == spec.name or other.network != spec.network or other.media is None:
            continue
        ks = other.media.by_kind.get(kind)
        if ks is not None and other.media.accepts(kind) and _fits(ks, ratio):
            names.append(_SURFACE_NOUNS.get(other.name, other.display))
    return names


_SURFACE_NOUNS = {
    "instagram": "feed post",
    "instagram_reels": "Reel",
    "instagram_stories": "Story",
    "instagram_carousel": "carousel",
    "facebook": "Page post",
    "facebook_reels": "Reel",
    "youtube": "regular video",
    "youtube_shorts": "Short",
}


def media_problems(spec: PlatformSpec, media: Sequence[MediaRef]) -> list[MediaProblem]:
    ms = spec.media
    if not media:
        return []
    problems: list[MediaProblem] = []
    if ms is None:
        problems.append(
            MediaProblem(
                "count",
                f"{spec.display} takes no media attachments; remove the {len(media)} attached",
                spec.verified,
                spec.source,
                data={"count": len(media), "max": 0},
            )
        )
        return problems
    kinds = [infer_kind(m) for m in media]
    # -- count ---------------------------------------------------------------------------
    if ms.max_items is not None and len(media) > ms.max_items:
        problems.append(
            MediaProblem(
                "count",
                f"{spec.display} takes at most {ms.max_items} attachment"
                f"{'s' if ms.max_items != 1 else ''}; this post has {len(media)}"
                + _count_advice(spec, kinds),
                ms.verified,
                ms.source,
                data={"count": len(media), "max": ms.max_items},
            )
        )
    if len(media) < ms.min_items:
        problems.append(
            MediaProblem(
                "count",
                f"{spec.display} needs at least {ms.min_items} attachments; this post has "
                f"{len(media)}",
                ms.verified,
                ms.source,
                data={"count": len(media), "min": ms.min_items},
            )
        )
    for kind in sorted(set(kinds)):
        ks = ms.by_kind.get(kind)
        n = kinds.count(kind)
        exclusive = ks is not None and ks.max_items == 1 and len(media) > n
        if ks is not None and ks.max_items is not None and (n > ks.max_items or exclusive):
            problems.append(
                MediaProblem(
                    "count",
                    f"{spec.display} takes at most {ks.max_items} {_one_or_many(kind, ks.max_items)} "
                    f"per post, not mixed with other media; this post has "
                    f"{n} {_one_or_many(kind, n)} and {len(media) - n} other attachment"
                    f"{'s' if len(media) - n != 1 else ''}",
                    ks.verified,
                    ks.source,
                    data={"kind": kind, "count": n, "max": ks.max_items},
                )
            )
    if ms.same_aspect:
        ratios = [
            (m.width / m.height)
            for m in media
            if m.width and m.height and m.width > 0 and m.height > 0
        ]
        if ratios and any(abs(r - ratios[0]) > 0.01 for r in ratios[1:]):
            problems.append(
                MediaProblem(
                    "aspect",
                    f"every {spec.display} item is cropped to the first item's aspect ratio; "
                    "these items differ, so some will be cut: crop them to one ratio",
                    ms.verified,
                    ms.source,
                    data={"ratios": [round(r, 3) for r in ratios]},
                )
            )
    # -- per item --------------------------------------------------------------------------
    for i, (m, kind) in enumerate(zip(media, kinds, strict=True)):
        # never the file name: a path can carry a patient's name
        label = f"attachment {i + 1}"
        if not ms.accepts(kind):
            allowed = ", ".join(_noun(k) for k in (ms.kinds or tuple(ms.by_kind))) or "no media"
            problems.append(
                MediaProblem(
                    "format",
                    f"{spec.display} takes {allowed}; {label} is a {kind}",
                    ms.verified,
                    ms.source,
                    index=i,
                    data={"kind": kind},
                )
            )
            continue
        ks = ms.by_kind.get(kind)
        if ks is None:
            continue
        problems.extend(_item_problems(spec, ks, m, kind, i, label))
        problems.extend(_alt_problems(spec, m, kind, i, label))
    return problems


def _item_problems(
    spec: PlatformSpec, ks: MediaKindSpec, m: MediaRef, kind: str, i: int, label: str
) -> list[MediaProblem]:
    out: list[MediaProblem] = []
    noun = _noun(kind)
    where = f"{spec.display} {noun}"

    def add(problem_kind: str, message: str, **data: Any) -> None:
        out.append(MediaProblem(problem_kind, message, ks.verified, ks.source, i, data))

    if m.format and ks.formats:
        fmt = _normal_format(m.format)
        if fmt not in ks.formats:
            add(
                "format",
                f"{where} must be {', '.join(f.upper() for f in ks.formats)}; {label} is "
                f"{fmt.upper()}: convert it",
                format=fmt,
                allowed=list(ks.formats),
            )
    if m.size_bytes is not None and ks.max_bytes is not None and m.size_bytes > ks.max_bytes:
        add(
            "size",
            f"{where} can be at most {_size(ks.max_bytes)}; {label} is {_size(m.size_bytes)}: "
            "compress or shorten it",
            size_bytes=m.size_bytes,
            max_bytes=ks.max_bytes,
        )
    if m.duration_s is not None:
        if ks.max_duration_s is not None and m.duration_s > ks.max_duration_s:
            add(
                "duration",
                f"{where} can be at most {_seconds(ks.max_duration_s)} long; {label} runs "
                f"{_seconds(m.duration_s)}: trim it",
                duration_s=m.duration_s,
                max_duration_s=ks.max_duration_s,
            )
        if ks.min_duration_s is not None and m.duration_s < ks.min_duration_s:
            add(
                "duration",
                f"{where} must be at least {_seconds(ks.min_duration_s)} long; {label} runs "
                f"{_seconds(m.duration_s)}",
                duration_s=m.duration_s,
                min_duration_s=ks.min_duration_s,
            )
    if m.width and m.height and m.width > 0 and m.height > 0:
        ratio = m.width / m.height
        if not _fits(ks, ratio):
            lo = ks.min_aspect_label or "any"
            hi = ks.max_aspect_label or "any"
            bounds = (
                f"between {lo} and {hi}"
                if ks.min_aspect is not None and ks.max_aspect is not None
                else (f"at least {lo}" if ks.min_aspect is not None else f"at most {hi}")
            )
            if lo == hi:
                bounds = lo
            others = _alternatives(spec, kind, ratio)
            advice = (
                f"post it as a {' or '.join(others)}, or crop" if others else f"crop it to {bounds}"
            )
            add(
                "aspect",
                f"{where} must be {bounds}; {label} is {ratio_label(m.width, m.height)} — {advice}",
                width=m.width,
                height=m.height,
                ratio=round(ratio, 4),
                min_aspect=ks.min_aspect,
                max_aspect=ks.max_aspect,
            )
        dims = (
            ("min_width", m.width, ks.min_width, "wide", "at least"),
            ("max_width", m.width, ks.max_width, "wide", "at most"),
            ("min_height", m.height, ks.min_height, "tall", "at least"),
            ("max_height", m.height, ks.max_height, "tall", "at most"),
        )
        for key, value, bound, adjective, relation in dims:
            if bound is None:
                continue
            if (relation == "at least" and value < bound) or (
                relation == "at most" and value > bound
            ):
                add(
                    "dimensions",
                    f"{where} must be {relation} {bound:,} px {adjective}; {label} is "
                    f"{m.width}×{m.height}",
                    **{key: bound, "width": m.width, "height": m.height},
                )
        if ks.max_pixels is not None and m.width * m.height > ks.max_pixels:
            add(
                "dimensions",
                f"{where} can have at most {ks.max_pixels:,} pixels; {label} has "
                f"{m.width * m.height:,} ({m.width}×{m.height}): scale it down",
                max_pixels=ks.max_pixels,
                width=m.width,
                height=m.height,
            )
    return out


def _alt_problems(
    spec: PlatformSpec, m: MediaRef, kind: str, i: int, label: str
) -> list[MediaProblem]:
    ms = spec.media
    if ms is None or kind not in ("image", "gif"):
        return []
    alt = ms.alt_text
    if alt is not None and not alt.supported:
        return []
    text = (m.alt_text or "").strip()
    if not text:
        required = alt is not None and alt.required
        source = alt.source if alt and required else "WCAG 2.2 success criterion 1.1.1"
        verified = alt.verified if alt and required else True
        reason = (
            f"{spec.display} requires alt text on every image"
            if required
            else "people who use screen readers cannot see it"
        )
        return [
            MediaProblem(
                "alt-missing",
                f"{label} has no alt text: {reason}; describe what it shows (no patient details)",
                verified,
                source,
                i,
                {"required": required},
            )
        ]
    if alt is not None and alt.max_length is not None and len(text) > alt.max_length:
        return [
            MediaProblem(
                "alt-length",
                f"{spec.display} alt text can be at most {alt.max_length:,} characters; "
                f"{label} has {len(text):,}",
                alt.verified,
                alt.source,
                i,
                {"length": len(text), "max_length": alt.max_length},
            )
        ]
    return []
