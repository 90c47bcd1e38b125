"""Organization guidelines as Vale-style YAML rule packs.

A pack is a directory of ``.yml`` files, one rule per file (Vale's layout: the rule is named
``<Pack>.<FileStem>``), or one YAML file with a ``rules:`` mapping of name to rule. Supported
rule types and keys (Vale semantics, a subset):

* ``existence``: ``tokens`` (joined into ``\\b(?:a|b)\\b``) or ``raw`` (concatenated regex),
  ``ignorecase``, ``nonword``, ``exceptions``;
* ``substitution``: ``swap`` (pattern: suggestion), ``ignorecase``, ``exceptions``;
* ``occurrence``: ``token``, ``max`` and/or ``min``, ``scope`` (text or sentence);
* ``capitalization``: ``match`` ($sentence, $title, $lower, $upper or a regex), ``scope``
  (sentence or text), ``exceptions``;
* ``conditional``: ``first`` (with a capture group) requires ``second`` (same capture)
  somewhere in the text, ``exceptions``;
* ``metric``: ``formula`` over words, sentences, syllables, characters, complex_words,
  long_words, polysyllabic_words, paragraphs; ``condition`` (for example ``"> 8"``); carepost
  extensions ``min_words`` (skip short texts, default 0) and ``option`` (a ``[options.style]``
  key that overrides the condition's number, e.g. ``grade_target``).

Common keys: ``extends``, ``message`` (``%s`` is the match), ``level`` (suggestion, warning,
error), ``link``, ``description``. Any other key, a bad regex or a bad value raises
``DataFileError`` naming the file and line.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from ..model import Level
from ..vocab import line_of, parse_yaml

__all__ = [
    "DEFAULT_PACK",
    "METRIC_VARIABLES",
    "GuidelineRule",
    "default_pack",
    "load_pack",
    "parse_rule",
]

TYPES = ("existence", "substitution", "occurrence", "capitalization", "conditional", "metric")
LEVELS = {
    "suggestion": Level.NOTE,
    "note": Level.NOTE,
    "warning": Level.WARNING,
    "error": Level.ERROR,
}
METRIC_VARIABLES = (
    "words",
    "sentences",
    "syllables",
    "characters",
    "complex_words",
    "long_words",
    "polysyllabic_words",
    "paragraphs",
)
_COMMON = {"extends", "message", "level", "link", "description", "scope", "action", "vocab"}
_KEYS = {
    "existence": {"tokens", "raw", "ignorecase", "nonword", "exceptions", "append"},
    "substitution": {"swap", "ignorecase", "exceptions", "nonword", "append"},
    "occurrence": {"token", "max", "min", "ignorecase"},
    "capitalization": {"match", "exceptions", "style", "threshold", "indicators", "prefix"},
    "conditional": {"first", "second", "exceptions", "ignorecase"},
    "metric": {"formula", "condition", "min_words", "option"},
}
_CONDITION = re.compile(r"^\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
DEFAULT_PACK = "health"


@dataclass(frozen=True)
class GuidelineRule:
    name: str
    type: str
    message: str
    level: Level
    path: str
    line: int
    link: str | None = None
    scope: str = "text"
    pattern: re.Pattern[str] | None = None
    swap: tuple[tuple[re.Pattern[str], str], ...] = ()
    exceptions: frozenset[str] = frozenset()
    max: int | None = None
    min: int | None = None
    match: str = ""
    second: re.Pattern[str] | None = None
    formula: ast.Expression | None = None
    formula_text: str = ""
    condition: tuple[str, float] = (">", 0.0)
    min_words: int = 0
    option: str | None = None

    def render(self, matched: str) -> str:
        return self.message.replace("%s", matched, 1).replace("%s", "")

    def suggestion(self, matched: str) -> str | None:
        for pattern, replacement in self.swap:
            if pattern.fullmatch(matched):
                return replacement
        return None


def _compile(pattern: str, flags: int, fail: Callable[[str], DataFileError]) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise fail(f"invalid regular expression {pattern!r}: {exc}") from None


def _check_formula(text: str, fail: Callable[[str], DataFileError]) -> ast.Expression:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise fail(f"invalid formula {text!r}: {exc.msg}") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in (*METRIC_VARIABLES, "sqrt"):
                raise fail(
                    f"unknown variable {node.id!r} in formula (known: {', '.join(METRIC_VARIABLES)})"
                )
        elif isinstance(node, ast.Call):
            if not (
                isinstance(node.func, ast.Name) and node.func.id == "sqrt" and len(node.args) == 1
            ):
                raise fail("only sqrt(x) may be called in a formula")
        elif not isinstance(
            node,
            ast.Expression
            | ast.BinOp
            | ast.UnaryOp
            | ast.Constant
            | ast.Load
            | ast.operator
            | ast.unaryop,
        ):
            raise fail(f"formula may only use numbers, variables, + - * / ** and sqrt(): {text!r}")
    return tree


def evaluate_formula(tree: ast.Expression, values: Mapping[str, float]) -> float:
    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            return float(values[node.id])
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Call):
            return math.sqrt(max(0.0, ev(node.args[0])))
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div):
                return a / b if b else 0.0
            if isinstance(node.op, ast.Pow):
                return float(a**b)
        raise ValueError("unsupported formula node")

    return ev(tree)


def parse_rule(raw: Any, *, name: str, path: str, base_line: int = 1) -> GuidelineRule:
    """Validate one rule mapping; errors name ``path`` and the line of the offending key."""

    def fail_at(key: str | None) -> Callable[[str], DataFileError]:
        def make(message: str) -> DataFileError:
            line = line_of(raw, key) if key else line_of(raw)
            return DataFileError(
                message, path=path, line=line or base_line, key=f"{name}.{key}" if key else name
            )

        return make

    if not isinstance(raw, Mapping):
        raise DataFileError("a rule must be a mapping", path=path, line=base_line, key=name)
    kind = raw.get("extends")
    if kind not in TYPES:
        raise fail_at("extends")(f"'extends' must be one of {', '.join(TYPES)}; got {kind!r}")
    allowed = _COMMON | _KEYS[kind]
    for key in raw:
        if key not in allowed:
            raise fail_at(key)(f"unknown key for {kind} (allowed: {', '.join(sorted(allowed))})")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise fail_at("message")("'message' must be a non-empty string")
    level_name = raw.get("level", "suggestion")
    if level_name not in LEVELS:
        raise fail_at("level")("'level' must be suggestion, warning or error")
    scope = raw.get("scope", "text")
    if scope not in ("text", "sentence", "paragraph", "raw", "summary", "heading"):
        raise fail_at("scope")(f"unsupported scope {scope!r}")
    scope = "sentence" if scope == "sentence" else "text"
    ignorecase = raw.get("ignorecase", False)
    if not isinstance(ignorecase, bool):
        raise fail_at("ignorecase")("'ignorecase' must be true or false")
    flags = re.IGNORECASE if ignorecase else 0
    exceptions_raw = raw.get("exceptions", [])
    if not isinstance(exceptions_raw, list) or not all(isinstance(e, str) for e in exceptions_raw):
        raise fail_at("exceptions")("'exceptions' must be a list of strings")
    exceptions = frozenset(e.lower() if ignorecase else e for e in exceptions_raw)
    link = raw.get("link")
    common: dict[str, Any] = {
        "name": name,
        "type": kind,
        "message": message.strip(),
        "level": LEVELS[level_name],
        "path": path,
        "line": line_of(raw) or base_line,
        "link": link if isinstance(link, str) else None,
        "scope": scope,
        "exceptions": exceptions,
    }
    nonword = bool(raw.get("nonword", False))

    def edges(body: str) -> str:
        return body if nonword else rf"(?<![\w])(?:{body})(?![\w])"

    if kind == "existence":
        tokens, raw_parts = raw.get("tokens"), raw.get("raw")
        if tokens is None and raw_parts is None:
            raise fail_at(None)("existence needs 'tokens' or 'raw'")
        if tokens is not None:
            if (
                not isinstance(tokens, list)
                or not tokens
                or not all(isinstance(t, str) and t for t in tokens)
            ):
                raise fail_at("tokens")("'tokens' must be a non-empty list of strings")
            for t in tokens:
                _compile(t, flags, fail_at("tokens"))
            body = edges("|".join(f"(?:{t})" for t in tokens))
        else:
            if not isinstance(raw_parts, list) or not all(isinstance(t, str) for t in raw_parts):
                raise fail_at("raw")("'raw' must be a list of strings")
            body = "".join(raw_parts)
        return GuidelineRule(
            **common, pattern=_compile(body, flags, fail_at("tokens" if tokens else "raw"))
        )
    if kind == "substitution":
        swap_raw = raw.get("swap")
        if not isinstance(swap_raw, Mapping) or not swap_raw:
            raise fail_at("swap")("'swap' must be a non-empty mapping of pattern: replacement")
        swap: list[tuple[re.Pattern[str], str]] = []
        for bad, good in swap_raw.items():
            if not isinstance(good, str):
                raise fail_at("swap")(f"replacement for {bad!r} must be a string")
            swap.append(
                (
                    _compile(
                        str(bad), flags | re.IGNORECASE if ignorecase else flags, fail_at("swap")
                    ),
                    good,
                )
            )
        body = edges("|".join(f"(?:{p.pattern})" for p, _ in swap))
        return GuidelineRule(
            **common, pattern=_compile(body, flags, fail_at("swap")), swap=tuple(swap)
        )
    if kind == "occurrence":
        token = raw.get("token")
        if not isinstance(token, str) or not token:
            raise fail_at("token")("'token' must be a regular expression")
        mx, mn = raw.get("max"), raw.get("min")
        for key, value in (("max", mx), ("min", mn)):
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0
            ):
                raise fail_at(key)(f"'{key}' must be a non-negative integer")
        if mx is None and mn is None:
            raise fail_at(None)("occurrence needs 'max' or 'min'")
        return GuidelineRule(
            **common, pattern=_compile(token, flags, fail_at("token")), max=mx, min=mn
        )
    if kind == "capitalization":
        match = raw.get("match")
        if not isinstance(match, str) or not match:
            raise fail_at("match")("'match' must be $sentence, $title, $lower, $upper or a regex")
        if not match.startswith("$"):
            _compile(match, 0, fail_at("match"))
        elif match not in ("$sentence", "$title", "$lower", "$upper"):
            raise fail_at("match")(f"unknown case style {match!r}")
        common["scope"] = "sentence" if raw.get("scope", "sentence") == "sentence" else "text"
        return GuidelineRule(**common, match=match)
    if kind == "conditional":
        first, second = raw.get("first"), raw.get("second")
        if not isinstance(first, str) or not isinstance(second, str):
            raise fail_at("first" if not isinstance(first, str) else "second")(
                "'first' and 'second' must be regular expressions"
            )
        p1 = _compile(first, flags, fail_at("first"))
        p2 = _compile(second, flags, fail_at("second"))
        if p1.groups < 1 or p2.groups < 1:
            raise fail_at("first")("'first' and 'second' need one capture group each")
        return GuidelineRule(**common, pattern=p1, second=p2)
    # metric
    formula = raw.get("formula")
    if not isinstance(formula, str) or not formula.strip():
        raise fail_at("formula")("'formula' must be an arithmetic expression")
    tree = _check_formula(formula, fail_at("formula"))
    cond = raw.get("condition")
    m = _CONDITION.match(str(cond)) if cond is not None else None
    if m is None:
        raise fail_at("condition")('\'condition\' must look like "> 8" or "<= 70.5"')
    min_words = raw.get("min_words", 0)
    if not isinstance(min_words, int) or min_words < 0:
        raise fail_at("min_words")("'min_words' must be a non-negative integer")
    option = raw.get("option")
    if option is not None and not isinstance(option, str):
        raise fail_at("option")("'option' must be the name of an [options.style] key")
    return GuidelineRule(
        **common,
        formula=tree,
        formula_text=formula.strip(),
        condition=(m.group(1), float(m.group(2))),
        min_words=min_words,
        option=option,
    )


def _load_file(path: Path, pack: str) -> list[GuidelineRule]:
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not UTF-8 (byte {exc.start})", path=str(path)) from None
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    raw = parse_yaml(text, path=str(path))
    if raw is None:
        raise DataFileError("the file is empty", path=str(path), line=1)
    if isinstance(raw, Mapping) and "extends" in raw:
        return [parse_rule(raw, name=f"{pack}.{path.stem}", path=str(path))]
    if isinstance(raw, Mapping) and isinstance(raw.get("rules"), Mapping):
        rules = raw["rules"]
        return [
            parse_rule(
                body, name=f"{pack}.{key}", path=str(path), base_line=line_of(rules, key) or 1
            )
            for key, body in rules.items()
        ]
    raise DataFileError(
        "expected one rule (with 'extends') or a 'rules:' mapping of rules", path=str(path), line=1
    )


def load_pack(path: str | Path) -> tuple[GuidelineRule, ...]:
    """Load a pack directory (one rule per ``.yml`` file) or a single YAML file."""
    p = Path(path)
    if p.is_dir():
        files = sorted([*p.glob("*.yml"), *p.glob("*.yaml")])
        if not files:
            raise DataFileError("the pack directory has no .yml rule files", path=str(p))
        return tuple(r for f in files for r in _load_file(f, p.name))
    if p.is_file():
        return tuple(_load_file(p, p.stem))
    raise DataFileError("no such guideline pack (file or directory)", path=str(p))


@cache
def _cached_pack(path: str, mtime: float) -> tuple[GuidelineRule, ...]:
    return load_pack(path)


def cached_pack(path: str) -> tuple[GuidelineRule, ...]:
    p = Path(path)
    try:
        mtime = (
            max((f.stat().st_mtime for f in [p, *p.glob("*.y*ml")]), default=0.0)
            if p.is_dir()
            else p.stat().st_mtime
        )
    except OSError:
        mtime = -1.0
    return _cached_pack(str(p), mtime)


@cache
def default_pack() -> tuple[GuidelineRule, ...]:
    """The health pack shipped with carepost (``checks/guidelines/health/*.yml``)."""
    base = resources.files(__package__).joinpath(DEFAULT_PACK)
    return load_pack(Path(str(base)))
