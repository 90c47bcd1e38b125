"""The signal vocabulary (``signals.yaml``): validated on load and compiled to one regex per key.

A mistake in the file (unknown key, empty list, non-string, duplicate) is a ``DataFileError``
that names the file, line and key; nothing is silently skipped.
"""

from __future__ import annotations

import functools
from pathlib import Path

import regex
import yaml

from ..errors import DataFileError

__all__ = ["SIGNALS_PATH", "SIGNAL_KEYS", "compile_phrases", "signal_patterns"]

SIGNALS_PATH = Path(__file__).with_name("signals.yaml")

SIGNAL_KEYS = (
    "care_objects",
    "team_linked_objects",
    "care_team",
    "body_parts",
    "progress",
    "milestones",
    "family_milestones",
    "person_roles",
    "care_terms",
    "status",
    "public_news",
    "hypothetical",
    "staff_cues",
)

_WILD_WORD = r"(?:[\w&'’-]+\s+){0,2}[\w&'’-]+"


def _phrase_regex(phrase: str) -> str:
    parts: list[str] = []
    words = phrase.split()
    for word in words:
        if word == "*":
            parts.append(_WILD_WORD)
            continue
        body = regex.escape(word.strip("*"))
        if word.startswith("*"):
            body = r"[\w-]*" + body
        if word.endswith("*"):
            body += r"\w*"
        parts.append(body)
    return r"\s+".join(parts)


def compile_phrases(phrases: tuple[str, ...]) -> regex.Pattern[str]:
    """One pattern for a phrase list: lower-case phrases in any case, others as written."""
    folded = [_phrase_regex(p) for p in phrases if p == p.lower()]
    exact = [_phrase_regex(p) for p in phrases if p != p.lower()]
    alts: list[str] = []
    if folded:
        alts.append("(?i:" + "|".join(sorted(folded, key=len, reverse=True)) + ")")
    if exact:
        alts.append("(?:" + "|".join(sorted(exact, key=len, reverse=True)) + ")")
    return regex.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])")


def _load(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        raw = path.read_text(encoding="utf-8")
        node = yaml.compose(raw)
        data = yaml.safe_load(raw)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot read the signal lists: {exc}", path=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise DataFileError("expected a mapping of lists", path=str(path))
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    out: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        line = lines.get(key)
        if key not in SIGNAL_KEYS:
            raise DataFileError(
                f"unknown key (allowed: {', '.join(SIGNAL_KEYS)})",
                path=str(path),
                line=line,
                key=str(key),
            )
        if not isinstance(value, list) or not value:
            raise DataFileError("expected a non-empty list", path=str(path), line=line, key=key)
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise DataFileError(
                    f"expected a phrase, got {item!r}", path=str(path), line=line, key=key
                )
            if item in seen:
                raise DataFileError(
                    f"duplicate phrase {item!r}", path=str(path), line=line, key=key
                )
            seen.add(item)
        out[key] = tuple(value)
    missing = [k for k in SIGNAL_KEYS if k not in out]
    if missing:
        raise DataFileError(f"missing keys: {', '.join(missing)}", path=str(path))
    return out


@functools.cache
def signal_patterns(path: Path = SIGNALS_PATH) -> dict[str, regex.Pattern[str]]:
    """Compiled pattern per key of the signal file (cached per path)."""
    return {key: compile_phrases(phrases) for key, phrases in _load(path).items()}
