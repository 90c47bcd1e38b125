"""Counting text the way each platform counts it."""

from __future__ import annotations

import unicodedata

import regex

__all__ = ["count_text", "graphemes", "utf16_length", "x_weighted_length"]

_GRAPHEME = regex.compile(r"\X")
# A URL as twitter-text sees it, simplified; the platform family refines this with the
# conformance suite.
_URL = regex.compile(
    r"(?<![\w@$#])(?:https?://)?(?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,}(?::\d+)?(?:/[^\s]*)?",
    regex.IGNORECASE,
)
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")

# twitter-text config v3: weight 100 by default, 200 outside these ranges.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def x_weighted_length(text: str) -> int:
    """Weighted length per twitter-text config v3 (URLs 23, emoji sequences 2)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for m in _URL.finditer(text):
        if "." not in m.group(0):
            continue
        total += _weigh(text[pos : m.start()])
        total += 2300
        pos = m.end()
    total += _weigh(text[pos:])
    return total // 100


def _weigh(segment: str) -> int:
    total = 0
    for g in _GRAPHEME.findall(segment):
        if _EMOJI.search(g):
            total += 200
            continue
        for ch in g:
            cp = ord(ch)
            total += 100 if any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES) else 200
    return total


def count_text(text: str, unit: str) -> int:
    if unit == "weighted":
        return x_weighted_length(text)
    if unit == "graphemes":
        return len(graphemes(text))
    if unit == "utf16":
        return utf16_length(text)
    if unit == "bytes":
        return len(text.encode("utf-8"))
    return len(text)
