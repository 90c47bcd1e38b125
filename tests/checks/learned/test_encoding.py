from __future__ import annotations

from pathlib import Path

import pytest

from carepost.checks.learned.encoding import MIN_PARENT_TOKENS, Encoded, Encoder, batches
from carepost.checks.learned.runtime import DEFAULT_MODEL_DIR


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder.from_file(str(Path(DEFAULT_MODEL_DIR) / "tokenizer.json"), 32)


def test_post_is_cls_text_sep(encoder: Encoder):
    (e,) = encoder.encode(["Flu shots are here"], [None])
    assert e.ids[0] == encoder.cls_id and e.ids[-1] == encoder.sep_id
    assert set(e.segments) == {0}
    assert len(e.ids) == len(e.segments)


def test_reply_puts_parent_in_second_segment(encoder: Encoder):
    (e,) = encoder.encode(["Thanks for the kind words"], ["Great visit today"])
    assert e.ids.count(encoder.sep_id) == 2
    first_sep = e.ids.index(encoder.sep_id)
    assert set(e.segments[: first_sep + 1]) == {0}
    assert set(e.segments[first_sep + 1 :]) == {1}


def test_long_reply_keeps_the_reply_and_some_parent():
    encoder = Encoder.from_file(str(Path(DEFAULT_MODEL_DIR) / "tokenizer.json"), 128)
    reply = "we are sorry " * 100
    parent = "the wait was long " * 100
    (e,) = encoder.encode([reply], [parent])
    assert len(e.ids) == 128
    parent_tokens = sum(e.segments) - 1  # minus the closing [SEP]
    assert parent_tokens == MIN_PARENT_TOKENS
    (short,) = encoder.encode(["ok"], [parent])
    assert len(short.ids) == 128 and sum(short.segments) - 1 == 128 - 3 - 1


def test_batches_group_by_length_within_budget():
    items = [Encoded(tuple(range(n)), tuple(0 for _ in range(n))) for n in (5, 50, 6, 49, 7)]
    groups = list(batches(items, max_tokens=120, max_batch=8))
    assert sorted(i for g in groups for i in g) == [0, 1, 2, 3, 4]
    for g in groups:
        longest = max(len(items[i].ids) for i in g)
        assert longest * len(g) <= 120
    assert groups[0] == [0, 2, 4]  # the three short ones together
