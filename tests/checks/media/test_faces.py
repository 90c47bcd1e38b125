"""Faces: detection on real photographs shipped by scikit-image, consent levels, previews."""

from __future__ import annotations

import io

import numpy as np
import pytest
import skimage.data
from PIL import Image

from carepost.checks import CheckInput, ConsentRef, Engine, MediaRef
from carepost.checks.media.faces import detect_faces
from carepost.checks.media.preview import blur_faces_preview
from carepost.checks.media.vision import load_image
from carepost.cli import main

ENGINE = Engine(select=["MED010"])


def save(tmp_path, name, pixels, **kw):
    path = tmp_path / name
    Image.fromarray(pixels).save(path, **kw)
    return path


def rgb(pixels):
    pixels = np.asarray(pixels)
    if pixels.dtype == bool:
        pixels = pixels.astype(np.uint8) * 255
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    return np.ascontiguousarray(pixels[..., :3]).astype(np.uint8)


@pytest.fixture(scope="module")
def astronaut(tmp_path_factory):
    return save(tmp_path_factory.mktemp("faces"), "astronaut.jpg", skimage.data.astronaut())


def faces_in(path):
    return detect_faces(load_image(str(path)))


def test_finds_the_astronauts_face_with_its_box(astronaut):
    (face,) = faces_in(astronaut)
    x, y, w, h = face.box
    # Eileen Collins' face sits around (230, 110) in the 512×512 photograph.
    assert x < 230 < x + w and y < 110 < y + h
    assert 50 < w < 160


@pytest.mark.parametrize(
    "name", ["coffee", "chelsea", "rocket", "page", "text", "coins", "brick", "horse"]
)
def test_no_face_in_photos_without_people(tmp_path, name):
    path = save(tmp_path, f"{name}.png", rgb(getattr(skimage.data, name)()))
    assert faces_in(path) == []


def test_boxes_follow_the_exif_orientation(tmp_path):
    # Stored turned 90° counter-clockwise; EXIF orientation 6 tells viewers to turn it back.
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = Image.fromarray(skimage.data.astronaut()).transpose(Image.Transpose.ROTATE_90)
    path = tmp_path / "rotated.jpg"
    stored.save(path, exif=exif.tobytes())
    (face,) = faces_in(path)
    x, y, w, h = face.box
    assert x < 230 < x + w and y < 110 < y + h


def _check(path, *, consents=(), consent_ids=(), platform=None, media_id=None):
    ref = MediaRef(path=str(path), consent_ids=tuple(consent_ids), id=media_id)
    item = CheckInput(
        text="Meet our patient!", media=(ref,), consents=tuple(consents), platform=platform
    )
    return [f for f in ENGINE.check(item).findings if f.code == "MED010"]


def test_face_without_consent_is_an_error_with_box(astronaut):
    (finding,) = _check(astronaut)
    assert finding.level.value == "error" and finding.category.value == "consent"
    box = finding.data["media"]["box"]
    assert set(box) == {"x", "y", "width", "height"}
    assert finding.fix is not None and finding.fix.applicability.value == "display-only"


@pytest.mark.parametrize(
    ("consent", "link", "level", "message"),
    [
        (ConsentRef(id="C1", person="E. Collins"), {"consent_ids": ["C1"]}, "warning", "C1"),
        (
            ConsentRef(id="C2", person="E. Collins", media=("astronaut.jpg",)),
            {},
            "warning",
            "C2",
        ),
        (
            ConsentRef(id="C3", person="E. Collins", media=("m-9",)),
            {"media_id": "m-9"},
            "warning",
            "C3",
        ),
        (
            ConsentRef(id="C4", person="E. Collins", expires="2020-01-31"),
            {"consent_ids": ["C4"]},
            "error",
            "expired on 2020-01-31",
        ),
        (
            ConsentRef(id="C5", person="E. Collins", revoked=True),
            {"consent_ids": ["C5"]},
            "error",
            "revoked",
        ),
        (
            ConsentRef(id="C6", person="E. Collins", platforms=("facebook",)),
            {"consent_ids": ["C6"], "platform": "instagram"},
            "error",
            "not instagram",
        ),
        (
            ConsentRef(id="C7", person="E. Collins"),
            {"consent_ids": ["C8"]},
            "error",
            "C8 is referenced but its record was not provided",
        ),
        (ConsentRef(id="C9", person="Somebody else"), {}, "error", "no valid consent"),
    ],
)
def test_consent_decides_the_level(astronaut, consent, link, level, message):
    (finding,) = _check(astronaut, consents=[consent], **link)
    assert finding.level.value == level
    assert message in finding.message


def test_blur_preview_hides_the_face_and_writes_only_out(tmp_path, astronaut, capsys):
    out = tmp_path / "preview.jpg"
    before = astronaut.read_bytes()
    assert main(["blur-faces", str(astronaut), str(out)], out=io.StringIO()) == 0
    assert astronaut.read_bytes() == before
    assert faces_in(out) == []
    assert main(["blur-faces", str(astronaut), str(out)], out=io.StringIO()) == 2
    assert "already exists" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preview.jpg"]


def test_blur_preview_refuses_to_replace_its_input(astronaut):
    from carepost.checks.media import MediaError

    with pytest.raises(MediaError, match="is the input file"):
        blur_faces_preview(astronaut, astronaut, overwrite=True)


def test_animated_gif_frames_are_checked(tmp_path):
    face = Image.fromarray(skimage.data.astronaut()).resize((256, 256))
    blank = Image.new("RGB", (256, 256), (200, 200, 200))
    path = tmp_path / "anim.gif"
    blank.save(path, save_all=True, append_images=[blank, face], duration=500, loop=0)
    (finding,) = _check(path)
    assert finding.data["media"]["time_s"] == 1.0


@pytest.mark.parametrize(
    "make",
    [
        lambda p: Image.new("CMYK", (64, 64), (0, 50, 100, 0)).save(p / "cmyk.jpg"),
        lambda p: Image.new("I;16", (64, 64), 4000).save(p / "deep.png"),
        lambda p: Image.new("P", (64, 64), 3).save(p / "pal.png", transparency=3),
        lambda p: Image.new("LA", (64, 64), (90, 128)).save(p / "la.png"),
        lambda p: Image.new("1", (64, 64), 1).save(p / "bw.tiff"),
    ],
    ids=["cmyk-jpeg", "16-bit-png", "palette-transparency", "grey-alpha", "bilevel-tiff"],
)
def test_unusual_pixel_modes_are_checked_without_errors(tmp_path, make):
    make(tmp_path)
    (path,) = tmp_path.iterdir()
    item = CheckInput(text="Our lobby.", media=(MediaRef(path=str(path)),))
    report = Engine(select=["MED"]).check(item)
    assert [f.code for f in report.findings] == []
