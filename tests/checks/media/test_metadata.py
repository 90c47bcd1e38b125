"""Metadata: reading EXIF/XMP/IPTC/PNG text, lossless stripping, and the MED001-MED005 rules."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from carepost.checks import CheckInput, Engine, MediaRef
from carepost.checks.media import MediaError, probe, strip_metadata

from .fixtures import exif_with_gps, gradient, jpeg_bytes

ENGINE = Engine(select=["MED001", "MED002", "MED003", "MED004", "MED005"])


def codes(path, text="Our team at the health fair!"):
    report = ENGINE.check(CheckInput(text=text, media=(MediaRef(path=str(path)),)))
    return {f.code: f for f in report.findings}


def _scan(data: bytes) -> bytes:
    """The entropy-coded image data of a JPEG (from SOS to EOI)."""
    return data[data.index(b"\xff\xda") : data.rindex(b"\xff\xd9") + 2]


def _iptc_app13(byline: str) -> bytes:
    record = b"\x1c\x02\x50" + struct.pack(">H", len(byline)) + byline.encode()
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + block
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def test_reads_gps_serial_owner_and_time_from_exif(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg_bytes(gradient(), exif=exif_with_gps().tobytes()))
    kinds = {(m.kind, m.field): m.value for m in probe(str(path)).metadata}
    assert kinds[("gps", "GPSLatitude/GPSLongitude")] == "37.775, -122.419"
    assert kinds[("serial", "BodySerialNumber")] == "SN-4471-XK"
    assert kinds[("owner", "Artist")] == "Jane Photographer"
    assert kinds[("timestamp", "DateTimeOriginal")] == "2026:03:14 09:26:53"


def test_rules_fire_on_the_photo_and_not_on_its_stripped_copy(tmp_path):
    src = tmp_path / "photo.jpg"
    src.write_bytes(jpeg_bytes(gradient(), exif=exif_with_gps().tobytes()))
    found = codes(src)
    assert found["MED001"].level.value == "error"
    assert "37.775, -122.419" in found["MED001"].message
    assert found["MED001"].fix is not None and found["MED001"].fix.applicability.value == "safe"
    assert found["MED001"].data["media"]["file"] == str(src)
    assert found["MED002"].level.value == "warning" and "serial" in found["MED002"].message
    assert found["MED003"].level.value == "note"
    out = tmp_path / "clean.jpg"
    result = strip_metadata(src, out)
    assert "APP1 (EXIF)" in result.removed
    assert codes(out) == {}


def test_jpeg_strip_keeps_scan_data_and_icc_and_orientation(tmp_path):
    icc = b"\x00\x00\x02\x0cfake-icc-profile" + b"\x00" * 100
    data = jpeg_bytes(gradient(), exif=exif_with_gps(orientation=6).tobytes(), icc_profile=icc)
    data = data[:2] + _iptc_app13("Jane Byline") + data[2:] + b"TRAILER-VIDEO"
    src = tmp_path / "in.jpg"
    src.write_bytes(data)
    assert any(m.source == "iptc" and m.value == "Jane Byline" for m in probe(str(src)).metadata)
    out = tmp_path / "out.jpg"
    result = strip_metadata(src, out)
    stripped = out.read_bytes()
    assert _scan(stripped) == _scan(data[: -len(b"TRAILER-VIDEO")])
    assert b"Jane" not in stripped and b"SN-4471" not in stripped and b"TRAILER" not in stripped
    assert "APP13 (IPTC)" in result.removed
    with Image.open(out) as img:
        assert img.info.get("icc_profile") == icc
        assert dict(img.getexif()) == {0x0112: 6}
        assert img.tobytes() == Image.open(src).tobytes()
    assert probe(str(out)).metadata == ()


def test_xmp_location_and_creator_are_read_and_stripped(tmp_path):
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b'exif:GPSLatitude="37,46.498N" exif:GPSLongitude="122,25.155W">'
        b"<dc:creator><rdf:Seq><rdf:li>Pat Author</rdf:li></rdf:Seq></dc:creator>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    src = tmp_path / "xmp.jpg"
    src.write_bytes(jpeg_bytes(gradient(), xmp=xmp))
    found = codes(src)
    assert "MED001" in found and "MED002" in found
    out = tmp_path / "xmp-clean.jpg"
    assert "APP1 (XMP)" in strip_metadata(src, out).removed
    assert codes(out) == {}


def test_png_text_and_exif_chunks_are_stripped_losslessly(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Sam Nurse")
    info.add_text("Description", "bed 4 wound day 3")
    src = tmp_path / "shot.png"
    gradient().save(src, pnginfo=info, exif=exif_with_gps().tobytes())
    found = codes(src)
    assert {"MED001", "MED002", "MED003"} <= set(found)
    out = tmp_path / "shot-clean.png"
    result = strip_metadata(src, out)
    assert {"tEXt", "eXIf"} <= set(result.removed)
    assert codes(out) == {}
    with Image.open(src) as a, Image.open(out) as b:
        assert a.tobytes() == b.tobytes()
    # every remaining chunk still has a valid CRC
    data, pos = out.read_bytes(), 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        body = data[pos + 4 : pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0] == zlib.crc32(
            body
        )
        pos += 12 + length


def test_webp_exif_is_stripped(tmp_path):
    src = tmp_path / "a.webp"
    gradient().save(src, "WEBP", lossless=True, exif=exif_with_gps().tobytes())
    assert "MED001" in codes(src)
    out = tmp_path / "b.webp"
    assert "EXIF" in strip_metadata(src, out).removed
    assert codes(out) == {}
    with Image.open(src) as a, Image.open(out) as b:
        assert a.tobytes() == b.tobytes()


def test_strip_refuses_formats_it_cannot_strip_losslessly(tmp_path):
    src = tmp_path / "a.gif"
    gradient().convert("P").save(src, comment=b"Pat Doe")
    with pytest.raises(MediaError, match="losslessly only from JPEG, PNG and WebP"):
        strip_metadata(src, tmp_path / "b.gif")
    assert not (tmp_path / "b.gif").exists()


def test_strip_never_overwrites_without_permission(tmp_path):
    src = tmp_path / "in.jpg"
    original = jpeg_bytes(gradient(), exif=exif_with_gps().tobytes())
    src.write_bytes(original)
    with pytest.raises(MediaError, match="is the input file"):
        strip_metadata(src, src)
    assert src.read_bytes() == original
    other = tmp_path / "exists.jpg"
    other.write_bytes(b"keep me")
    with pytest.raises(MediaError, match="already exists"):
        strip_metadata(src, other)
    assert other.read_bytes() == b"keep me"
    strip_metadata(src, src, overwrite=True)
    assert probe(str(src)).metadata == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.jpg", "in.jpg"]


def _png_header_only(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    idat = zlib.compress(b"\x00" * 64)
    chunk += (
        struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    )
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


BAD_FILES = [
    ("empty.jpg", b"", "empty (0 bytes)"),
    ("noise.jpg", bytes(range(256)) * 8, "not a supported image or video format"),
    ("half.jpg", jpeg_bytes(gradient((64, 64)))[:400], "truncated"),
    ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\n", "PDF documents are not checked"),
    ("phone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC/AVIF"),
    ("bomb.png", _png_header_only(20000, 20000), "decompression bomb"),
    ("broken.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 200, "video is damaged"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_give_a_clear_finding_and_no_crash(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    found = codes(path)
    assert "MED004" in found, found
    assert message in found["MED004"].message
    assert name not in found["MED004"].message  # a file name can carry a patient name
    assert found["MED004"].message.startswith("Attachment 1 cannot be checked")
    with pytest.raises(MediaError):
        strip_metadata(path, tmp_path / ("out-" + name))
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_8k_image_is_readable(tmp_path):
    path = tmp_path / "8k.jpg"
    Image.new("RGB", (7680, 4320), (200, 210, 220)).save(path, quality=50)
    info = probe(str(path))
    assert info.problem is None and (info.width, info.height) == (7680, 4320)


def test_wrong_extension_is_flagged_but_still_checked(tmp_path):
    path = tmp_path / "photo.gif"
    path.write_bytes(jpeg_bytes(gradient(), exif=exif_with_gps().tobytes()))
    found = codes(path)
    assert "named .gif but the content is JPEG" in found["MED005"].message
    assert "MED001" in found


def test_media_without_path_or_without_media_is_ignored():
    assert ENGINE.check(CheckInput(text="Hello", media=(MediaRef(width=10),))).findings == ()


def test_png_bytes_roundtrip_through_memory():
    buf = io.BytesIO()
    gradient().save(buf, "PNG")
    from carepost.checks.media.metadata import strip_image_bytes

    assert strip_image_bytes(buf.getvalue()).data == buf.getvalue()


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_trailer_with_eoi_bytes_is_dropped(tmp_path, progressive):
    image = jpeg_bytes(gradient((96, 64)), progressive=progressive, exif=exif_with_gps().tobytes())
    trailer = b"ftypmp42....\xff\xd9 location +37.7-122.4 \xff\xd9 more"
    src = tmp_path / "motion.jpg"
    src.write_bytes(image + trailer)
    out = tmp_path / "still.jpg"
    strip_metadata(src, out)
    stripped = out.read_bytes()
    assert b"location" not in stripped and stripped.endswith(b"\xff\xd9")
    assert _scan(stripped) == _scan(image)
    with Image.open(out) as a, Image.open(io.BytesIO(image)) as b:
        assert a.tobytes() == b.tobytes()
