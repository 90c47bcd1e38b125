"""Text in images with RapidOCR (PP-OCRv4 ONNX models shipped inside the
``rapidocr-onnxruntime`` wheel; nothing is downloaded).

The pipeline is split so that images without text stay cheap:

1. a presence test: the detection model on a 320 px copy (a quarter of the pixels of the
   main pass). No text region there, no further OCR: most photos stop here;
2. the detection model on a copy whose longest side is ``det_side`` (576 by default,
   under a third of the pixels of the full 1080 px image);
3. recognition on crops cut from the sharper working copy (up to 1600 px), so small text
   such as a wristband survives the down-scaled detection pass.

``[options.media] ocr_presence_side = 0`` turns the presence test off (slower, finds tiny
text in busy photos that the 320 px pass misses).

The engine loads on first use, once per process.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from .vision import Box, Frame, to_original

__all__ = ["DET_SIDE", "TextLine", "load_engine", "read_text"]

DET_SIDE = 576
PRESENCE_SIDE = 320
MIN_SCORE = 0.6

_ENGINE: Any = None
_LOCK = threading.Lock()
# One recognition at a time: the detector's size limit is set per call on the shared
# engine, and ONNX Runtime already uses every core for one image.
_RUN_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    box: Box
    confidence: float
    time_s: float | None = None


def load_engine() -> Any:
    """The process-wide RapidOCR engine (loaded once; thread-safe creation)."""
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    with _LOCK:
        if _ENGINE is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            engine = RapidOCR(use_cls=False, print_verbose=False)
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            _ENGINE = engine
    return _ENGINE


def _detect(engine: Any, pixels: Any, side: int) -> tuple[Any, float]:
    """Text-region quads found on a copy of ``pixels`` scaled to ``side``, and the scale."""
    import cv2
    import numpy as np

    height, width = pixels.shape[:2]
    factor = min(1.0, side / max(height, width))
    small = pixels
    if factor < 1.0:
        small = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    det = engine.text_det
    det.limit_type = "max"
    det.limit_side_len = max(side, 32)
    boxes, _ = det(np.ascontiguousarray(small[:, :, ::-1]))
    return boxes, factor


def read_text(
    frame: Frame, *, det_side: int = DET_SIDE, presence_side: int = PRESENCE_SIDE
) -> list[TextLine]:
    engine = load_engine()
    with _RUN_LOCK:
        return _read_text(engine, frame, det_side, presence_side)


def _read_text(engine: Any, frame: Frame, det_side: int, presence_side: int) -> list[TextLine]:
    import numpy as np

    pixels = frame.pixels
    height, width = pixels.shape[:2]
    if min(height, width) < 16:
        return []
    if 0 < presence_side < min(det_side, max(height, width)):
        boxes, _ = _detect(engine, pixels, presence_side)
        if boxes is None or len(boxes) == 0:
            return []
    boxes, factor = _detect(engine, pixels, det_side)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = [_pad(np.asarray(b, dtype=np.float32) / factor) for b in engine.sorted_boxes(boxes)]
    work_bgr = np.ascontiguousarray(pixels[:, :, ::-1])
    crops = engine.get_crop_img_list(work_bgr, [b.copy() for b in boxes])
    results, _ = engine.text_rec(crops, False)
    lines = []
    for box, (text, score, *_rest) in zip(boxes, results, strict=True):
        cleaned = normalize(str(text))
        if float(score) < MIN_SCORE or not cleaned:
            continue
        xs, ys = box[:, 0], box[:, 1]
        x0, y0 = float(xs.min()), float(ys.min())
        bbox = to_original(frame, x0, y0, float(xs.max()) - x0, float(ys.max()) - y0)
        lines.append(TextLine(cleaned, bbox, float(score), frame.time_s))
    return lines


def _pad(quad: Any) -> Any:
    """Grow a detected quad a little: boxes scaled up from the small detection pass sit
    tight on the glyphs, and the recognizer then drops the spaces between words."""
    import numpy as np

    height = float(np.linalg.norm(quad[0] - quad[3]))
    pad = max(2.0, 0.12 * height)
    centre = quad.mean(axis=0)
    return (quad + np.sign(quad - centre) * pad).astype(np.float32)


_LABEL_WORDS = r"DOB|D\.O\.B\.?|MRN|MR#|ROOM|RM|BED|BAY|PT|DR|RN|MD|NPO|AGE|SEX|ALLERGIES|ALLERGY"
_GLUED_LABEL = re.compile(rf"(?<=[A-Za-z0-9.])(?=(?:{_LABEL_WORDS})(?:[\s:#.]|\d))")
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z]{2})(?=\d)|(?<=\d)(?=[A-Za-z]{2})")


def normalize(text: str) -> str:
    """Undo the recognizer's habit of dropping wide spaces ("ROOM12J.SMITHDOB03/04/1950")."""
    text = " ".join(text.split())
    if not text:
        return ""
    out = []
    for token in text.split(" "):
        if len(token) >= 8:
            token = _GLUED_LABEL.sub(" ", token)
            token = _LETTER_DIGIT.sub(" ", token)
        out.append(token)
    return " ".join(" ".join(out).split())
