from __future__ import annotations

import json
from pathlib import Path

import pytest

from carepost.checks.errors import InputError
from carepost.checks.learned.corpus import read_corpus_path
from carepost.checks.learned.heads import head_targets


def _jsonl(path: Path, rows: list[object]) -> None:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")


def test_directory_with_adjudications_and_bad_lines(tmp_path: Path):
    train = tmp_path / "train"
    train.mkdir()
    _jsonl(train / "a.jsonl", [{"id": "1", "text": "a", "phi": False}, "{not json", {"x": 1}])
    _jsonl(train / "b.jsonl", [{"id": "2", "text": "b", "phi": True}, {"id": "1", "text": "dup"}])
    adjudicated = tmp_path / "train-adjudicated"
    adjudicated.mkdir()
    _jsonl(adjudicated / "r.jsonl", [{"id": "2", "text": "b", "phi": False}])
    corpus = read_corpus_path(train)
    assert [r["id"] for r in corpus.records] == ["1", "2"]
    assert corpus.records[1]["phi"] is False and corpus.adjudicated == 1
    assert len(corpus.skipped) == 3  # bad JSON, no text, duplicate id


def test_missing_corpus(tmp_path: Path):
    with pytest.raises(InputError, match="no such corpus"):
        read_corpus_path(tmp_path / "none")


def test_head_targets():
    post = {"kind": "post", "phi": True, "claim": "absolute", "needs_disclaimer": False}
    assert head_targets(post) == [1.0, None, 1.0, 1.0, 0.0]
    reply = {"kind": "reply", "phi": False, "claim": "supported", "needs_disclaimer": True}
    assert head_targets(reply) == [0.0, 0.0, 0.0, 0.0, 1.0]
    consented = {"kind": "post", "phi": False, "consents": [{"id": "c", "person": "A B"}]}
    assert head_targets(consented)[0] == 1.0  # the text identifies a patient; consent applies later
