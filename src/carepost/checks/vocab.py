"""The checker's one YAML loader: every vocabulary and data file goes through it, so an error
names the file and line.

``load_yaml`` returns plain ``dict``/``list`` subclasses (``LineMap``/``LineList``) that carry
the 1-based line of the node and of each key/item; ``DataFileError`` messages use them.
``load_vocabulary`` reads the common shape, a mapping of named word or pattern lists, validates
it (known keys only, non-empty strings, no duplicates; patterns must compile) and caches it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import DataFileError

__all__ = [
    "LineList",
    "LineMap",
    "Vocabulary",
    "line_of",
    "load_vocabulary",
    "load_yaml",
    "parse_vocabulary",
    "parse_yaml",
    "vocabulary_from",
]


class LineMap(dict[str, Any]):
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    def line_at(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def line_of(value: Any, key: str | int | None = None) -> int | None:
    """The line of ``value`` (or of its ``key``/index) when it was loaded by ``parse_yaml``."""
    if isinstance(value, LineMap):
        return value.line_of(str(key)) if key is not None else value.line
    if isinstance(value, LineList):
        return value.line_at(key) if isinstance(key, int) else value.line
    return None


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    out = LineMap()
    out.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be scalars", key_node.start_mark
            )
        skey = str(key)
        if skey in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {skey!r}", key_node.start_mark
            )
        out[skey] = loader.construct_object(value_node, deep=True)
        out.key_lines[skey] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList()
    out.line = node.start_mark.line + 1
    for item in node.value:
        out.append(loader.construct_object(item, deep=True))
        out.item_lines.append(item.start_mark.line + 1)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def parse_yaml(text: str, *, path: str) -> Any:
    """Parse YAML text; syntax errors become ``DataFileError`` with the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(f"invalid YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"invalid YAML: {exc}", path=path) from None


def load_yaml(path: str | Path) -> Any:
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not UTF-8 (byte {exc.start})", path=str(p)) from None
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror or exc}", path=str(p)) from None
    return parse_yaml(text, path=str(p))


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Named lists from one YAML file. ``words(key)`` is the case-folded set; ``exact(key)``
    the set as written; ``pattern(key)`` one alternation regex, entries as regex sources
    (``kind: patterns`` files) or as literal phrases with flexible whitespace."""

    path: str
    lists: dict[str, tuple[str, ...]]
    lines: dict[str, tuple[int, ...]]
    literal: bool

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.lists[key]

    def words(self, key: str) -> frozenset[str]:
        return _folded(self, key)

    def exact(self, key: str) -> frozenset[str]:
        return frozenset(self.lists[key])

    def pattern(self, key: str, *, flags: int = regex.IGNORECASE) -> regex.Pattern[str]:
        return _compiled(self, key, flags)


@functools.cache
def _folded(vocab: Vocabulary, key: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in vocab.lists[key])


@functools.cache
def _compiled(vocab: Vocabulary, key: str, flags: int) -> regex.Pattern[str]:
    entries = vocab.lists[key]
    if vocab.literal:
        parts = [r"\s+".join(regex.escape(w) for w in e.split()) for e in entries]
        parts.sort(key=len, reverse=True)
        source = r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"
    else:
        source = "|".join(f"(?:{e})" for e in entries)
    return regex.compile(source, flags)


def load_vocabulary(
    path: str | Path,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    patterns: bool = False,
) -> Vocabulary:
    """Load (once per process) a vocabulary file: a mapping of ``name: [entries]``. See
    ``parse_vocabulary`` for what is checked."""
    return _load_vocabulary(str(path), tuple(required), tuple(optional), patterns)


@functools.cache
def _load_vocabulary(
    path: str, required: tuple[str, ...], optional: tuple[str, ...], patterns: bool
) -> Vocabulary:
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not UTF-8 (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return parse_vocabulary(
        text, path=path, required=required, optional=optional, patterns=patterns
    )


def parse_vocabulary(
    text: str,
    *,
    path: str,
    required: Iterable[str],
    optional: Iterable[str] = (),
    patterns: bool = False,
) -> Vocabulary:
    """Parse a vocabulary: a mapping of ``name: [entries]``. Each of these is a
    ``DataFileError`` naming the file, line and list: invalid YAML, a top level that is not a
    mapping, an unknown or missing list, an empty list, an entry that is not a non-empty string
    (``12``, ``no``), an entry with stray spaces, an entry listed twice and (``patterns``) an
    entry that is not a valid regular expression."""
    return vocabulary_from(
        parse_yaml(text, path=path),
        path=path,
        required=required,
        optional=optional,
        patterns=patterns,
    )


def vocabulary_from(
    data: Any,
    *,
    path: str,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    patterns: bool = False,
    open_keys: bool = False,
) -> Vocabulary:
    """Validate already parsed YAML (``parse_yaml``) as a vocabulary (``parse_vocabulary``);
    ``open_keys`` accepts any list name (lists referenced by name from another file)."""
    if not isinstance(data, LineMap):
        raise DataFileError("expected a mapping of named lists", path=path, line=line_of(data))
    required = tuple(required)
    known = set(required) | set(optional)
    for key in data:
        if key not in known and not open_keys:
            raise DataFileError(
                f"unknown list (allowed: {', '.join(sorted(known))})",
                path=path,
                line=data.line_of(key),
                key=key,
            )
    lists: dict[str, tuple[str, ...]] = {}
    lines: dict[str, tuple[int, ...]] = {}
    for key, items in data.items():
        if not isinstance(items, LineList) or not items:
            raise DataFileError(
                "expected a non-empty list", path=path, line=data.line_of(key), key=key
            )
        seen: set[str] = set()
        for i, item in enumerate(items):
            problem = _entry_problem(item, seen, patterns)
            if problem:
                raise DataFileError(problem, path=path, line=items.line_at(i), key=key)
            seen.add(item)
        lists[key] = tuple(items)
        lines[key] = tuple(items.item_lines)
    missing = [k for k in required if k not in data]
    if missing:
        raise DataFileError(f"missing lists: {', '.join(missing)}", path=path, line=data.line)
    return Vocabulary(path, lists, lines, literal=not patterns)


def _entry_problem(item: Any, seen: set[str], patterns: bool) -> str | None:
    if not isinstance(item, str) or not item.strip():
        return f"expected a non-empty phrase, got {item!r}"
    if item != item.strip() or (not patterns and "  " in item):
        return f"phrase {item!r} has stray spaces"
    if item in seen:
        return f"phrase {item!r} listed twice"
    if patterns:
        try:
            regex.compile(item)
        except regex.error as exc:
            return f"invalid pattern {item!r}: {exc}"
    return None
