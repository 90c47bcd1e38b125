"""Phrase families (``phrases.yaml``) and word lists (``lexicon.yaml``): loading, validation
with file:line errors, and matching.

A family is a Vale-like rule: ``existence`` flags its ``tokens``; ``substitution`` flags each
key of ``swap`` and suggests the value. Tokens are regular expressions joined into one
alternation and matched case-insensitively between non-word characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..errors import DataFileError
from ..vocab import LineMap, line_of, parse_yaml, vocabulary_from

__all__ = [
    "FAMILIES",
    "KINDS",
    "PhraseFamily",
    "PhraseHit",
    "compile_terms",
    "lexicon",
    "lexicon_regex",
    "load_families",
    "parse_families",
    "phrase_families",
]

KINDS = {"absolute", "soft-absolute", "unnamed-source", "enforcement", "typicality", "qualifier"}
FAMILIES = {
    "supplement-disease",
    "covid",
    "stem-cell",
    "weight-loss",
    "glp1-sameness",
    "fair-balance",
    "off-label",
    "material-connection",
    "typicality",
}
LEVELS = {"warning", "error", "note"}
_FAMILY_KEYS = {
    "id",
    "extends",
    "kind",
    "family",
    "level",
    "scope",
    "tokens",
    "swap",
    "requires",
    "unless",
    "context",
    "health",
    "message",
    "ignorecase",
}
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def compile_terms(tokens: Iterable[str], *, ignorecase: bool = True) -> re.Pattern[str]:
    """Vale ``existence`` semantics, with edges that also work for ``#ad`` or ``100%``."""
    alternatives = sorted({t for t in tokens if t}, key=len, reverse=True)
    body = "|".join(f"(?:{t})" for t in alternatives) or "(?!)"
    return re.compile(rf"(?<![\w#])(?:{body})(?![\w])", re.IGNORECASE if ignorecase else 0)


@dataclass(frozen=True)
class PhraseFamily:
    id: str
    extends: str
    kind: str
    level: str
    message: str
    pattern: re.Pattern[str]
    family: str | None = None
    scope: str = "sentence"
    swap: tuple[tuple[re.Pattern[str], str], ...] = ()
    requires: tuple[re.Pattern[str], ...] = ()
    unless: re.Pattern[str] | None = None
    context: re.Pattern[str] | None = None
    health: str | None = None  # None, "term" or "claim"
    line: int = 0

    def suggestion(self, matched: str) -> str | None:
        for pattern, replacement in self.swap:
            if pattern.fullmatch(matched):
                return replacement
        return None


@dataclass(frozen=True)
class PhraseHit:
    family: PhraseFamily
    start: int
    end: int
    text: str
    suggestion: str | None = None
    sentence: int = -1
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.family.message.replace("%s", self.text)


# --------------------------------------------------------------------------- lexicon
def _read_package_yaml(name: str) -> Any:
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    return parse_yaml(text, path=f"carepost/checks/claims/{name}")


def parse_lexicon(raw: Any, *, path: str) -> dict[str, tuple[str, ...]]:
    """The word lists: any list name, each a non-empty list of regular expressions (checked
    by the checker's one vocabulary loader, with file:line errors)."""
    return dict(vocabulary_from(raw, path=path, patterns=True, open_keys=True).lists)


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    return parse_lexicon(
        _read_package_yaml("lexicon.yaml"), path="carepost/checks/claims/lexicon.yaml"
    )


@cache
def lexicon_regex(name: str) -> re.Pattern[str]:
    return compile_terms(lexicon()[name])


