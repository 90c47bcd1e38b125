"""Media for the REST API's check, never a path.

Two ways in:

* **ids** of media stored in the caller's workspaces (``PostMedia``). A media id outside every
  workspace the caller belongs to answers exactly like an id that does not exist (404).
* **uploads** (multipart): each file is size-limited, copied into a private temporary directory,
  recognised from its first bytes (not its name or content type) and removed after the check.

Reports never carry a server path: ``data.media.file`` becomes the media's label
(``media:<id>`` or ``upload-<n><ext>``).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from carepost.checks.media.probe import sniff
from carepost.checks.model import MediaRef

from .errors import NotFound, PayloadTooLarge, Unprocessable
from .workspaces.models import Workspace
from .workspaces.selectors import workspace_list_for_user

__all__ = [
    "LabelledMedia",
    "api_upload_limits",
    "scrub_report",
    "stored_media",
    "uploaded_media",
]


@dataclass(frozen=True)
class LabelledMedia:
    ref: MediaRef
    label: str  # what the report shows instead of the server path


def api_upload_limits() -> tuple[int, int]:
    """(bytes per file, files per request) for API uploads."""
    return (
        int(getattr(settings, "CAREPOST_API_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)),
        int(getattr(settings, "CAREPOST_API_UPLOAD_MAX_FILES", 10)),
    )


def stored_media(
    *, user: Any, items: Sequence[tuple[int, str | None]], workspace: Workspace | None
) -> list[LabelledMedia]:
    """``items``: (media id, alt text or None). NotFound for an id the caller cannot see."""
    from .posts.models import PostMedia

    if not items:
        return []
    visible = PostMedia.objects.filter(post__workspace__in=workspace_list_for_user(user=user))
    if workspace is not None:
        visible = visible.filter(post__workspace=workspace)
    found = {m.pk: m for m in visible.filter(pk__in=[pk for pk, _ in items])}
    out = []
    for index, (pk, alt_text) in enumerate(items):
        media = found.get(pk)
        if media is None:
            raise NotFound("no such media", field=f"media[{index}].id")
        label = f"media:{media.pk}"
        out.append(
            LabelledMedia(
                MediaRef(
                    path=media.file.path,
                    alt_text=alt_text if alt_text is not None else (media.alt_text or None),
                    id=label,
                ),
                label,
            )
        )
    return out


_SUFFIX = re.compile(r"^\.[a-z0-9]{1,6}$")


def _suffix(name: str | None) -> str:
    suffix = Path(name or "").suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


@contextmanager
def uploaded_media(
    files: Sequence[UploadedFile], alt_texts: Sequence[str | None] = ()
) -> Iterator[list[LabelledMedia]]:
    """Copy each upload into a private temporary directory (removed on exit, whatever
    happens) after checking its size and that its bytes are a photo or video."""
    max_bytes, max_files = api_upload_limits()
    if len(files) > max_files:
        raise PayloadTooLarge(f"at most {max_files} files per check", field="files")
    with tempfile.TemporaryDirectory(prefix="carepost-api-") as tmp:
        out = []
        for index, upload in enumerate(files):
            field = f"files[{index}]"
            if upload.size is not None and upload.size > max_bytes:
                raise PayloadTooLarge(f"{field}: larger than {max_bytes} bytes", field=field)
            label = f"upload-{index + 1}{_suffix(upload.name)}"
            path = Path(tmp) / label
            written = 0
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    written += len(chunk)
                    if written > max_bytes:
                        raise PayloadTooLarge(
                            f"{field}: larger than {max_bytes} bytes", field=field
                        )
                    fh.write(chunk)
            if written == 0:
                raise Unprocessable(f"{field}: the file is empty", field=field)
            with path.open("rb") as fh:
                fmt = sniff(fh.read(64))
            if fmt is None:
                raise Unprocessable(
                    f"{field}: not a photo or video (JPEG, PNG, WebP, GIF, BMP, TIFF, MP4, MOV, "
                    "WebM, MKV, AVI), judged from its bytes",
                    field=field,
                )
            alt = alt_texts[index] if index < len(alt_texts) else None
            out.append(LabelledMedia(MediaRef(path=str(path), alt_text=alt, id=label), label))
        yield out


def scrub_report(report: dict[str, Any], media: Sequence[LabelledMedia]) -> dict[str, Any]:
    """Replace every server path in the report's media blocks by the media's label."""
    labels = {m.ref.path: m.label for m in media if m.ref.path}
    for finding in report.get("findings", ()):
        block = (finding.get("data") or {}).get("media")
        if isinstance(block, dict) and "file" in block:
            block["file"] = labels.get(block["file"], block.get("id") or "media")
    return report
