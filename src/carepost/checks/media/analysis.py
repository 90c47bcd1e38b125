"""The per-input media analysis that the MED rules share.

Each stage is computed at most once per check (``ctx.memo``) and, for unchanged files,
once per process (a small cache keyed by path, size and modification time), so the
metadata rules never pay for face detection or OCR, and checking the same photo against
several texts decodes it once.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import MediaRef
from .metadata import MediaError
from .probe import MediaInfo, probe
from .vision import Frame

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["Scan", "cached", "media_data", "media_faces", "media_infos", "media_texts"]

T = TypeVar("T")

_CACHE: OrderedDict[tuple[str, str, int, int], Any] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def _file_key(path: str) -> tuple[str, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (os.path.realpath(path), st.st_size, st.st_mtime_ns)


def cached(stage: str, path: str, compute: Callable[[], T]) -> T:
    """``compute()`` for this file, reused while the file is unchanged."""
    key = _file_key(path)
    if key is None:
        return compute()
    full = (stage, *key)
    with _LOCK:
        if full in _CACHE:
            _CACHE.move_to_end(full)
            hit: T = _CACHE[full]
            return hit
    value = compute()
    with _LOCK:
        _CACHE[full] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def media_infos(ctx: Context) -> list[tuple[MediaRef, MediaInfo]]:
    """Every attached media file with a path, probed."""

    def compute() -> list[tuple[MediaRef, MediaInfo]]:
        out = []
        for ref in ctx.input.media:
            if ref.path:
                path = str(ref.path)
                out.append((ref, cached("probe", path, functools.partial(probe, path))))
        return out

    return ctx.memo("media.infos", compute)


def media_data(
    ref: MediaRef,
    *,
    time_s: float | None = None,
    box: tuple[int, int, int, int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The ``data["media"]`` block of a finding: which file, when (video) and where."""
    block: dict[str, Any] = {"file": str(ref.path) if ref.path else None}
    if ref.id:
        block["id"] = ref.id
    if time_s is not None:
        block["time_s"] = round(time_s, 2)
    if box is not None:
        x, y, w, h = box
        block["box"] = {"x": x, "y": y, "width": w, "height": h}
    block.update(extra)
    return block


def display_name(ref: MediaRef) -> str:
    """The file's base name (for matching consent records, never for messages)."""
    return os.path.basename(str(ref.path)) if ref.path else (ref.id or "media")


def attachment_label(ctx: Context, ref: MediaRef) -> str:
    """How messages name a file: by position, never by name (a file name can carry a
    patient's name); the path is in the finding's ``data.media.file``."""
    for index, other in enumerate(ctx.input.media):
        if other is ref:
            return f"Attachment {index + 1}"
    return "An attachment"


def merge(base: Mapping[str, Any], **more: Any) -> dict[str, Any]:
    out = dict(base)
    out.update(more)
    return out


# --------------------------------------------------------------------------- pixels
@dataclass(frozen=True, slots=True)
class Scan:
    """What one detector found in one file (deduplicated across video frames)."""

    items: tuple[Any, ...] = ()
    frames: int = 0
    error: str | None = None


def _options(ctx: Context) -> Mapping[str, Any]:
    raw = ctx.policy.options.get("media", {})
    return raw if isinstance(raw, Mapping) else {}


def _frames(ref: MediaRef, info: MediaInfo, sampling: Any) -> Iterator[Frame]:
    from .video import sample_frames
    from .vision import gif_frames, load_image

    path = str(ref.path)
    if info.kind == "gif":
        yield from gif_frames(path, max_frames=sampling.max_frames)
    elif info.kind == "video":
        yield from sample_frames(
            path,
            duration_s=info.duration_s,
            width=info.width or 0,
            height=info.height or 0,
            sampling=sampling,
        )
    else:
        yield load_image(path)


def int_option(ctx: Context, key: str, default: int, lo: int, hi: int) -> int:
    """An integer from ``[options.media]``; a bad value is a ``PolicyError``."""
    from ..errors import PolicyError

    value = _options(ctx).get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise PolicyError(f"must be a whole number from {lo} to {hi}", key=f"options.media.{key}")
    return value


