"""Text in images: OCR on drawn whiteboards, wristbands, labels, monitors and badges."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from carepost.checks import Category, CheckInput, Engine, Level, MediaRef, Policy, rule
from carepost.checks.media.labels import find_patient_cues
from carepost.checks.media.ocr import normalize, read_text
from carepost.checks.media.vision import load_image

from .fixtures import text_card

STAFF = Policy.from_mapping({"staff": {"names": ["Dr. Amara Okafor", "Brooke Lee, RN"]}})

# (name, lines, patient-like?) -- drawn with Pillow; small canvases keep OCR fast.
CARDS = [
    ("whiteboard", ["RM 12  J. Smith  DOB 03/04/1950", "RM 14  K. Lee  fall risk"], True),
    ("wristband", ["GARCIA, ANA", "MRN 00482913  DOB 01/02/1960"], True),
    ("lab-label", ["Patient: Maria Lopez", "CBC w/ diff  03/14 08:12"], True),
    ("monitor", ["BED 7  Tom Baker", "HR 88  SpO2 97%"], True),
    ("rx-label", ["SMITH, JOHN", "Lisinopril 10 mg  Take 1 tablet daily"], True),
    ("badge", ["Dr. Amara Okafor", "Family Medicine"], False),
    ("badge-rn", ["Carla Diaz, RN", "Cardiology"], False),
    ("care-team", ["Your care team today", "Nurse: Brooke Lee"], False),
    ("vitals-only", ["HR 72  SpO2 98%", "BP 120/80"], False),
    ("sign", ["Exam Room 4", "Please wait here"], False),
    ("poster", ["Flu shots today!", "Walk-ins welcome"], False),
]


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    base = tmp_path_factory.mktemp("cards")
    out = {}
    for name, lines, _ in CARDS:
        path = base / f"{name}.png"
        text_card(lines, size=(460, 110), font_size=24).save(path)
        out[name] = path
    return out


def med020(path: Path, policy: Policy = STAFF):
    item = CheckInput(text="A day in the life of our team.", media=(MediaRef(path=str(path)),))
    return [f for f in Engine(policy, select=["MED020"]).check(item).findings]


@pytest.mark.parametrize(("name", "lines", "patient"), CARDS, ids=[c[0] for c in CARDS])
def test_patient_text_is_flagged_and_staff_text_is_not(cards, ocr_engine, name, lines, patient):
    findings = med020(cards[name])
    if patient:
        assert findings, f"{name}: expected a finding"
        assert all(f.level is Level.ERROR and f.category is Category.PRIVACY for f in findings)
        first = findings[0]
        assert first.data["media"]["file"] == str(cards[name])
        box = first.data["media"]["box"]
        assert box["width"] > 50 and 0 <= box["y"] < 110
        assert first.data["text"]
    else:
        assert findings == [], [f.data.get("text") for f in findings]


def test_ocr_reads_the_words_and_boxes(cards, ocr_engine):
    lines = read_text(load_image(str(cards["whiteboard"])))
    assert [ln.text for ln in lines] == ["RM 12 J. Smith DOB 03/04/1950", "RM 14 K. Lee fall risk"]
    assert lines[0].box[1] < lines[1].box[1]


def test_a_photo_without_text_reads_nothing(ocr_engine):
    from carepost.checks.media.vision import Frame

    from .fixtures import gradient

    pixels = __import__("numpy").asarray(gradient((200, 200)))
    assert read_text(Frame(pixels=pixels, scale=1.0, original_size=(200, 200))) == []


@pytest.mark.parametrize(
    ("line", "staff", "patient"),
    [
        ("RM 3  Amara Okafor", ["Dr. Amara Okafor"], False),
        ("RM 3  A. Okafor", ["Dr. Amara Okafor"], False),
        ("RM 3  Amara Okafor", [], True),
        ("RM 14  K. Lee", ["Brooke Lee, RN"], True),
        ("RM 14  B. Lee", ["Brooke Lee, RN"], False),
        ("RM 14  Kim Lee", ["Brooke Lee, RN"], True),
    ],
)
def test_staff_list_names_are_not_patients(line, staff, patient):
    cues = find_patient_cues([line, "fall risk"], staff=staff)
    assert [c.signal for c in cues] == (["room-and-name"] if patient else [])


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ROOM12J.SMITHDOB03/04/1950", "ROOM 12J.SMITH DOB 03/04/1950"),
        ("  Bed 3   fall risk ", "Bed 3 fall risk"),
        ("Hello", "Hello"),
    ],
)
def test_normalize_spacing(raw, clean):
    assert normalize(raw) == clean


class _Recorder(rule.Rule):
    """
    What it does:
        Test-only privacy rule: flags the word Smith.
    Why it matters:
        -
    Example:
        -
    Use instead:
        -
    Fix safety:
        -
    References:
        -
    """

    code = "PHI990"
    name = "test-only-smith"
    category = Category.PRIVACY
    level = Level.WARNING

    def check(self, ctx):
        at = ctx.text.find("Nadia Smith")
        if at >= 0:
            yield self.finding("names a person", span=(at, at + 11), explanation="test")


@pytest.fixture
def privacy_rule():
    rule.register(_Recorder)
    try:
        yield
    finally:
        del rule._REGISTRY[_Recorder.code]


def test_privacy_rules_run_on_recognized_text_and_point_at_the_box(
    tmp_path, ocr_engine, privacy_rule
):
    path = tmp_path / "thanks.png"
    text_card(["Thank you", "Nadia Smith"], size=(300, 100), font_size=24).save(path)
    (finding,) = med020(path, Policy())
    assert finding.level is Level.WARNING
    assert finding.data["privacy_code"] == "PHI990"
    assert finding.data["text"] == "Nadia Smith"
    assert finding.data["media"]["box"]["y"] > 30
    assert "names a person" in finding.message


def test_ocr_models_ship_in_the_wheel_and_nothing_is_downloaded(monkeypatch, tmp_path):
    import rapidocr_onnxruntime
    from rapidocr_onnxruntime import RapidOCR

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    assert {p.suffix for p in models.iterdir()} >= {".onnx"}

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine = RapidOCR(use_cls=False)
    path = tmp_path / "t.png"
    text_card(["Hello"], size=(200, 60), font_size=24).save(path)
    result, _ = engine(str(path))
    assert result and result[0][1] == "Hello"
