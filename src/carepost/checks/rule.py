"""The ``Rule`` base class and the registry of every rule.

A rule lives in its own module under ``carepost.checks.rules.<family>`` and registers
itself with ``@register``. Codes are permanent: a removed rule keeps its code in
``codes.RETIRED`` and a renamed one redirects through ``codes.REDIRECTS``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from .errors import UnknownRuleError
from .model import Category, Finding, Fix, Level, Span

if TYPE_CHECKING:
    from .context import Context

__all__ = ["Example", "Rule", "RuleStatus", "all_rules", "get_rule", "register", "select_rules"]

CODE_RE = re.compile(r"^(PHI|CLM|DSC|STY|PLT|MED|CNS)\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_SECTIONS = (
    "What it does",
    "Why it matters",
    "Example",
    "Use instead",
    "Fix safety",
    "References",
)


class RuleStatus(StrEnum):
    PREVIEW = "preview"
    STABLE = "stable"
    DEPRECATED = "deprecated"


@dataclass(frozen=True)
class Example:
    """An input the rule must flag (``bad``) or must leave alone (``good``).

    ``fields`` holds the other input fields (kind, platform, in_reply_to, media, ...)
    in their JSON form, as ``CheckInput.from_dict`` takes them. ``policy`` holds policy
    keys in their TOML form.
    """

    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    policy: Mapping[str, Any] = field(default_factory=dict)


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    level: ClassVar[Level]
    status: ClassVar[RuleStatus] = RuleStatus.PREVIEW
    bad_examples: ClassVar[tuple[Example, ...]] = ()
    good_examples: ClassVar[tuple[Example, ...]] = ()

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    # -- helpers for subclasses -------------------------------------------------
    def finding(
        self,
        message: str,
        *,
        span: Span | tuple[int, int] | None = None,
        confidence: float = 1.0,
        explanation: str = "",
        data: Mapping[str, Any] | None = None,
        fix: Fix | None = None,
        level: Level | None = None,
        category: Category | None = None,
    ) -> Finding:
        if isinstance(span, tuple):
            span = Span(*span)
        return Finding(
            code=self.code,
            name=self.name,
            category=category or self.category,
            level=level or self.level,
            message=message,
            span=span,
            confidence=max(0.0, min(1.0, confidence)),
            explanation=explanation,
            data=dict(data or {}),
            fix=fix,
        )

    # -- documentation --------------------------------------------------------
    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split into its fixed sections (missing ones are absent)."""
        return parse_doc_sections(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc_sections().get("What it does", "").split("\n\n")[0].strip()

    @classmethod
    def metadata(cls) -> dict[str, Any]:
        return {
            "code": cls.code,
            "name": cls.name,
            "category": cls.category.value,
            "level": cls.level.value,
            "status": cls.status.value,
            "summary": cls.summary(),
            "sections": cls.doc_sections(),
        }


def parse_doc_sections(doc: str) -> dict[str, str]:
    import inspect

    text = inspect.cleandoc(doc)
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        heading = line.strip().rstrip(":")
        if heading in DOC_SECTIONS and line.strip().endswith(":"):
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current, lines = heading, []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip()
    return sections


_REGISTRY: dict[str, type[Rule]] = {}
_DISCOVERED = False


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (codes and names must be unique)."""
    if not CODE_RE.match(cls.code):
        raise ValueError(f"{cls.__name__}: invalid rule code {cls.code!r}")
    if not NAME_RE.match(cls.name):
        raise ValueError(f"{cls.__name__}: rule name {cls.name!r} is not kebab-case")
    existing = _REGISTRY.get(cls.code)
    if existing is not None and existing.__qualname__ != cls.__qualname__:
        raise ValueError(f"rule code {cls.code} used by {existing.__name__} and {cls.__name__}")
    for other in _REGISTRY.values():
        if other.name == cls.name and other.code != cls.code:
            raise ValueError(f"rule name {cls.name!r} used by {other.code} and {cls.code}")
    _REGISTRY[cls.code] = cls
    return cls


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    from . import rules

    for info in pkgutil.walk_packages(rules.__path__, prefix=rules.__name__ + "."):
        importlib.import_module(info.name)
    _DISCOVERED = True


def all_rules() -> list[type[Rule]]:
    """Every registered rule, sorted by code."""
    _discover()
    return [_REGISTRY[c] for c in sorted(_REGISTRY)]


def get_rule(code_or_name: str) -> type[Rule]:
    from .codes import REDIRECTS, RETIRED

    _discover()
    key = code_or_name.strip()
    key = REDIRECTS.get(key.upper(), key)
    if key.upper() in _REGISTRY:
        return _REGISTRY[key.upper()]
    for rule in _REGISTRY.values():
        if rule.name == key.lower():
            return rule
    if key.upper() in RETIRED:
        raise UnknownRuleError(f"rule {key.upper()} was removed: {RETIRED[key.upper()]}")
    raise UnknownRuleError(f"no rule with code or name {code_or_name!r} (see `carepost rules`)")


def _matches(rule: type[Rule], selector: str) -> bool:
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    if sel.lower() == rule.category.value or sel.lower() == rule.name:
        return True
    return rule.code.startswith(sel.upper())


def select_rules(
    select: list[str] | tuple[str, ...] = (), ignore: list[str] | tuple[str, ...] = ()
) -> list[type[Rule]]:
    """Rules matching ``select`` (code prefixes, names or categories; empty = all) minus ``ignore``."""
    rules = all_rules()
    for sel in (*select, *ignore):
        if not any(_matches(r, sel) for r in rules):
            raise UnknownRuleError(f"selector {sel!r} matches no rule (see `carepost rules`)")
    chosen = [r for r in rules if not select or any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in ignore)]
