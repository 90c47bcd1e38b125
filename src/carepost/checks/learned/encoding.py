"""Turn texts (and a reply's parent) into token ids, the same way in training and at run time.

A post is ``[CLS] text [SEP]``; a reply is ``[CLS] reply [SEP] parent [SEP]`` with segment 1 on
the parent, so the model reads the reply in the light of what it answers. The reply keeps
priority: the parent is cut to what is left of ``max_length`` (but keeps at least
``MIN_PARENT_TOKENS`` when it has them). Nothing is padded here; ``batches`` groups encodings of
similar length so each batch pads only to its own longest member.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MIN_PARENT_TOKENS", "Encoded", "Encoder", "batches"]

MIN_PARENT_TOKENS = 48


@dataclass(frozen=True, slots=True)
class Encoded:
    """One model input: token ids and segment ids (equal length, no padding)."""

    ids: tuple[int, ...]
    segments: tuple[int, ...]


class Encoder:
    """Wraps a ``tokenizers.Tokenizer`` (the base model's ``tokenizer.json``)."""

    def __init__(self, tokenizer: Any, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.max_length = max_length
        self.cls_id = int(tokenizer.token_to_id("[CLS]") or 0)
        self.sep_id = int(tokenizer.token_to_id("[SEP]") or 0)
        self.pad_id = int(tokenizer.token_to_id("[PAD]") or 0)

    @classmethod
    def from_file(cls, path: str, max_length: int) -> Encoder:
        from tokenizers import Tokenizer

        return cls(Tokenizer.from_file(path), max_length)

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, without special tokens."""
        if not texts:
            return []
        out = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [list(e.ids) for e in out]

    def assemble(self, text_ids: Sequence[int], parent_ids: Sequence[int] | None) -> Encoded:
        """``[CLS] text [SEP] (parent [SEP])``, cut to ``max_length``."""
        if parent_ids is None:
            body = list(text_ids[: self.max_length - 2])
            ids = [self.cls_id, *body, self.sep_id]
            return Encoded(tuple(ids), tuple(0 for _ in ids))
        room = self.max_length - 3
        keep_parent = min(len(parent_ids), max(MIN_PARENT_TOKENS, room - len(text_ids)))
        keep_text = min(len(text_ids), room - keep_parent)
        keep_parent = min(len(parent_ids), room - keep_text)
        first = [self.cls_id, *text_ids[:keep_text], self.sep_id]
        second = [*parent_ids[:keep_parent], self.sep_id]
        return Encoded(tuple(first + second), tuple([0] * len(first) + [1] * len(second)))

    def encode(self, texts: Sequence[str], parents: Sequence[str | None]) -> list[Encoded]:
        """Encode each text with its parent (``None`` for posts)."""
        text_ids = self.token_ids(texts)
        wanted = [p for p in parents if p]
        parent_ids = iter(self.token_ids(wanted))
        out: list[Encoded] = []
        for ids, parent in zip(text_ids, parents, strict=True):
            out.append(self.assemble(ids, next(parent_ids) if parent else None))
        return out


def batches(
    encoded: Sequence[Encoded], *, max_tokens: int = 4096, max_batch: int = 32
) -> Iterator[list[int]]:
    """Indices of ``encoded`` grouped by length (shortest first): each group holds at most
    ``max_batch`` items and at most ``max_tokens`` tokens once padded to its longest member."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
    group: list[int] = []
    longest = 0
    for i in order:
        n = len(encoded[i].ids)
        if group and (len(group) >= max_batch or max(longest, n) * (len(group) + 1) > max_tokens):
            yield group
            group, longest = [], 0
        group.append(i)
        longest = max(longest, n)
    if group:
        yield group
