"""YAML data files that remember where each value came from, so errors name file and line.

``load_yaml`` returns plain ``dict``/``list`` subclasses (``LineMap``/``LineList``) that carry
the 1-based line of the node and of each key/item; ``DataFileError`` messages use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError

__all__ = ["LineList", "LineMap", "line_of", "load_yaml", "parse_yaml"]


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
