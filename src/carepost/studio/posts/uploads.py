"""Uploaded photos and videos: validated completely before anything is stored (issue 11,
finding 8).

In this order, cheapest first, each refusal naming the limit and never the file's name (names
of patient photos can carry PHI):

1. not empty; the format recognised from the first bytes (not the name or content type);
2. the studio's size limit for the kind (``CAREPOST_UPLOAD_MAX_BYTES``): 413;
3. the post's platforms: a file that none of them accepts (their media specs in
   ``carepost/checks/platforms/specs.yaml``) is refused (422). A file that only some of them
   accept is kept; the checker flags the platforms that refuse it;
4. the workspace's storage quota (``CAREPOST_WORKSPACE_MEDIA_QUOTA_BYTES``): 413;
5. images: the dimensions read from the header, before any pixel is decoded, against
   ``CAREPOST_UPLOAD_MAX_PIXELS`` (decompression bombs): 422;
6. a full read (``carepost.checks.media.probe``): a damaged or unsupported file is refused.

Only then is the file copied into the media storage (``upload_store``); the caller deletes it
if anything fails before its row is committed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db.models import Sum

from carepost.checks.media.probe import IMAGE_FORMATS, VIDEO_FORMATS, probe, sniff
from carepost.studio.errors import PayloadTooLarge, Unprocessable, ValidationFailed

from .models import PostMedia

__all__ = ["StoredFile", "ValidatedUpload", "upload_store", "upload_validated"]


@dataclass(frozen=True)
class ValidatedUpload:
    sha256: str
    size: int
    kind: str  # image, gif, video
    suffix: str  # from the uploaded name, lower case (the stored name is the hash)
    path: str  # a readable copy, valid inside ``upload_validated``'s block


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage name (``PostMedia.file``)
    path: str

    def delete(self) -> None:
        PostMedia._meta.get_field("file").storage.delete(self.name)


def _mb(n: float) -> str:
    return f"{n / 1024**2:,.1f} MB" if n % 1024**2 else f"{n // 1024**2:,} MB"


def _kind_of(fmt: str | None) -> str | None:
    if fmt == "GIF":
        return "gif"
    if fmt in IMAGE_FORMATS:
        return "image"
    if fmt in VIDEO_FORMATS:
        return "video"
    return None


def _refuse(problem: str) -> ValidationFailed:
    return ValidationFailed(f"the uploaded file cannot be used: {problem}", field="file")


@contextmanager
def upload_validated(
    *, upload: Any, workspace: Any, platforms: Sequence[str] = ()
) -> Iterator[ValidatedUpload]:
    """Validate ``upload`` (a Django ``UploadedFile``) for a post of ``workspace`` that targets
    ``platforms``; yields the facts, with a readable temporary copy when the upload is in
    memory (removed afterwards). Raises the studio's errors; stores nothing."""
    if upload is None:
        raise ValidationFailed("choose a file to upload", field="file")
    size = int(upload.size or 0)
    if size == 0:
        raise _refuse("the file is empty (0 bytes)")
    upload.seek(0)
    kind = _kind_of(sniff(upload.read(64)))
    upload.seek(0)
    caps: dict[str, int] = settings.CAREPOST_UPLOAD_MAX_BYTES
    cap = caps.get(kind or "", max(caps.values()))
    if size > cap:
        noun = {"image": "images", "gif": "animated GIFs", "video": "videos"}.get(
            kind or "", "files"
        )
        raise PayloadTooLarge(
            f"the file is {_mb(size)}; {noun} can be at most {_mb(cap)}", field="file"
        )
    if kind is not None:
        _platform_limits(size, kind, platforms)
        _quota(size, workspace)
    suffix = Path(upload.name or "").suffix.lower()[:8]
    with _readable_path(upload, suffix) as path:
        if kind is None:  # probe names the problem (PDF, HEIC, unknown...)
            raise _refuse(probe(path).problem or "not a supported image or video format")
        if kind in ("image", "gif"):
            _header_dimensions(path)
        info = probe(path)
        if info.problem is not None:
            raise _refuse(info.problem)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        yield ValidatedUpload(
            sha256=digest.hexdigest(),
            size=size,
            kind=info.kind if info.kind in ("image", "gif", "video") else kind,
            suffix=suffix,
            path=path,
        )


def _platform_limits(size: int, kind: str, platforms: Sequence[str]) -> None:
    from carepost.checks.errors import CheckError
    from carepost.checks.platforms import get_spec

    limits: list[tuple[str, int]] = []
    for name in platforms:
        try:
            spec = get_spec(name)
        except CheckError:
            continue
        by_kind = spec.media.by_kind if spec.media else {}
        kind_spec = by_kind.get(kind) or (by_kind.get("image") if kind == "gif" else None)
        if kind_spec is None or kind_spec.max_bytes is None:
            return  # a platform without a known limit for this kind may take it
        limits.append((spec.display, kind_spec.max_bytes))
    if limits and size > max(limit for _, limit in limits):
        each = ", ".join(f"{display} up to {_mb(limit)}" for display, limit in limits)
        raise Unprocessable(
            f"none of this post's platforms takes a {kind} of {_mb(size)} ({each})",
            code="file_too_large_for_platforms",
            field="file",
        )


def _quota(size: int, workspace: Any) -> None:
    quota = settings.CAREPOST_WORKSPACE_MEDIA_QUOTA_BYTES
    used = PostMedia.objects.filter(post__workspace=workspace).aggregate(n=Sum("size"))["n"] or 0
    if used + size > quota:
        raise PayloadTooLarge(
            f"this workspace's media storage is full ({_mb(used)} of {_mb(quota)} used); "
            "remove media it no longer needs",
            code="workspace_quota",
            field="file",
        )


def _header_dimensions(path: str) -> None:
    """Refuse an image whose header declares more pixels than the limit; nothing is decoded
    (Pillow reads only the header when it opens a file)."""
    from PIL import Image

    limit = settings.CAREPOST_UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
    except Image.DecompressionBombError:
        width, height = 0, 0  # over twice Pillow's own threshold
    except Exception:
        return  # unreadable: the full read names the problem
    if width * height == 0 or width * height > limit:
        dims = f"{width:,}×{height:,} pixels" if width else "too many pixels"
        raise Unprocessable(
            f"the image is {dims}, over the {limit:,}-pixel limit (a decompression bomb, or "
            "far larger than any platform shows)",
            code="image_too_large",
            field="file",
        )


@contextmanager
def _readable_path(upload: Any, suffix: str) -> Iterator[str]:
    """A path to the upload's bytes: Django's own temporary file for large uploads, else a
    private temporary copy (deleted on exit)."""
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        yield temporary()
        return
    fd, path = tempfile.mkstemp(prefix="carepost-upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path
    finally:
        os.unlink(path)


def upload_store(upload: ValidatedUpload) -> StoredFile:
    """Copy a validated upload into the media storage under its hash (the uploaded name may
    name the patient); the storage picks a free name."""
    field = PostMedia._meta.get_field("file")
    wanted = field.generate_filename(None, f"{upload.sha256}{upload.suffix}")
    with open(upload.path, "rb") as fh:
        name = field.storage.save(wanted, File(fh), max_length=field.max_length)
    return StoredFile(name=name, path=field.storage.path(name))
