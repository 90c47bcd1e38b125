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
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import MediaRef
from .probe import MediaInfo, probe

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["cached", "media_data", "media_infos"]

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
    """The file's base name, for messages (never the directory, which may hold a name)."""
    return os.path.basename(str(ref.path)) if ref.path else (ref.id or "media")


def merge(base: Mapping[str, Any], **more: Any) -> dict[str, Any]:
    out = dict(base)
    out.update(more)
    return out
