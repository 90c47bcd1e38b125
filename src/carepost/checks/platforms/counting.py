"""Counting text the way each platform counts it.

Units (the ``unit`` of a platform spec):

- ``weighted``: X, twitter-text config v3 (``twitter_text.parse_tweet``): NFC, URLs 23, most
  characters 2, Latin and general punctuation 1, every emoji sequence 2.
- ``graphemes``: extended grapheme clusters (Bluesky ``maxGraphemes``).
- ``mastodon``: graphemes, every ``http(s)://`` URL as 23, ``@user@remote.domain`` as ``@user``
  (Mastodon's ``StatusLengthValidator`` and the web composer's ``countableText``).
- ``threads``: characters, but an emoji sequence counts as its UTF-8 bytes (the Threads docs say
  "Emojis are counted as the number of UTF-8 bytes"; the conservative reading).
- ``utf16``: UTF-16 code units (TikTok's "UTF-16 runes", Meta and LinkedIn JavaScript lengths).
- ``codepoints``: Unicode code points.
- ``bytes``: UTF-8 bytes (YouTube description, Bluesky ``maxLength``).
"""

from __future__ import annotations

import regex

from .emoji import emoji_spans
from .twitter_text import extract_urls, weighted_length

__all__ = [
    "UNITS",
    "count_text",
    "graphemes",
    "mastodon_length",
    "threads_length",
    "utf16_length",
    "x_weighted_length",
]

UNITS = ("weighted", "graphemes", "mastodon", "threads", "utf16", "codepoints", "bytes")

_GRAPHEME = regex.compile(r"\X")
_MASTODON_MENTION = regex.compile(r"(^|[^/\w])@(([a-z0-9_]+)@[a-z0-9.\-]+[a-z0-9]+)", regex.I)
MASTODON_URL_LENGTH = 23


def graphemes(text: str) -> list[str]:
    return list(_GRAPHEME.findall(text))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def x_weighted_length(text: str) -> int:
    """Weighted length per twitter-text config v3 (URLs 23, emoji sequences 2)."""
    return weighted_length(text)


def mastodon_length(text: str, url_length: int = MASTODON_URL_LENGTH) -> int:
    pieces: list[str] = []
    pos = 0
    for url in extract_urls(text, without_protocol=False):
        if not url.value.lower().startswith(("http://", "https://")):
            continue
        pieces.append(text[pos : url.start])
        pieces.append("x" * url_length)
        pos = url.end
    pieces.append(text[pos:])
    countable = _MASTODON_MENTION.sub(lambda m: f"{m.group(1)}@{m.group(3)}", "".join(pieces))
    return len(graphemes(countable))


def threads_length(text: str) -> int:
    total = 0
    pos = 0
    for start, end in emoji_spans(text):
        total += len(text[pos:start]) + len(text[start:end].encode("utf-8"))
        pos = end
    return total + len(text[pos:])


def count_text(text: str, unit: str) -> int:
    if unit == "weighted":
        return x_weighted_length(text)
    if unit == "graphemes":
        return len(graphemes(text))
    if unit == "mastodon":
        return mastodon_length(text)
    if unit == "threads":
        return threads_length(text)
    if unit == "utf16":
        return utf16_length(text)
    if unit == "bytes":
        return len(text.encode("utf-8"))
    if unit == "codepoints":
        return len(text)
    raise ValueError(f"unknown counting unit {unit!r} (known: {', '.join(UNITS)})")
