"""Recognizers for the HIPAA Safe Harbor identifiers that have a surface form (45 CFR
164.514(b)(2)(i) B–R), with validators where a format or checksum exists.

Names (A) need the parse and the role decision, so they live in ``analysis``. Each recognizer
returns ``Identifier`` records; whether an identifier is linked to a patient is decided later.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from ..errors import DataFileError
from ..vocab import LineList, LineMap, line_of, load_yaml

__all__ = [
    "SAFE_HARBOR",
    "Identifier",
    "Recognizer",
    "find_identifiers",
    "luhn_ok",
    "mbi_ok",
    "nanp_ok",
    "npi_ok",
    "recognizers",
    "ssn_ok",
    "vin_ok",
]

#: identifier kind -> (Safe Harbor letter, human label)
SAFE_HARBOR: dict[str, tuple[str, str]] = {
    "name": ("A", "name"),
    "handle": ("A", "social handle"),
    "initials": ("A", "initials"),
    "geography": ("B", "geography smaller than a state"),
    "zip": ("B", "ZIP code"),
    "date": ("C", "date tied to a person"),
    "age_over_89": ("C", "age over 89"),
    "age": ("R", "age with other details"),
    "phone": ("D", "telephone number"),
    "fax": ("E", "fax number"),
    "email": ("F", "e-mail address"),
    "ssn": ("G", "social security number"),
    "mrn": ("H", "medical record number"),
    "health_plan": ("I", "health plan beneficiary number"),
    "account": ("J", "account number"),
    "license": ("K", "certificate/licence number"),
    "vehicle": ("L", "vehicle identifier"),
    "device": ("M", "device identifier/serial"),
    "url": ("N", "web URL"),
    "ip": ("O", "IP address"),
    "biometric": ("P", "biometric identifier"),
    "photo": ("Q", "full-face photo or comparable image"),
    "unique": ("R", "unique identifying characteristic"),
}

#: kinds that identify a patient record by their nature (a post never needs them)
RECORD_KINDS = frozenset({"ssn", "mrn", "health_plan", "account"})


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: str
    start: int
    end: int
    text: str
    confidence: float
    signal: str

    @property
    def letter(self) -> str:
        return SAFE_HARBOR[self.kind][0]

    @property
    def label(self) -> str:
        return SAFE_HARBOR[self.kind][1]


# --------------------------------------------------------------------------- validators
def luhn_ok(digits: str) -> bool:
    nums = [int(c) for c in digits if c.isdigit()]
    if len(nums) < 2:
        return False
    total = 0
    for i, n in enumerate(reversed(nums)):
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000."""
    if area in ("000", "666") or area.startswith("9"):
        return False
    return group != "00" and serial != "0000"


def nanp_ok(area: str, exchange: str) -> bool:
    """NANP: area and exchange start with 2-9 and are not N11 service codes."""
    if area[0] in "01" or exchange[0] in "01":
        return False
    return not (area[1:] == "11" or exchange[1:] == "11")


def npi_ok(npi: str) -> bool:
    """NPI check digit: Luhn over the number prefixed with 80840."""
    return len(npi) == 10 and npi[0] in "12" and luhn_ok("80840" + npi)


_MBI_RE = regex.compile(
    r"^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]"
    r"[0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$"
)


def mbi_ok(mbi: str) -> bool:
    """Medicare Beneficiary Identifier format (11 characters, no S L O I B Z)."""
    return bool(_MBI_RE.match(mbi.replace("-", "").upper()))


_VIN_MAP = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_ok(vin: str) -> bool:
    """ISO 3779 / North American VIN check digit (position 9)."""
    vin = vin.upper()
    if len(vin) != 17 or any(c in "IOQ" for c in vin):
        return False
    try:
        total = sum(_VIN_MAP[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    except KeyError:
        return False
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))


# --------------------------------------------------------------------------- recognizers
IDENTIFIERS_PATH = Path(__file__).with_name("identifiers.yaml")
_FAX_CTX = regex.compile(r"\bfax\b[^\n\d]{0,12}$", regex.I)
_PROFILE_HOSTS = regex.compile(
    r"(?:facebook|instagram|tiktok|x|twitter|linkedin|threads|youtube)\.com/(?:in/|@)?[\w.]+",
    regex.I,
)
_PART = regex.compile(r"\{(id|month|weekday)\}")
_KEYS = {"kind", "pattern", "flags", "group", "validate", "confidence", "signal"}

#: (kind, start, end, confidence, signal) of one identifier
_Found = tuple[str, int, int, float, str]


@dataclass(frozen=True)
class Recognizer:
    """One row of ``identifiers.yaml``: a pattern for one kind of identifier."""

    kind: str
    pattern: regex.Pattern[str]
    group: int | str | None
    validate: str | None
    confidence: float
    signal: str

    def find(self, text: str) -> Iterator[_Found]:
        check = _VALIDATORS.get(self.validate or "")
        for m in self.pattern.finditer(text):
            g = self._group(m)
            found = (self.kind, m.start(g), m.end(g), self.confidence, self.signal)
            result = check(m, text, found) if check else found
            if result is not None:
                yield result

    def _group(self, m: regex.Match[str]) -> int:
        if self.group == "first":
            return next(i for i, v in enumerate(m.groups(), start=1) if v)
        if self.group == "any":
            return 1 if m.group(1) else 0
        return int(self.group or 0)


