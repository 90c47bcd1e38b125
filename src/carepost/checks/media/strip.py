"""``strip_metadata(src, dst)``: write a copy of a photo or video without its metadata.

Only ``dst`` is written (through a temporary sibling that is renamed over it, so a failure
leaves nothing half-written); ``src`` is never modified unless it *is* ``dst`` and the
caller passed ``overwrite=True``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from .metadata import MediaError, StripResult, strip_image_bytes
from .probe import VIDEO_FORMATS, ffmpeg_exe, probe

__all__ = ["strip_metadata"]

_FFMPEG_FORMAT = {"MP4": "mp4", "M4V": "mp4", "MOV": "mov", "WEBM": "webm", "MKV": "matroska"}


def strip_metadata(src: str | Path, dst: str | Path, *, overwrite: bool = False) -> StripResult:
    """Copy ``src`` to ``dst`` without metadata; pixels and streams are copied unchanged.

    Raises ``MediaError`` (an ``InputError``) naming the problem: unreadable input, a
    format that cannot be stripped losslessly, or a ``dst`` that exists (or is ``src``)
    without ``overwrite``.
    """
    src_p, dst_p = Path(src), Path(dst)
    info = probe(str(src_p))
    if info.problem is not None:
        raise MediaError(f"{src_p}: {info.problem}")
    same = dst_p.exists() and _same_file(src_p, dst_p)
    if same and not overwrite:
        raise MediaError(f"{dst_p}: is the input file; pass overwrite to replace it in place")
    if dst_p.exists() and not overwrite:
        raise MediaError(f"{dst_p}: already exists; pass overwrite to replace it")
    if dst_p.is_dir():
        raise MediaError(f"{dst_p}: is a directory; give the output file name")
    if not dst_p.parent.is_dir():
        raise MediaError(f"{dst_p.parent}: no such directory")
    if info.format in VIDEO_FORMATS:
        return _strip_video(src_p, dst_p, info.format or "MP4")
    try:
        data = src_p.read_bytes()
    except OSError as exc:
        raise MediaError(f"{src_p}: cannot read: {exc.strerror or exc}") from None
    try:
        result = strip_image_bytes(data)
    except MediaError as exc:
        raise MediaError(f"{src_p}: {exc}") from None
    _verify_image(result.data, src_p)
    _atomic_write(dst_p, result.data)
    return result


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _verify_image(data: bytes, src: Path) -> None:
    """Decode the stripped copy once: never hand back a file that no longer opens."""
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))
                img.load()
    except Exception as exc:
        raise MediaError(
            f"{src}: the stripped copy does not decode ({type(exc).__name__}); nothing written"
        ) from None


def _temp_for(dst: Path) -> Path:
    return dst.with_name(f".{dst.name}.carepost-{os.getpid()}.tmp")


def _atomic_write(dst: Path, data: bytes) -> None:
    tmp = _temp_for(dst)
    try:
        with tmp.open("xb") as fh:
            fh.write(data)
        os.replace(tmp, dst)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise MediaError(f"{dst}: cannot write: {exc.strerror or exc}") from None


def _strip_video(src: Path, dst: Path, fmt: str) -> StripResult:
    muxer = _FFMPEG_FORMAT.get(fmt)
    if muxer is None:
        raise MediaError(f"{src}: metadata cannot be stripped from {fmt} without re-encoding")
    tmp = _temp_for(dst)
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-i",
        str(src),
        "-map",
        "0:v?",
        "-map",
        "0:a?",
        "-map_metadata",
        "-1",
        "-map_metadata:s:v",
        "-1",
        "-map_metadata:s:a",
        "-1",
        "-map_chapters",
        "-1",
        "-c",
        "copy",
        "-fflags",
        "+bitexact",
        "-f",
        muxer,
        str(tmp),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise MediaError(f"{src}: ffmpeg failed ({type(exc).__name__})") from None
    if proc.returncode != 0 or not tmp.is_file():
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise MediaError(f"{src}: ffmpeg could not remux the video; nothing written")
    os.replace(tmp, dst)
    return StripResult(
        b"",
        ("container metadata (location, dates, device, titles)",),
        ("video and audio streams (copied, not re-encoded)",),
        ("subtitle and data tracks were dropped",),
    )
