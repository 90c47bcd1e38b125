"""``blur_faces_preview(src, dst)``: a display-only copy of a photo with every detected face
blurred, for a reviewer to look at. Written only when asked, only to ``dst``."""

from __future__ import annotations

from pathlib import Path

from .faces import blur_regions, detect_faces
from .metadata import MediaError
from .probe import probe
from .strip import _atomic_write, _same_file
from .vision import load_image

__all__ = ["blur_faces_preview"]

PREVIEW_SIDE = 2048


def blur_faces_preview(src: str | Path, dst: str | Path, *, overwrite: bool = False) -> int:
    """Write the preview (JPEG or PNG, from ``dst``'s suffix); return the number of faces."""
    import io

    from PIL import Image

    src_p, dst_p = Path(src), Path(dst)
    info = probe(str(src_p))
    if info.problem is not None:
        raise MediaError(f"{src_p}: {info.problem}")
    if info.kind not in ("image", "gif"):
        raise MediaError(f"{src_p}: previews are made from photos; export a frame as JPEG")
    if dst_p.exists() and (_same_file(src_p, dst_p) or not overwrite):
        raise MediaError(
            f"{dst_p}: "
            + ("is the input file" if _same_file(src_p, dst_p) else "already exists")
            + "; give another output path"
            + ("" if _same_file(src_p, dst_p) else " or pass overwrite")
        )
    suffix = dst_p.suffix.lower()
    fmt = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}.get(suffix)
    if fmt is None:
        raise MediaError(f"{dst_p}: the preview is written as .jpg or .png")
    frame = load_image(str(src_p), max_side=PREVIEW_SIDE)
    faces = detect_faces(frame)
    boxes = [
        (
            round(f.box[0] / frame.scale),
            round(f.box[1] / frame.scale),
            round(f.box[2] / frame.scale),
            round(f.box[3] / frame.scale),
        )
        for f in faces
    ]
    pixels = blur_regions(frame.pixels, boxes)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    _atomic_write(dst_p, buf.getvalue())
    return len(faces)