def _scan(
    ctx: Context,
    stage: str,
    detect: Callable[[Frame], list[Any]],
    dedupe: Callable[[list[Any]], list[Any]],
) -> list[tuple[MediaRef, MediaInfo, Scan]]:
    from .video import Sampling

    options = _options(ctx)
    sampling = Sampling.from_options(options)

    def one(ref: MediaRef, info: MediaInfo) -> Scan:
        found: list[Any] = []
        frames = 0
        try:
            for frame in _frames(ref, info, sampling):
                frames += 1
                found.extend(detect(frame))
        except MediaError as exc:
            return Scan(tuple(dedupe(found)), frames, str(exc))
        except Exception as exc:  # a decoder or model failure on one file must not stop the check
            return Scan(tuple(dedupe(found)), frames, f"{type(exc).__name__} while analysing")
        return Scan(tuple(dedupe(found)), frames)

    def compute() -> list[tuple[MediaRef, MediaInfo, Scan]]:
        out = []
        key = f"{stage}:{sorted(options.items())!r}"
        for ref, info in media_infos(ctx):
            if info.problem is not None or info.kind not in ("image", "gif", "video"):
                continue
            scan = cached(key, str(ref.path), functools.partial(one, ref, info))
            out.append((ref, info, scan))
        return out

    return ctx.memo(f"media.{stage}", compute)


def media_faces(ctx: Context) -> list[tuple[MediaRef, MediaInfo, Scan]]:
    """Faces in every readable attached image and video (``Scan.items``: ``Face``)."""
    from .faces import FACE_SIDE, detect_faces

    side = int_option(ctx, "face_side", FACE_SIDE, 64, 4096)
    return _scan(ctx, "faces", functools.partial(detect_faces, side=side), dedupe_faces)


def media_texts(ctx: Context) -> list[tuple[MediaRef, MediaInfo, Scan]]:
    """Text lines in every readable attached image and video (``Scan.items``: ``TextLine``)."""
    from .ocr import DET_SIDE, PRESENCE_SIDE, read_text

    side = int_option(ctx, "ocr_det_side", DET_SIDE, 64, 4096)
    presence = int_option(ctx, "ocr_presence_side", PRESENCE_SIDE, 0, 4096)
    detect = functools.partial(read_text, det_side=side, presence_side=presence)
    return _scan(ctx, "texts", detect, dedupe_texts)


def _iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ax1, ay1, bx1, by1 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    iw = max(0, min(ax1, bx1) - max(a[0], b[0]))
    ih = max(0, min(ay1, by1) - max(a[1], b[1]))
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0


def dedupe_faces(faces: list[Any]) -> list[Any]:
    """One entry per face: a face seen in several video frames at about the same place
    is the same face (first appearance kept, highest confidence)."""
    kept: list[Any] = []
    for face in faces:
        if any(k.time_s != face.time_s and _iou(face.box, k.box) > 0.3 for k in kept):
            continue
        kept.append(face)
    return kept


def dedupe_texts(lines: list[Any]) -> list[Any]:
    """One entry per distinct text (case and spacing ignored, near-identical OCR merged)."""
    import difflib

    kept: list[Any] = []
    keys: list[str] = []
    for line in lines:
        key = "".join(line.text.lower().split())
        if any(
            other.time_s != line.time_s
            and (key == k or difflib.SequenceMatcher(None, key, k).ratio() > 0.9)
            for k, other in zip(keys, kept, strict=True)
        ):
            continue
        keys.append(key)
        kept.append(line)
    return kept


# --------------------------------------------------------------------------- consent
def linked_consents(ctx: Context, ref: MediaRef) -> list[Any]:
    """Consent records linked to this media file, by the file's ``consent_ids`` or by the
    consent's ``media`` list (which may name the media id, its path or its file name)."""
    names = {n for n in (ref.id, str(ref.path) if ref.path else None, display_name(ref)) if n}
    return [
        c for c in ctx.input.consents if c.id in ref.consent_ids or any(m in names for m in c.media)
    ]


def covering_consent(ctx: Context, ref: MediaRef) -> tuple[Any | None, list[str]]:
    """The first linked consent that is valid today for this platform, and why the other
    linked consents (or consent ids with no record) do not cover the file."""
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date()
    problems: list[str] = []
    known = {c.id for c in ctx.input.consents}
    for cid in ref.consent_ids:
        if cid not in known:
            problems.append(f"consent {cid} is referenced but its record was not provided")
    for consent in linked_consents(ctx, ref):
        if consent.revoked:
            problems.append(f"consent {consent.id} was revoked")
            continue
        if consent.expires:
            try:
                expires = dt.date.fromisoformat(consent.expires[:10])
            except ValueError:
                problems.append(f"consent {consent.id} has an unreadable expiry date")
                continue
            if expires < today:
                problems.append(f"consent {consent.id} expired on {expires.isoformat()}")
                continue
        if consent.platforms and ctx.platform and ctx.platform not in consent.platforms:
            problems.append(
                f"consent {consent.id} covers {', '.join(consent.platforms)}, not {ctx.platform}"
            )
            continue
        return consent, problems
    return None, problems
