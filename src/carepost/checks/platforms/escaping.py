"""Reserved characters: LinkedIn's "little text" escaping and YouTube's forbidden characters."""

from __future__ import annotations

import regex

from .twitter_text import extract_hashtags

__all__ = ["LINKEDIN_RESERVED", "escape_reserved", "unescaped_reserved"]

LINKEDIN_RESERVED = "\\|{}@[]()<>#*_~"
# @[Display Name](urn:li:person:abc) — LinkedIn's mention template, kept as is.
_MENTION_TEMPLATE = regex.compile(r"@\[[^\]\n]{1,100}\]\(urn:li:(?:person|organization):[\w-]+\)")


def _protected(text: str) -> set[int]:
    """Positions that must stay unescaped: hashtag signs and mention templates."""
    keep: set[int] = set()
    for tag in extract_hashtags(text):
        keep.add(tag.start)
    for m in _MENTION_TEMPLATE.finditer(text):
        keep.update(range(m.start(), m.end()))
    return keep


def unescaped_reserved(text: str, chars: str = LINKEDIN_RESERVED) -> list[int]:
    """Positions of reserved characters not preceded by an escaping backslash."""
    keep = _protected(text)
    found: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in chars:
            i += 2
            continue
        if ch in chars and i not in keep:
            found.append(i)
        i += 1
    return found


def escape_reserved(text: str, chars: str = LINKEDIN_RESERVED) -> str:
    """Backslash-escape every unescaped reserved character (hashtags and mentions kept)."""
    positions = set(unescaped_reserved(text, chars))
    return "".join(f"\\{ch}" if i in positions else ch for i, ch in enumerate(text))
