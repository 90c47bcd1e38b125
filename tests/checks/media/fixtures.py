"""Media fixtures drawn with Pillow (no downloads): photos with EXIF, whiteboards, labels..."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw

GPS = {
    1: "N",
    2: (Fraction(37), Fraction(46), Fraction(2988, 100)),
    3: "W",
    4: (Fraction(122), Fraction(25), Fraction(932, 100)),
}


def exif_with_gps(*, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    exif[0x0110] = "Phone 12"
    exif[0x013B] = "Jane Photographer"
    exif[0x0132] = "2026:03:14 09:26:53"
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = "SN-4471-XK"
    sub[0x9003] = "2026:03:14 09:26:53"
    return exif


def gradient(size: tuple[int, int] = (48, 32)) -> Image.Image:
    img = Image.new("RGB", size)
    px = img.load()
    assert px is not None
    for x in range(size[0]):
        for y in range(size[1]):
            px[x, y] = (x * 5 % 256, y * 7 % 256, 120)
    return img


def jpeg_bytes(img: Image.Image, **save: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85, **save)
    return buf.getvalue()


def write_samples(directory: Path) -> None:
    """The small files the MED rules' examples point at (src/carepost/checks/media/samples)."""
    directory.mkdir(parents=True, exist_ok=True)
    img = gradient()
    (directory / "gps.jpg").write_bytes(jpeg_bytes(img, exif=exif_with_gps().tobytes()))
    (directory / "plain.jpg").write_bytes(jpeg_bytes(img))
    whole = jpeg_bytes(gradient((64, 64)))
    (directory / "truncated.jpg").write_bytes(whole[: len(whole) // 2])
    (directory / "empty.jpg").write_bytes(b"")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    (directory / "png-named.jpg").write_bytes(buf.getvalue())


def text_card(
    lines: list[str], size: tuple[int, int] = (640, 360), font_size: int = 28
) -> Image.Image:
    """A whiteboard / label / badge: dark text lines on a light background."""
    img = Image.new("RGB", size, (245, 245, 240))
    draw = ImageDraw.Draw(img)
    from PIL import ImageFont

    font = ImageFont.load_default(size=font_size)
    y = 20
    for line in lines:
        draw.text((24, y), line, fill=(20, 20, 30), font=font)
        y += int(font_size * 1.5)
    return img


if __name__ == "__main__":
    write_samples(Path(__file__).resolve().parents[3] / "src/carepost/checks/media/samples")
