"""Decoding pixels for the detectors: a bounded working copy, oriented as displayed.

Boxes are always reported in the coordinates of the image as a viewer sees it (after the
EXIF orientation), in original pixels; ``Frame.scale`` maps working pixels back.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from .metadata import MediaError
from .probe import MAX_PIXELS

__all__ = ["Box", "Frame", "gif_frames", "load_image", "to_original"]

#: Longest side of the working copy. Faces and OCR run on smaller copies still; this only
#: bounds memory for 8K photos and keeps crops for text recognition sharp.
WORKING_SIDE = 1600

Box = tuple[int, int, int, int]  # x, y, width, height in original pixels


@dataclass(frozen=True, slots=True)
class Frame:
    """RGB pixels (numpy ``uint8`` array, H×W×3) plus where they came from."""

    pixels: Any
    scale: float  # original pixels per working pixel
    time_s: float | None = None  # for video frames
    original_size: tuple[int, int] = (0, 0)


def to_original(frame: Frame, x: float, y: float, w: float, h: float) -> Box:
    s = frame.scale
    ow, oh = frame.original_size
    x0 = max(0, round(x * s))
    y0 = max(0, round(y * s))
    x1 = min(ow or 10**9, round((x + w) * s))
    y1 = min(oh or 10**9, round((y + h) * s))
    return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))


def load_image(path: str, *, max_side: int = WORKING_SIDE) -> Frame:
    """Decode ``path`` into a working RGB copy (first frame of an animation)."""
    import numpy as np
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            # Pillow warns about palette transparency, odd EXIF and bomb-sized images; the
            # size limit is enforced just below, the rest does not change what we detect.
            warnings.simplefilter("ignore")
            img = Image.open(path)
            with img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise MediaError("over the decompression-bomb limit")
                rotated = img.getexif().get(0x0112, 1) in (5, 6, 7, 8)
                true_w, true_h = (height, width) if rotated else (width, height)
                # JPEG decodes at 1/2, 1/4 or 1/8 scale directly: far cheaper for big photos.
                img.draft("RGB", (max_side, max_side))
                rgb = (ImageOps.exif_transpose(img) or img).convert("RGB")
    except MediaError:
        raise
    except Exception as exc:
        raise MediaError(f"cannot decode the image ({type(exc).__name__})") from None
    longest = max(rgb.size)
    if longest > max_side:
        factor = max_side / longest
        rgb = rgb.resize(
            (max(1, round(rgb.width * factor)), max(1, round(rgb.height * factor))),
            Image.Resampling.BILINEAR,
        )
    pixels = np.asarray(rgb)
    return Frame(pixels=pixels, scale=true_w / rgb.width, original_size=(true_w, true_h))


def gif_frames(path: str, *, max_frames: int = 40, max_side: int = WORKING_SIDE) -> list[Frame]:
    """Frames of an animated GIF/WebP/APNG: the first, then every frame whose content
    changed visibly, at most ``max_frames`` (times from the frame durations)."""
    import numpy as np
    from PIL import Image, ImageSequence

    frames: list[Frame] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise MediaError("over the decompression-bomb limit")
                factor = min(1.0, max_side / max(width, height))
                size = (max(1, round(width * factor)), max(1, round(height * factor)))
                elapsed = 0.0
                last: Any = None
                for index, page in enumerate(ImageSequence.Iterator(img)):
                    if index >= max_frames * 10:
                        break
                    rgb = page.convert("RGB")
                    if factor < 1.0:
                        rgb = rgb.resize(size, Image.Resampling.BILINEAR)
                    pixels = np.asarray(rgb)
                    thumb = np.asarray(rgb.convert("L").resize((32, 32)), dtype=np.int16)
                    if last is None or float(np.abs(thumb - last).mean()) > 8.0:
                        frames.append(
                            Frame(
                                pixels=pixels,
                                scale=width / size[0],
                                time_s=round(elapsed, 2),
                                original_size=(width, height),
                            )
                        )
                        last = thumb
                        if len(frames) >= max_frames:
                            break
                    elapsed += float(page.info.get("duration", 100) or 100) / 1000
    except MediaError:
        raise
    except Exception as exc:
        if not frames:
            raise MediaError(f"cannot decode the animation ({type(exc).__name__})") from None
    return frames
