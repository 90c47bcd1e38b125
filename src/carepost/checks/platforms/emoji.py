"""Emoji sequences: where they start and end, so a counter can weigh each one once.

X counts every emoji sequence (a single emoji, one with a skin tone or a variation selector, a
flag, a keycap, a ZWJ sequence) as one weighted emoji. The 2019 tables bundled with twitter-text
only know Emoji 12; this module works from Unicode properties and extended grapheme clusters
(the ``regex`` module's ``\\X``, which follows the current Unicode segmentation rules), so newer
sequences such as U+2764 U+FE0F U+200D U+1F525 or three-person families count once as well.
"""

from __future__ import annotations

import regex

__all__ = ["emoji_spans", "is_emoji_sequence"]

_GRAPHEME = regex.compile(r"\X")
_PRESENTATION = regex.compile(r"[\p{Emoji_Presentation}\p{Regional_Indicator}\p{Emoji_Modifier}]")
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")
_KEYCAP = regex.compile(r"^[0-9#*]\uFE0F?\u20E3")
_EMOJI_CANDIDATE = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3\p{Emoji_Modifier}]"
)


def is_emoji_sequence(cluster: str) -> bool:
    """Whether one extended grapheme cluster displays as an emoji.

    Text-presentation characters (``©``, ``™``, ``☺`` without U+FE0F) are not emoji sequences:
    X weighs them as ordinary characters.
    """
    if _KEYCAP.match(cluster):
        return True
    if not _PICTOGRAPHIC.search(cluster) and not _PRESENTATION.search(cluster):
        return False
    if _PRESENTATION.search(cluster):
        return True
    return "\ufe0f" in cluster or "\u200d" in cluster


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` ``str`` indices of every emoji sequence in ``text``."""
    if not _EMOJI_CANDIDATE.search(text):
        return []
    spans: list[tuple[int, int]] = []
    for m in _GRAPHEME.finditer(text):
        if is_emoji_sequence(m.group(0)):
            spans.append((m.start(), m.end()))
    return spans