# --------------------------------------------------------------------------- families
def _expand(tokens: Sequence[str], lex: Mapping[str, tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        if t.startswith("$"):
            out.extend(lex[t[1:]])
        else:
            out.append(t)
    return out


def parse_families(
    raw: Any, *, path: str, lex: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[PhraseFamily, ...]:
    """Validate and compile phrase families; every error names ``path`` and the line."""
    lex = lexicon() if lex is None else lex
    if not isinstance(raw, list):
        raise DataFileError("expected a list of phrase families", path=path, line=1)
    seen: set[str] = set()
    families: list[PhraseFamily] = []
    for index, item in enumerate(raw):
        item_line = line_of(raw, index)
        if not isinstance(item, LineMap | dict):
            raise DataFileError(f"family #{index + 1} must be a mapping", path=path, line=item_line)

        def fail(
            message: str, key: str | None = None, *, _item: Any = item, _index: int = index
        ) -> DataFileError:
            where = line_of(_item, key) if key else line_of(_item)
            ident = _item.get("id", f"#{_index + 1}")
            return DataFileError(
                message, path=path, line=where, key=f"{ident}.{key}" if key else str(ident)
            )

        unknown = sorted(set(item) - _FAMILY_KEYS)
        if unknown:
            raise fail(f"unknown key (allowed: {', '.join(sorted(_FAMILY_KEYS))})", unknown[0])
        ident = item.get("id")
        if not isinstance(ident, str) or not _ID_RE.match(ident):
            raise fail("'id' must be a kebab-case name", "id")
        if ident in seen:
            raise fail(f"duplicate family id {ident!r}", "id")
        seen.add(ident)
        extends = item.get("extends")
        if extends not in ("existence", "substitution"):
            raise fail("'extends' must be existence or substitution", "extends")
        kind = item.get("kind")
        if kind not in KINDS:
            raise fail(f"'kind' must be one of {', '.join(sorted(KINDS))}", "kind")
        family = item.get("family")
        if kind == "enforcement" and family not in FAMILIES:
            raise fail(f"'family' must be one of {', '.join(sorted(FAMILIES))}", "family")
        level = item.get("level", "warning")
        if level not in LEVELS:
            raise fail("'level' must be warning, error or note", "level")
        scope = item.get("scope", "sentence")
        if scope not in ("sentence", "text"):
            raise fail("'scope' must be sentence or text", "scope")
        message = item.get("message")
        if not isinstance(message, str) or not message.strip():
            raise fail("'message' must be a non-empty string", "message")
        health = item.get("health")
        if health not in (None, True, False, "claim"):
            raise fail("'health' must be true, false or claim", "health")
        ignorecase = item.get("ignorecase", True)
        if not isinstance(ignorecase, bool):
            raise fail("'ignorecase' must be true or false", "ignorecase")

        def token_list(key: str, value: Any) -> list[str]:
            if not isinstance(value, list) or not value:
                raise fail(f"'{key}' must be a non-empty list of regular expressions", key)
            for i, t in enumerate(value):
                if not isinstance(t, str) or not t:
                    raise fail(f"'{key}' item {i + 1} must be a non-empty string", key)
                if t.startswith("$") and t[1:] not in lex:
                    raise fail(f"'{key}' refers to unknown word list {t!r}", key)
            tokens = _expand(value, lex)
            for t in tokens:
                try:
                    re.compile(t)
                except re.error as exc:
                    raise fail(f"invalid regular expression {t!r} in '{key}': {exc}", key) from None
            return tokens

        swap: list[tuple[re.Pattern[str], str]] = []
        if extends == "existence":
            if "swap" in item:
                raise fail("'swap' belongs to substitution families", "swap")
            tokens = token_list("tokens", item.get("tokens"))
        else:
            raw_swap = item.get("swap")
            if not isinstance(raw_swap, Mapping) or not raw_swap:
                raise fail("'swap' must be a non-empty mapping of pattern: suggestion", "swap")
            tokens = []
            for bad, good in raw_swap.items():
                if not isinstance(good, str):
                    raise fail(f"suggestion for {bad!r} must be a string", "swap")
                try:
                    swap.append((re.compile(bad, re.IGNORECASE), good))
                except re.error as exc:
                    raise fail(
                        f"invalid regular expression {bad!r} in 'swap': {exc}", "swap"
                    ) from None
                tokens.append(bad)
        requires_raw = item.get("requires", [])
        if not isinstance(requires_raw, list):
            raise fail("'requires' must be a list of token lists", "requires")
        requires = tuple(
            compile_terms(token_list("requires", group), ignorecase=ignorecase)
            for group in requires_raw
        )
        unless = (
            compile_terms(token_list("unless", item["unless"]), ignorecase=ignorecase)
            if "unless" in item
            else None
        )
        context = (
            compile_terms(token_list("context", item["context"]), ignorecase=ignorecase)
            if "context" in item
            else None
        )
        families.append(
            PhraseFamily(
                id=ident,
                extends=extends,
                kind=kind,
                level=level,
                message=message.strip(),
                pattern=compile_terms(tokens, ignorecase=ignorecase),
                family=family if kind == "enforcement" or family else None,
                scope=scope,
                swap=tuple(swap),
                requires=requires,
                unless=unless,
                context=context,
                health="claim" if health == "claim" else ("term" if health else None),
                line=item_line or 0,
            )
        )
    return tuple(families)


def load_families(path: str) -> tuple[PhraseFamily, ...]:
    from ..vocab import load_yaml

    return parse_families(load_yaml(path), path=path)


@cache
def phrase_families() -> tuple[PhraseFamily, ...]:
    return parse_families(
        _read_package_yaml("phrases.yaml"), path="carepost/checks/claims/phrases.yaml"
    )
