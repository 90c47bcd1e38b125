"""Read a labelled corpus: a JSON Lines file or a directory of them, with adjudicated labels.

A directory is read file by file in name order. When a sibling directory ``<name>-adjudicated``
exists (or ``adjudicated`` is given), its records replace the records with the same ``id``:
that is where a label review's decisions land.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["Corpus", "read_corpus_path"]


@dataclass
class Corpus:
    records: list[dict[str, Any]]
    files: list[str]
    skipped: list[str] = field(default_factory=list)
    adjudicated: int = 0


def _jsonl_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.glob("*.jsonl") if p.is_file())
    raise InputError(f"{path}: no such corpus file or directory")


def _read_file(path: Path, skipped: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                skipped.append(f"{path}:{lineno}: {type(exc).__name__}")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                skipped.append(f"{path}:{lineno}: not an object with a 'text'")
                continue
            if not record["text"].strip():
                skipped.append(f"{path}:{lineno}: empty text")
                continue
            out.append(record)
    return out


def read_corpus_path(path: str | Path, adjudicated: str | Path | None = None) -> Corpus:
    """Every valid record of ``path`` (file or directory), adjudications applied, duplicate ids
    kept once (the first)."""
    root = Path(path)
    files = _jsonl_files(root)
    skipped: list[str] = []
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for f in files:
        for record in _read_file(f, skipped):
            rid = str(record.get("id", ""))
            if rid and rid in seen:
                skipped.append(f"{f}: duplicate id {rid}")
                continue
            seen.add(rid)
            records.append(record)
    changed = 0
    resolved = root.resolve()
    adj_dir = (
        Path(adjudicated) if adjudicated else resolved.with_name(resolved.name + "-adjudicated")
    )
    if resolved.is_dir() and adj_dir.is_dir():
        overrides: dict[str, dict[str, Any]] = {}
        for f in _jsonl_files(adj_dir):
            for record in _read_file(f, skipped):
                if record.get("id") is not None:
                    overrides[str(record["id"])] = record
        for i, record in enumerate(records):
            new = overrides.get(str(record.get("id")))
            if new is not None:
                records[i] = {**record, **new}
                changed += 1
    return Corpus(
        records=records, files=[str(f) for f in files], skipped=skipped, adjudicated=changed
    )
