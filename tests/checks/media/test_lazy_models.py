"""The checker stays importable without loading OpenCV, ONNX Runtime or RapidOCR."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("cv2", "onnxruntime", "rapidocr_onnxruntime", "imageio_ffmpeg")


def test_import_and_rule_discovery_load_no_model_runtime():
    code = (
        "import sys; import carepost.checks as c; c.all_rules(); "
        "from carepost.checks import check; check('Flu shots are here!'); "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
