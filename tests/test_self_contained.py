"""The repository needs nothing outside the checkout: no absolute machine paths and no sibling
folders named in code, tests, benches or docs, and every vendored data set is present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ["src", "tests", "bench", "docs", "corpus/README.md", "README.md"]
SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".txt", ".html", ".cfg", ".ini", ".sh", ""}
SKIP_DIRS = {"conformance", "__pycache__", "migrations"}

# Spelled in pieces so this file does not match itself.
FORBIDDEN = [
    re.compile("/" + "work/"),
    re.compile(r"\.\./" + "shared"),
    re.compile(r"(?<![\w.-])" + "shared/" + r"(corpus|conformance|reference|hooks)\b"),
    re.compile(r"/home/[a-z_][\w-]*/"),
    re.compile("/" + r"root/\w"),
    re.compile(r"CAREPOST_" + "SHARED"),
]


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            out.append(path)
            continue
        for file in path.rglob("*"):
            if SKIP_DIRS & set(file.relative_to(ROOT).parts) or not file.is_file():
                continue
            if file.suffix in SUFFIXES:
                out.append(file)
    return out


def test_no_path_outside_the_checkout() -> None:
    offenders = []
    for file in _files():
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for lineno, line in enumerate(text.splitlines(), start=1):
            if any(p.search(line) for p in FORBIDDEN):
                offenders.append(f"{file.relative_to(ROOT)}:{lineno}: {line.strip()[:120]}")
    assert offenders == [], "paths outside the checkout:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "rel",
    [
        "corpus/dev.jsonl",
        "corpus/FORMAT.md",
        "tests/data/conformance/twitter-text/validate.yml",
        "tests/data/conformance/twitter-text/COMMIT",
        "tests/data/conformance/twitter-text/LICENSE",
        "tests/data/conformance/atproto/COMMIT",
        "tests/data/conformance/atproto/LICENSE-CC0",
        "tests/data/conformance/platform-apis/x/openapi-2.167.json",
        "tests/data/conformance/platform-apis/meta-graph/specs/version.txt",
    ],
)
def test_vendored_data_is_present(rel: str) -> None:
    assert (ROOT / rel).is_file(), f"{rel} is missing from the checkout"


def test_the_scan_catches_an_outside_path() -> None:
    samples = [
        "open('/" + "work/x')",
        "../" + "shar" + "ed/x",
        "see " + "shar" + "ed/" + "conformance",
    ]
    assert all(any(p.search(s) for p in FORBIDDEN) for s in samples)
    assert not any(p.search("corpus/dev.jsonl or tests/data/conformance") for p in FORBIDDEN)
