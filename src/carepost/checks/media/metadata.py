"""Photo metadata: read EXIF / XMP / IPTC / PNG text, and strip it without touching pixels.

Reading goes through Pillow. Stripping works on the container, byte for byte, so the
compressed pixel data is copied unchanged:

- JPEG: APP1 (EXIF, XMP), APP13 (IPTC/Photoshop), APP3-APP13 and APP15 vendor blocks,
  non-ICC APP2 (MPF secondary images), COM comments and anything after EOI (embedded
  "motion photo" videos) are dropped. APP0 (JFIF), the APP2 ICC profile and APP14 (Adobe
  colour transform) stay, because removing them changes the colours. A non-default EXIF
  orientation is kept as a minimal EXIF block holding only that tag, so the photo does not
  turn sideways.
- PNG: ancillary chunks that carry text or metadata (tEXt, zTXt, iTXt, eXIf, tIME and
  private chunks) are dropped; rendering chunks (gAMA, cHRM, sRGB, iCCP, pHYs, tRNS,
  APNG frames...) stay. CRCs are copied, never recomputed.
- WebP: EXIF and XMP chunks are dropped and the VP8X flags and RIFF size are fixed.
- Video (MP4/MOV/WebM...): remuxed by ffmpeg with ``-map_metadata -1 -c copy`` (streams
  are copied, not re-encoded).

Other formats (GIF, TIFF, BMP, HEIC...) cannot be stripped without re-encoding;
``strip_metadata`` refuses them with a ``MediaError`` that says so.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InputError

__all__ = [
    "MediaError",
    "MetadataItem",
    "StripResult",
    "read_image_metadata",
    "strip_image_bytes",
]


class MediaError(InputError):
    """A media file that cannot be read, or an operation the format does not allow."""


@dataclass(frozen=True, slots=True)
class MetadataItem:
    """One metadata field worth a reviewer's attention.

    ``kind`` is one of ``gps``, ``serial``, ``owner``, ``timestamp``, ``text`` (free text
    such as a description or comment, which can hold anything) or ``software``.
    ``value`` is shown to the reviewer (GPS as rounded decimal degrees).
    """

    kind: str
    field: str
    source: str  # exif, xmp, iptc, png, video
    value: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "field": self.field, "source": self.source, "value": self.value}


@dataclass(frozen=True, slots=True)
class StripResult:
    data: bytes
    removed: tuple[str, ...]
    kept: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- reading
# EXIF tags (IFD0 and the Exif sub-IFD) that identify a person, a device or a moment.
_EXIF_TAGS: Mapping[int, tuple[str, str]] = {
    0x013B: ("owner", "Artist"),
    0x8298: ("owner", "Copyright"),
    0x9C9D: ("owner", "XPAuthor"),
    0xA430: ("owner", "CameraOwnerName"),
    0xA431: ("serial", "BodySerialNumber"),
    0xA435: ("serial", "LensSerialNumber"),
    0x013C: ("serial", "HostComputer"),
    0xA420: ("serial", "ImageUniqueID"),
    0x010E: ("text", "ImageDescription"),
    0x9C9C: ("text", "XPComment"),
    0x9C9F: ("text", "XPSubject"),
    0x9C9E: ("text", "XPKeywords"),
    0x9286: ("text", "UserComment"),
    0x0132: ("timestamp", "DateTime"),
    0x9003: ("timestamp", "DateTimeOriginal"),
    0x9004: ("timestamp", "DateTimeDigitized"),
}
_MAKERNOTE = 0x927C
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769

_XMP_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, name, re.compile(pattern, re.S))
    for kind, name, pattern in (
        ("gps", "exif:GPSLatitude", r"exif:GPSLatitude(?:=\"|>)([^\"<]+)"),
        ("gps", "exif:GPSLongitude", r"exif:GPSLongitude(?:=\"|>)([^\"<]+)"),
        ("gps", "Iptc4xmpCore:Location", r"Iptc4xmpCore:Location(?:=\"|>)([^\"<]+)"),
        ("gps", "photoshop:City", r"photoshop:City(?:=\"|>)([^\"<]+)"),
        ("serial", "aux:SerialNumber", r"aux:SerialNumber(?:=\"|>)([^\"<]+)"),
        ("serial", "exifEX:BodySerialNumber", r"exifEX:BodySerialNumber(?:=\"|>)([^\"<]+)"),
        ("serial", "aux:LensSerialNumber", r"aux:LensSerialNumber(?:=\"|>)([^\"<]+)"),
        ("owner", "dc:creator", r"<dc:creator>.*?<rdf:li[^>]*>([^<]+)"),
        ("owner", "dc:rights", r"<dc:rights>.*?<rdf:li[^>]*>([^<]+)"),
        ("owner", "aux:OwnerName", r"aux:OwnerName(?:=\"|>)([^\"<]+)"),
        ("owner", "photoshop:AuthorsPosition", r"photoshop:AuthorsPosition(?:=\"|>)([^\"<]+)"),
        ("text", "dc:description", r"<dc:description>.*?<rdf:li[^>]*>([^<]+)"),
        ("text", "dc:title", r"<dc:title>.*?<rdf:li[^>]*>([^<]+)"),
        ("text", "dc:subject", r"<dc:subject>.*?<rdf:li[^>]*>([^<]+)"),
        ("timestamp", "xmp:CreateDate", r"xmp:CreateDate(?:=\"|>)([^\"<]+)"),
        ("timestamp", "photoshop:DateCreated", r"photoshop:DateCreated(?:=\"|>)([^\"<]+)"),
        ("timestamp", "exif:DateTimeOriginal", r"exif:DateTimeOriginal(?:=\"|>)([^\"<]+)"),
    )
)

# IPTC IIM datasets (record 2).
_IPTC: Mapping[tuple[int, int], tuple[str, str]] = {
    (2, 80): ("owner", "By-line"),
    (2, 116): ("owner", "CopyrightNotice"),
    (2, 122): ("owner", "Writer-Editor"),
    (2, 90): ("gps", "City"),
    (2, 92): ("gps", "Sublocation"),
    (2, 95): ("gps", "Province-State"),
    (2, 120): ("text", "Caption-Abstract"),
    (2, 105): ("text", "Headline"),
    (2, 25): ("text", "Keywords"),
    (2, 55): ("timestamp", "DateCreated"),
}

_PNG_TEXT_KINDS = {
    "author": "owner",
    "copyright": "owner",
    "creation time": "timestamp",
    "description": "text",
    "comment": "text",
    "title": "text",
    "disclaimer": "text",
    "source": "serial",
}


def _clean(value: Any, limit: int = 200) -> str:
    if isinstance(value, bytes):
        if value.startswith((b"ASCII\x00\x00\x00", b"UNICODE\x00", b"\x00" * 8)):
            head, value = value[:8], value[8:]
            text = value.decode("utf-16" if head.startswith(b"UNICODE") else "latin-1", "replace")
        elif len(value) % 2 == 0 and value[1:2] == b"\x00":  # XP* tags are UTF-16LE
            text = value.decode("utf-16-le", "replace")
        else:
            text = value.decode("utf-8", "replace")
    elif isinstance(value, tuple | list):
        text = ", ".join(_clean(v, limit) for v in value)
    else:
        text = str(value)
    text = " ".join(text.replace("\x00", " ").split())
    return text[:limit] + ("…" if len(text) > limit else "")


def _rational(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        num, den = value
        return float(num) / float(den) if den else 0.0


def _dms(values: Any, ref: Any) -> float | None:
    try:
        deg, minutes, seconds = (_rational(v) for v in values)
    except (TypeError, ValueError):
        return None
    decimal = deg + minutes / 60 + seconds / 3600
    if _clean(ref).upper() in ("S", "W"):
        decimal = -decimal
    return decimal


def _gps_items(gps: Mapping[int, Any]) -> list[MetadataItem]:
    if not gps:
        return []
    lat = _dms(gps.get(2), gps.get(1)) if 2 in gps else None
    lon = _dms(gps.get(4), gps.get(3)) if 4 in gps else None
    if lat is not None and lon is not None:
        # Three decimals (about 100 m) is enough for a reviewer to see where the photo was taken.
        value = f"{lat:.3f}, {lon:.3f}"
        return [MetadataItem("gps", "GPSLatitude/GPSLongitude", "exif", value)]
    tags = sorted(gps)
    if any(t in tags for t in (1, 2, 3, 4, 6, 0x1B, 0x1C)):
        return [MetadataItem("gps", "GPSInfo", "exif", "location fields present")]
    return []


def read_image_metadata(image: Any) -> list[MetadataItem]:
    """Every identifying metadata field of an opened Pillow image."""
    items: list[MetadataItem] = []
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block must not hide the rest
        exif = None
    if exif:
        try:
            gps = dict(exif.get_ifd(_GPS_IFD))
        except Exception:
            gps = {}
        items += _gps_items(gps)
        try:
            sub = dict(exif.get_ifd(_EXIF_IFD))
        except Exception:
            sub = {}
        for tag, value in [*exif.items(), *sub.items()]:
            known = _EXIF_TAGS.get(tag)
            if known is None:
                continue
            text = _clean(value)
            if text:
                items.append(MetadataItem(known[0], known[1], "exif", text))
        if _MAKERNOTE in sub:
            items.append(
                MetadataItem(
                    "serial", "MakerNote", "exif", "vendor block (may hold serial numbers)"
                )
            )
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if xmp:
        text = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
        for kind, name, pattern in _XMP_PATTERNS:
            m = pattern.search(text)
            if m and m.group(1).strip():
                items.append(MetadataItem(kind, name, "xmp", _clean(m.group(1))))
    if image.format == "JPEG":
        try:
            from PIL import IptcImagePlugin

            iptc = IptcImagePlugin.getiptcinfo(image) or {}
        except Exception:
            iptc = {}
        for key, value in iptc.items():
            known = _IPTC.get(key)
            if known is not None and _clean(value):
                items.append(MetadataItem(known[0], known[1], "iptc", _clean(value)))
    if image.format == "PNG":
        for key, value in getattr(image, "text", {}).items():
            png_kind = _PNG_TEXT_KINDS.get(key.lower())
            if png_kind is None or key == "XML:com.adobe.xmp":
                continue
            if _clean(value):
                items.append(MetadataItem(png_kind, key, "png", _clean(value)))
    comment = image.info.get("comment")
    if comment and _clean(comment):
        items.append(MetadataItem("text", "Comment", image.format.lower(), _clean(comment)))
    return _dedupe(items)


def _dedupe(items: list[MetadataItem]) -> list[MetadataItem]:
    seen: set[tuple[str, str, str]] = set()
    out: list[MetadataItem] = []
    for item in items:
        key = (item.kind, item.field, item.value)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# --------------------------------------------------------------------------- stripping
def strip_image_bytes(data: bytes) -> StripResult:
    """The same image with its metadata removed, pixels byte-for-byte unchanged."""
    if data.startswith(b"\xff\xd8\xff"):
        return _strip_jpeg(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _strip_png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _strip_webp(data)
    raise MediaError(
        "metadata can be stripped losslessly only from JPEG, PNG and WebP images (and "
        "videos); re-export this file as one of those formats without metadata"
    )


_KEEP_APP = {0xE0: b"JFIF", 0xE2: b"ICC_PROFILE", 0xEE: b"Adobe"}
_JPEG_NAMES = {0xE1: "APP1 (EXIF/XMP)", 0xED: "APP13 (IPTC)", 0xFE: "COM (comment)"}


def _orientation_app1(data: bytes) -> bytes | None:
    """A minimal APP1 holding only the EXIF orientation, when it is not the default."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            orientation = img.getexif().get(0x0112)
    except Exception:
        return None
    if not isinstance(orientation, int) or orientation in (0, 1) or orientation > 8:
        return None
    exif = Image.Exif()
    exif[0x0112] = orientation
    payload = exif.tobytes()
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _strip_jpeg(data: bytes) -> StripResult:
    out = bytearray(b"\xff\xd8")
    removed: list[str] = []
    kept: list[str] = []
    pos = 2
    orientation = _orientation_app1(data)
    wrote_orientation = False
    while True:
        if pos + 4 > len(data):
            raise MediaError("the JPEG ends before its image data (truncated file)")
        if data[pos] != 0xFF:
            raise MediaError(f"the JPEG structure is broken at byte {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is entropy-coded image data
            if orientation is not None and not wrote_orientation:
                out += orientation
                kept.append("EXIF orientation")
            end = _end_of_image(data, pos)
            out += data[pos:end]
            if end < len(data):
                # Motion-photo videos, second MPO images and vendor trailers (each may
                # carry its own metadata) live here.
                removed.append(f"{len(data) - end:,} bytes after the end of the image")
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos : pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > len(data):
            raise MediaError(f"the JPEG segment at byte {pos} runs past the end of the file")
        segment = data[pos : pos + 2 + length]
        payload = segment[4:]
        drop = False
        if 0xE0 <= marker <= 0xEF:
            ident = _KEEP_APP.get(marker)
            drop = ident is None or not payload.startswith(ident)
        elif marker == 0xFE:
            drop = True
        if drop:
            name = _JPEG_NAMES.get(marker, f"APP{marker - 0xE0}" if marker >= 0xE0 else "segment")
            if marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/xap"):
                name = "APP1 (XMP)"
            elif marker == 0xE1 and payload.startswith(b"Exif"):
                name = "APP1 (EXIF)"
            elif marker == 0xE2:
                name = "APP2 (MPF/FlashPix)"
            removed.append(name)
        else:
            if marker == 0xE2:
                kept.append("ICC colour profile")
            out += segment
        pos += 2 + length
    return StripResult(bytes(out), tuple(removed), tuple(kept))


def _end_of_image(data: bytes, pos: int) -> int:
    """The offset just past the EOI marker that ends the image whose first SOS is at
    ``pos``: walks the entropy-coded data (stuffed 0xFF00 bytes and restart markers) and
    the segments between progressive scans, so EOI bytes inside a trailer never count."""
    size = len(data)
    while True:
        if pos + 4 > size or data[pos] != 0xFF:
            raise MediaError("the JPEG has no end-of-image marker (truncated file)")
        if data[pos + 1] == 0xD9:
            return pos + 2
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
        if data[pos - 2 - length + 1] != 0xDA:
            continue  # a table or other segment between scans: look at the next marker
        # entropy-coded data until a marker that is not stuffing or a restart
        while True:
            pos = data.find(b"\xff", pos)
            if pos < 0 or pos + 1 >= size:
                raise MediaError("the JPEG has no end-of-image marker (truncated file)")
            nxt = data[pos + 1]
            if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
                pos += 1 if nxt == 0xFF else 2
                continue
            break
        if nxt == 0xD9:
            return pos + 2


_PNG_KEEP = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"iCCP",
    b"sBIT",
    b"pHYs",
    b"bKGD",
    b"hIST",
    b"sPLT",
    b"cICP",
    b"mDCv",
    b"cLLi",
    b"mDCV",
    b"cLLI",
    b"acTL",
    b"fcTL",
    b"fdAT",
}


