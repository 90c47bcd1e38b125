from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


#: The labelled dev corpus, inside the repository (corpus/README.md says where it came from).
DEV_CORPUS = ROOT / "corpus" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    if not DEV_CORPUS.is_file():
        raise FileNotFoundError(f"dev corpus missing: {DEV_CORPUS}")
    return DEV_CORPUS
