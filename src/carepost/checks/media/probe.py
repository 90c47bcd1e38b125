"""Find out what a media file is (from its bytes, not its name) and whether it can be read.

``probe(path)`` never raises for a bad file: it returns a ``MediaInfo`` whose ``problem``
says what is wrong (empty, truncated, corrupt, unsupported, a decompression bomb...).
Pixels are not decoded here except to prove that an image is readable.
"""

from __future__ import annotations

import os
import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .metadata import MetadataItem, read_image_metadata

__all__ = [
    "IMAGE_FORMATS",
    "MAX_PIXELS",
    "VIDEO_FORMATS",
    "MediaInfo",
    "ffmpeg_exe",
    "probe",
    "sniff",
]

#: Pillow's own decompression-bomb threshold (about 89.5 megapixels; an 8K frame is 33).
MAX_PIXELS = 89_478_485
#: Larger files are not opened at all (no platform accepts more than a few GB of video).
MAX_FILE_BYTES = 4 * 1024**3

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO"}
VIDEO_FORMATS = {"MP4", "MOV", "WEBM", "MKV", "AVI", "M4V"}

_EXTENSIONS: dict[str, set[str]] = {
    "JPEG": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "MPO": {".jpg", ".jpeg", ".mpo"},
    "PNG": {".png", ".apng"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
    "BMP": {".bmp"},
    "TIFF": {".tif", ".tiff"},
    "HEIF": {".heic", ".heif", ".avif"},
    "MP4": {".mp4", ".m4v", ".mov"},
    "MOV": {".mov", ".mp4", ".qt"},
    "M4V": {".m4v", ".mp4"},
    "WEBM": {".webm", ".mkv"},
    "MKV": {".mkv", ".webm"},
    "AVI": {".avi"},
    "PDF": {".pdf"},
}


@dataclass(frozen=True, slots=True)
class MediaInfo:
    path: str
    size_bytes: int = 0
    format: str | None = None  # detected from the content
    kind: str | None = None  # image, gif, video, document
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    fps: float | None = None
    frames: int | None = None
    has_audio: bool = False
    metadata: tuple[MetadataItem, ...] = ()
    problem: str | None = None  # why the file cannot be checked
    extension_mismatch: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.path, "format": self.format, "kind": self.kind}
        for key in ("width", "height", "duration_s", "size_bytes"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def sniff(head: bytes) -> str | None:
    """The container format named by a file's first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "AVI"
    if head[:2] == b"BM":
        return "BMP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "WEBM" if b"webm" in head[:64] else "MKV"
    if head[:4] == b"%PDF":
        return "PDF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"hevc", b"heim", b"heis"):
            return "HEIF"
        if brand == b"qt  ":
            return "MOV"
        if brand in (b"M4V ", b"M4VH", b"M4VP"):
            return "M4V"
        return "MP4"
    return None


def _mismatch(path: str, fmt: str) -> str | None:
    ext = Path(path).suffix.lower()
    allowed = _EXTENSIONS.get(fmt)
    if not ext or allowed is None or ext in allowed:
        return None
    return f"named {ext} but the content is {fmt}"


def probe(path: str) -> MediaInfo:
    """What the file is, its size and metadata, or why it cannot be checked."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        return MediaInfo(path, problem="no such file")
    except OSError as exc:
        return MediaInfo(path, problem=f"cannot read: {exc.strerror or type(exc).__name__}")
    if p.is_dir():
        return MediaInfo(path, problem="is a directory, not a media file")
    size = st.st_size
    if size == 0:
        return MediaInfo(path, size_bytes=0, problem="the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        return MediaInfo(
            path, size_bytes=size, problem=f"the file is {size / 1024**3:.1f} GB; the limit is 4 GB"
        )
    try:
        with p.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        return MediaInfo(path, size_bytes=size, problem=f"cannot read: {exc.strerror or exc}")
    fmt = sniff(head)
    if fmt is None:
        return MediaInfo(
            path,
            size_bytes=size,
            problem="not a supported image or video format (JPEG, PNG, WebP, GIF, BMP, TIFF, "
            "MP4, MOV, WebM, MKV, AVI)",
        )
    mismatch = _mismatch(path, fmt)
    if fmt == "PDF":
        return MediaInfo(
            path,
            size_bytes=size,
            format=fmt,
            kind="document",
            problem="PDF documents are not checked; attach the pages as images",
            extension_mismatch=mismatch,
        )
    if fmt == "HEIF":
        return MediaInfo(
            path,
            size_bytes=size,
            format=fmt,
            kind="image",
            problem="HEIC/AVIF images cannot be decoded here; export the photo as JPEG",
            extension_mismatch=mismatch,
        )
    if fmt in VIDEO_FORMATS:
        return _probe_video(path, size, fmt, mismatch)
    return _probe_image(path, size, fmt, mismatch)


def _probe_image(path: str, size: int, fmt: str, mismatch: str | None) -> MediaInfo:
    from PIL import Image

    base = MediaInfo(path, size_bytes=size, format=fmt, kind="image", extension_mismatch=mismatch)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except Image.DecompressionBombError:
        return _replace(base, problem=_bomb_message(None))
    except Exception as exc:
        return _replace(base, problem=f"the image cannot be opened ({_reason(exc)})")
    with img:
        width, height = img.size
        animated = getattr(img, "n_frames", 1) > 1 and fmt in ("GIF", "WEBP", "PNG")
        kind = "gif" if animated else "image"
        base = _replace(base, width=width, height=height, kind=kind, format=img.format or fmt)
        if width * height > MAX_PIXELS:
            return _replace(base, problem=_bomb_message((width, height)))
        if width <= 0 or height <= 0:
            return _replace(base, problem="the image has no pixels")
        try:
            metadata = tuple(read_image_metadata(img))
        except Exception:
            metadata = ()
        base = _replace(base, metadata=metadata)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                img.load()
        except Exception as exc:
            return _replace(base, problem=f"the image data is damaged ({_reason(exc)})")
    return base


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "truncated" in text.lower():
        return "truncated file"
    if "cannot identify image file" in text:
        return "not a valid image"
    # Pillow's messages name the file; keep only the kind of problem.
    return type(exc).__name__ if not text or os.sep in text else text[:120]


def _bomb_message(size: tuple[int, int] | None) -> str:
    dims = f"{size[0]:,}×{size[1]:,} pixels" if size else "too many pixels"
    return (
        f"the image is {dims}, over the {MAX_PIXELS:,}-pixel safety limit "
        "(a decompression bomb, or far larger than any platform shows)"
    )


def _replace(info: MediaInfo, **changes: Any) -> MediaInfo:
    import dataclasses

    return dataclasses.replace(info, **changes)


# --------------------------------------------------------------------------- video
def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    return exe


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO_STREAM = re.compile(r"Stream #\S+.*?: Video: .*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_ROTATE = re.compile(r"(?:rotate\s*:\s*|rotation of )(-?\d+(?:\.\d+)?)")
_VIDEO_META = {
    "location": "gps",
    "location-eng": "gps",
    "com.apple.quicktime.location.iso6709": "gps",
    "com.android.capture.fps": "",
    "artist": "owner",
    "author": "owner",
    "copyright": "owner",
    "com.apple.quicktime.author": "owner",
    "com.apple.quicktime.make": "",
    "com.apple.quicktime.model": "",
    "com.apple.quicktime.software": "",
    "creation_time": "timestamp",
    "com.apple.quicktime.creationdate": "timestamp",
    "date": "timestamp",
    "comment": "text",
    "description": "text",
    "title": "text",
    "synopsis": "text",
}


def ffmpeg_header(path: str, *, timeout: float = 30.0) -> str:
    """What ``ffmpeg -i`` says about a file (its stderr), or raise OSError."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", path],
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return proc.stderr.decode("utf-8", "replace")


def _probe_video(path: str, size: int, fmt: str, mismatch: str | None) -> MediaInfo:
    base = MediaInfo(path, size_bytes=size, format=fmt, kind="video", extension_mismatch=mismatch)
    try:
        header = ffmpeg_header(path)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _replace(base, problem=f"the video cannot be read ({type(exc).__name__})")
    stream = _VIDEO_STREAM.search(header)
    if stream is None or "Invalid data found" in header or "moov atom not found" in header:
        return _replace(base, problem="the video is damaged or truncated (no readable video track)")
    width, height = int(stream.group(1)), int(stream.group(2))
    rotate = _ROTATE.search(header)
    if rotate and abs(float(rotate.group(1))) % 180 == 90:
        width, height = height, width
    duration = None
    m = _DURATION.search(header)
    if m:
        duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    stream_line = header[stream.start() : header.find("\n", stream.start())]
    fps_match = _FPS.search(stream_line)
    fps = float(fps_match.group(1)) if fps_match else None
    metadata: list[MetadataItem] = []
    for line in header.splitlines():
        key, sep, value = line.strip().partition(":")
        kind = _VIDEO_META.get(key.strip().lower())
        if sep and kind and value.strip():
            metadata.append(MetadataItem(kind, key.strip(), "video", value.strip()[:200]))
    return _replace(
        base,
        width=width,
        height=height,
        duration_s=duration,
        fps=fps,
        frames=round(duration * fps) if duration and fps else None,
        has_audio=bool(re.search(r"Stream #\S+.*?: Audio:", header)),
        metadata=tuple(_dedupe_meta(metadata)),
    )


def _dedupe_meta(items: list[MetadataItem]) -> list[MetadataItem]:
    seen: set[tuple[str, str]] = set()
    out: list[MetadataItem] = []
    for item in items:
        if (item.kind, item.value) not in seen:
            seen.add((item.kind, item.value))
            out.append(item)
    return out
