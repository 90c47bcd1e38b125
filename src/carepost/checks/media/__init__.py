"""Media checks: photo/video metadata, faces, text inside images, and video frames.

Heavy models (face detector, OCR) load lazily, once per process; importing this package
loads neither. Public API::

    probe(path) -> MediaInfo             what the file is, its metadata, or why it is unreadable
    describe(ref_or_path) -> MediaRef    a MediaRef with kind/size/duration/format filled in
    strip_metadata(src, dst)             lossless metadata removal (JPEG, PNG, WebP, videos)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..model import MediaRef
from .metadata import MediaError, MetadataItem, StripResult
from .probe import MediaInfo, probe
from .strip import strip_metadata

__all__ = [
    "MediaError",
    "MediaInfo",
    "MetadataItem",
    "StripResult",
    "describe",
    "probe",
    "sample_path",
    "strip_metadata",
]

_SAMPLES = Path(__file__).resolve().parent / "samples"


class SamplePath(str):
    """An absolute path to a shipped sample file whose ``repr`` does not depend on where
    carepost is installed (the rule docs print example fields with ``repr``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(f"<samples>/{Path(self).name}")


def sample_path(name: str) -> str:
    """A sample media file shipped with carepost (used by the rules' examples)."""
    return SamplePath(_SAMPLES / name)


def describe(ref: MediaRef | str) -> MediaRef:
    """``ref`` with the fields the platform rules need filled in from the file itself
    (values the caller already gave win). Unreadable files come back unchanged."""
    if isinstance(ref, str):
        ref = MediaRef(path=ref)
    if not ref.path:
        return ref
    info = probe(str(ref.path))
    if info.problem is not None and info.width is None:
        return ref
    kind = ref.kind or (info.kind if info.kind in ("image", "video", "gif", "document") else None)
    return dataclasses.replace(
        ref,
        kind=kind,  # type: ignore[arg-type]
        width=ref.width if ref.width is not None else info.width,
        height=ref.height if ref.height is not None else info.height,
        size_bytes=ref.size_bytes if ref.size_bytes is not None else info.size_bytes,
        duration_s=ref.duration_s if ref.duration_s is not None else info.duration_s,
        format=ref.format or (info.format.lower() if info.format else None),
    )
