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


def astronaut():
    import skimage.data

    return skimage.data.astronaut()


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
    # NASA photograph of astronaut Eileen Collins (public domain), as shipped by scikit-image.
    face = Image.fromarray(astronaut()).crop((150, 20, 310, 200)).resize((128, 144))
    (directory / "face.jpg").write_bytes(jpeg_bytes(face))
    board = text_card(
        ["4 WEST  Room / Patient", "RM 12  J. Smith  DOB 03/04/1950", "RM 14  K. Lee  fall risk"],
        size=(520, 150),
        font_size=24,
    )
    board.save(directory / "whiteboard.png", optimize=True)
    badge = text_card(["Dr. Amara Okafor", "Family Medicine"], size=(360, 110), font_size=26)
    badge.save(directory / "badge.png", optimize=True)


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


def write_video(
    path: Path,
    scenes: list[tuple[Image.Image, float]],
    *,
    fps: int = 10,
    size=(320, 240),
    keyframe_every: int | None = None,
) -> None:
    """An H.264 MP4 made of still scenes (image, seconds), with ffmpeg from imageio-ffmpeg."""
    import imageio_ffmpeg
    import numpy as np

    writer = imageio_ffmpeg.write_frames(
        str(path),
        size,
        fps=fps,
        codec="libx264",
        quality=7,
        macro_block_size=8,
        ffmpeg_log_level="error",
        output_params=["-g", str(keyframe_every)] if keyframe_every else None,
    )
    writer.send(None)
    for image, seconds in scenes:
        frame = np.ascontiguousarray(np.asarray(image.convert("RGB").resize(size)))
        for _ in range(round(seconds * fps)):
            writer.send(frame)
    writer.close()
