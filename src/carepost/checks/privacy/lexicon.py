"""The privacy family's word lists (``lexicon.yaml``), validated on load and compiled to regexes.

Lists are data: an organization can review them, and a mistake in the file is reported with
its line (``DataFileError``), never silently ignored.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from ..errors import DataFileError

__all__ = ["LEXICON_KEYS", "Lexicon", "load_lexicon"]

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")

LEXICON_KEYS = (
    "conditions",
    "care",
    "visit_nouns",
    "body_parts",
    "care_verbs",
    "patient_roles",
    "outcomes",
    "staff_titles",
    "staff_context",
    "hypothetical",
    "public_news",
    "org_links",
    "privacy_frames",
    "reply_confirmations",
    "referral_nouns",
    "common_capitalized",
    "ambiguous_names",
    "not_initials",
    "person_nouns",
    "occupations",
)


@dataclass(frozen=True)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    patterns: dict[str, regex.Pattern[str]]
    _lower: dict[str, frozenset[str]] = field(init=False, repr=False)
    _exact: dict[str, frozenset[str]] = field(init=False, repr=False)

    def pattern(self, key: str) -> regex.Pattern[str]:
        return self.patterns[key]

    def words(self, key: str) -> frozenset[str]:
        return self._lower[key]

    def exact(self, key: str) -> frozenset[str]:
        return self._exact[key]

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_lower", {k: frozenset(p.lower() for p in v) for k, v in self.lists.items()}
        )
        object.__setattr__(self, "_exact", {k: frozenset(v) for k, v in self.lists.items()})


#: lists whose words must match exactly (a plural "patients" is a statistic, not a person)
SINGULAR_ONLY = frozenset(
    {"patient_roles", "staff_titles", "reply_confirmations", "referral_nouns"}
)


def _phrase_regex(phrase: str, plural: bool = True) -> str:
    suffix = phrase.startswith("*")
    star = phrase.endswith("*")
    core = phrase.strip("*")
    body = r"\s+".join(regex.escape(part) for part in core.split())
    if suffix:
        body = r"\w{2,}" + body  # "*ectomy": any word ending so
    if star:
        body += r"\w*"
    elif plural and len(core) > 3 and core[-1].isalpha() and core[-1] not in "sS":
        body += "(?:s|es)?"  # plural of the last word
    if any(c.isupper() for c in phrase):
        body = f"(?-i:{body})"
    return rf"(?<![\w@#&-]){body}(?![\w&]|-\w)"


def compile_phrases(phrases: tuple[str, ...], plural: bool = True) -> regex.Pattern[str]:
    # longest first so that "knee replacement" wins over "knee"
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return regex.compile("|".join(_phrase_regex(p, plural) for p in ordered), regex.I)


def parse_lexicon(text: str, path: str) -> Lexicon:
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(
            f"invalid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from exc
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError("expected a mapping of lists", path=path)
    lists: dict[str, tuple[str, ...]] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key not in LEXICON_KEYS:
            raise DataFileError(
                f"unknown list (allowed: {', '.join(LEXICON_KEYS)})", path=path, line=line, key=key
            )
        if key in lists:
            raise DataFileError("list defined twice", path=path, line=line, key=key)
        if not isinstance(value_node, yaml.SequenceNode) or not value_node.value:
            raise DataFileError("expected a non-empty list", path=path, line=line, key=key)
        seen: set[str] = set()
        items: list[str] = []
        for item in value_node.value:
            item_line = item.start_mark.line + 1
            value = item.value if isinstance(item, yaml.ScalarNode) else None
            if not isinstance(value, str) or not value.strip() or item.tag.endswith(":int"):
                raise DataFileError(
                    "expected a non-empty phrase", path=path, line=item_line, key=key
                )
            if value != value.strip() or "  " in value:
                raise DataFileError(
                    f"phrase {value!r} has stray spaces", path=path, line=item_line, key=key
                )
            if value in seen:
                raise DataFileError(
                    f"phrase {value!r} listed twice", path=path, line=item_line, key=key
                )
            seen.add(value)
            items.append(value)
        lists[key] = tuple(items)
    missing = [k for k in LEXICON_KEYS if k not in lists]
    if missing:
        raise DataFileError(f"missing lists: {', '.join(missing)}", path=path)
    patterns = {k: compile_phrases(v, k not in SINGULAR_ONLY) for k, v in lists.items()}
    return Lexicon(lists, patterns)


@functools.cache
def load_lexicon(path: str | None = None) -> Lexicon:
    p = Path(path) if path else LEXICON_PATH
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read word lists: {exc}", path=str(p)) from exc
    return parse_lexicon(text, str(p))
