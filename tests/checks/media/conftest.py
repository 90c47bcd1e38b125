from __future__ import annotations

import pytest

from carepost.checks.media.ocr import load_engine


@pytest.fixture(scope="session")
def ocr_engine():
    """One RapidOCR engine for the whole session (it is a process-wide singleton anyway)."""
    return load_engine()
