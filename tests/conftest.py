from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _find_shared() -> Path:
    """The shared folder (corpus, conformance suites): $CAREPOST_SHARED, or next to the checkout
    (a worktree under a sibling folder looks one level further up)."""
    env = os.environ.get("CAREPOST_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for path in candidates:
        if (path / "corpus").is_dir():
            return path
    return candidates[0]


SHARED = _find_shared()
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    if not DEV_CORPUS.is_file():
        pytest.skip("shared dev corpus not present next to the checkout")
    return DEV_CORPUS
