"""The checker's one sentence splitter: character spans of the sentences of a social post.

Every family (privacy, claims, advice, guidelines, variants) cuts text with this function, so a
finding's "sentence" means the same thing everywhere.

Why not a library: pysbd 0.3.4 (its last release, 2021) did not split ``Thanks, Ana!!! See you``
or ``our team 🎉 Big news`` and cost ~0.7 ms per post against ~0.02 ms here; spaCy's parser
boundaries move with the parse of each text. Social posts need a few plain rules:

* a run of ``.`` ``!`` ``?`` ``…`` (closing quotes or brackets and emoji may follow) then
  whitespace ends a sentence, unless the word before the full stop is an abbreviation (``Dr.``,
  ``St.``, ``e.g.``, ``a.m.``), an initial (``J.``) or a list number (``1.`` at a line start);
  after an ellipsis or a closing quote, a lower-case word continues the sentence;
* a line break ends a sentence (bullets and lists are one item a line);
* an emoji followed by whitespace and a capital starts a new sentence;
* an inline bullet (``•``) starts a new sentence.

Decimals (``2.5``), URLs, e-mail addresses and handles never split: a boundary needs whitespace
after the punctuation, and a full stop right after a URL ends the sentence. Spanish ``¿`` and
``¡`` open sentences like any other character.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from .vocab import load_vocabulary

__all__ = ["doc_sentences", "is_question", "sentence_index", "split_sentences"]

_EMOJI = r"(?![©®™‼⁉])\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F\u200D\p{Extended_Pictographic}]*"
_CANDIDATE = regex.compile(
    rf"(?P<end>(?P<punct>[.!?…]+)(?P<close>[\"'”’»)\]]*)(?:[ \t]*{_EMOJI})*)"
    r"(?P<gap>[ \t\u00a0]+|(?=\n)|\Z)"
    r"|(?P<nl>[ \t]*\n\s*)"
    rf"|(?P<emoji>{_EMOJI})[ \t]+(?=[\p{{Lu}}¿¡])"
    r"|[ \t]+(?=[•▪◦‣●][ \t])"
)
_TRAILER = regex.compile(rf"(?:[\s\"'”’»)\]]|{_EMOJI})+\Z")
_LOWER_START = regex.compile(r"\p{Ll}")
_DOTTED = regex.compile(r"\p{L}(?:\.\p{L})*")  # e.g, a.m, U.S, J
_WEB = regex.compile(r"(?i:https?://|www\.)|@|#|\.\w+/")
_LIST_NUMBER = regex.compile(r"[ \t]*\(?\d{1,2}")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, in order, each trimmed of surrounding
    whitespace; blank text gives ``[]``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if m.group("punct") is not None:
            if not _ends_sentence(text, m):
                continue
            end = m.end("end")
        elif m.group("emoji") is not None:
            end = m.end("emoji")
        else:
            end = m.start()
        _append_trimmed(text, start, end, spans)
        start = m.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def sentence_index(spans: Sequence[tuple[int, int]], pos: int) -> int:
    """Index of the sentence holding ``pos``; whitespace between sentences belongs to the next
    one (text after the last sentence belongs to the last)."""
    if not spans:
        return 0
    return min(bisect.bisect_right([e for _s, e in spans], pos), len(spans) - 1)


def is_question(sentence: str) -> bool:
    """Whether a sentence ends with a question mark, before any closing quotes and emoji
    ("Do you floss? 🤔")."""
    return _TRAILER.sub("", sentence).endswith("?")


def doc_sentences(doc: Any, spans: Sequence[tuple[int, int]]) -> list[Any]:
    """``spans`` as spaCy ``Span`` objects of ``doc``, widened to whole tokens."""
    out = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            out.append(span)
    return out


def _ends_sentence(text: str, m: regex.Match[str]) -> bool:
    punct, close = m.group("punct"), m.group("close")
    nxt = text[m.end() : m.end() + 1]
    if (punct[0] == "…" or punct.startswith("..") or close) and _LOWER_START.match(nxt):
        return False
    if punct != "." or close:
        return True
    pos = m.start("punct")
    line_start = text.rfind("\n", 0, pos) + 1
    word_start = max(line_start, text.rfind(" ", 0, pos) + 1, text.rfind("\t", 0, pos) + 1)
    word = text[word_start:pos].lstrip("\"'“‘«([¿¡")
    if not word or _WEB.search(word):
        return True
    if line_start == word_start and _LIST_NUMBER.fullmatch(text[line_start:pos]):
        return False
    vocab = _abbreviations()
    if word in vocab.cased or word.casefold() in vocab.folded:
        return False
    if _DOTTED.fullmatch(word):
        if len(word) == 1 and word.isupper():
            # "Ana J. Ruiz" (an initial) against "vitamin D. Walk daily" (a name of a thing).
            before = text[max(line_start, word_start - 24) : word_start].split()
            return bool(before) and before[-1].casefold() in vocab.letter_names
        return False
    return True


@dataclass(frozen=True)
class _Abbreviations:
    folded: frozenset[str]
    cased: frozenset[str]
    letter_names: frozenset[str]


@functools.cache
def _abbreviations() -> _Abbreviations:
    vocab = load_vocabulary(
        Path(__file__).with_name("sentences.yaml"),
        required=("abbreviations_any_case", "abbreviations_cased", "letter_names"),
    )
    return _Abbreviations(
        vocab.words("abbreviations_any_case"),
        vocab.exact("abbreviations_cased"),
        vocab.words("letter_names"),
    )


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