def _strip_png(data: bytes) -> StripResult:
    out = bytearray(data[:8])
    removed: list[str] = []
    pos = 8
    while pos < len(data):
        if pos + 12 > len(data):
            raise MediaError(f"the PNG chunk at byte {pos} is cut short (truncated file)")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise MediaError(f"the PNG chunk at byte {pos} runs past the end of the file")
        if ctype in _PNG_KEEP:
            out += data[pos:end]
        else:
            removed.append(ctype.decode("latin-1"))
        pos = end
        if ctype == b"IEND":
            if pos < len(data):
                removed.append(f"{len(data) - pos:,} bytes after IEND")
            break
    else:
        raise MediaError("the PNG has no IEND chunk (truncated file)")
    return StripResult(bytes(out), tuple(removed))


def _strip_webp(data: bytes) -> StripResult:
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + riff_size)
    chunks: list[bytes] = []
    removed: list[str] = []
    pos = 12
    while pos + 8 <= end:
        ctype = data[pos : pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        stop = pos + 8 + size + (size & 1)
        if pos + 8 + size > end:
            raise MediaError(f"the WebP chunk at byte {pos} runs past the end of the file")
        if ctype in (b"EXIF", b"XMP "):
            removed.append(ctype.decode("latin-1").strip())
        else:
            chunks.append(data[pos:stop])
        pos = stop
    body = bytearray()
    for chunk in chunks:
        if chunk[:4] == b"VP8X":
            header = bytearray(chunk)
            header[8] &= ~(0x08 | 0x04) & 0xFF  # EXIF and XMP flags
            chunk = bytes(header)
        body += chunk
    out = b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + bytes(body)
    return StripResult(out, tuple(removed))