def _ssn(m: regex.Match[str], text: str, found: _Found) -> _Found | None:
    return found if ssn_ok(m.group(1), m.group(2), m.group(3)) else None


def _nanp(m: regex.Match[str], text: str, found: _Found) -> _Found | None:
    if not nanp_ok(m.group(1) or m.group(2), m.group(3)):
        return None
    if _FAX_CTX.search(text[max(0, m.start() - 20) : m.start()]):
        return ("fax", found[1], found[2], found[3], found[4] + " after 'fax'")
    return found


def _device(m: regex.Match[str], text: str, found: _Found) -> _Found | None:
    digits = regex.sub(r"\D", "", m.group(1))
    return (*found[:3], 0.95, found[4]) if len(digits) == 15 and luhn_ok(digits) else found


def _card(m: regex.Match[str], text: str, found: _Found) -> _Found | None:
    digits = regex.sub(r"\D", "", m.group())
    return found if 13 <= len(digits) <= 19 and luhn_ok(digits) else None


def _url(m: regex.Match[str], text: str, found: _Found) -> _Found | None:
    if _PROFILE_HOSTS.search(m.group()):
        return (*found[:3], 0.8, "social profile URL")
    return found


def _age(m: regex.Match[str], text: str, found: _Found) -> _Found | None:
    age = int(next(g for g in m.groups() if g))
    if age > 125:
        return None
    if age > 89:
        return ("age_over_89", found[1], found[2], 0.85, f"age {age}")
    return ("age", found[1], found[2], found[3], f"age {age}")


_Check = Callable[[regex.Match[str], str, _Found], "_Found | None"]
_VALIDATORS: dict[str, _Check] = {
    "ssn": _ssn,
    "mbi": lambda m, text, found: found if mbi_ok(m.group()) else None,
    "npi": lambda m, text, found: found if npi_ok(m.group(1)) else None,
    "vin": lambda m, text, found: found if vin_ok(m.group()) else None,
    "nanp": _nanp,
    "card": _card,
    "ipv4": lambda m, text, found: found if all(int(g) <= 255 for g in m.groups()) else None,
    "device": _device,
    "url": _url,
    "age": _age,
}


@functools.cache
def recognizers(path: Path = IDENTIFIERS_PATH) -> tuple[Recognizer, ...]:
    """The recognizer table, validated (file:line errors)."""
    where = str(path)
    data = load_yaml(path)
    if not isinstance(data, LineMap) or set(data) != {"parts", "recognizers"}:
        raise DataFileError("expected 'parts' and 'recognizers'", path=where, line=line_of(data))
    parts = data["parts"]
    if not isinstance(parts, LineMap) or set(parts) != {"id", "month", "weekday"}:
        raise DataFileError(
            "'parts' must define id, month and weekday", path=where, line=data.line_of("parts")
        )
    rows = data["recognizers"]
    if not isinstance(rows, LineList) or not rows:
        raise DataFileError(
            "'recognizers' must be a list", path=where, line=data.line_of("recognizers")
        )
    return tuple(_recognizer(row, rows.line_at(i), parts, where) for i, row in enumerate(rows))


def _recognizer(row: Any, line: int, parts: LineMap, path: str) -> Recognizer:
    def fail(message: str, key: str | None = None) -> DataFileError:
        at = row.line_of(key) if isinstance(row, LineMap) and key else line
        return DataFileError(message, path=path, line=at, key=key)

    if not isinstance(row, LineMap):
        raise fail("each recognizer is a mapping")
    unknown = sorted(set(row) - _KEYS)
    if unknown:
        raise fail(f"unknown key (allowed: {', '.join(sorted(_KEYS))})", unknown[0])
    if row.get("kind") not in SAFE_HARBOR:
        raise fail(f"unknown kind {row.get('kind')!r}", "kind")
    if row.get("validate") is not None and row["validate"] not in _VALIDATORS:
        raise fail(f"unknown validator (known: {', '.join(sorted(_VALIDATORS))})", "validate")
    confidence = row.get("confidence")
    if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise fail("'confidence' must be a number from 0 to 1", "confidence")
    if not isinstance(row.get("signal"), str) or not row["signal"]:
        raise fail("'signal' must be a non-empty string", "signal")
    group = row.get("group")
    if group is not None and group not in ("first", "any") and not isinstance(group, int):
        raise fail("'group' must be a group number, first or any", "group")
    source = row.get("pattern")
    if not isinstance(source, str) or not source:
        raise fail("'pattern' must be a non-empty string", "pattern")
    flags = row.get("flags", "")
    if flags not in ("", "i"):
        raise fail("'flags' must be i (any case) or absent", "flags")
    try:
        pattern = regex.compile(
            _PART.sub(lambda m: str(parts[m.group(1)]), source), regex.I if flags else 0
        )
    except regex.error as exc:
        raise fail(f"invalid pattern: {exc}", "pattern") from None
    return Recognizer(
        row["kind"], pattern, group, row.get("validate"), float(confidence), row["signal"]
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_identifiers(text: str) -> list[Identifier]:
    """Every surface identifier in ``text``, non-overlapping, in text order (an earlier
    recognizer of ``identifiers.yaml`` wins an overlap)."""
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []
    for recognizer in recognizers():
        for kind, start, end, confidence, signal in recognizer.find(text):
            if start >= end or _overlaps(taken, start, end):
                continue
            taken.append((start, end))
            found.append(Identifier(kind, start, end, text[start:end], confidence, signal))
    found.sort(key=lambda i: i.start)
    return found
