"""Recognizers for the HIPAA Safe Harbor identifiers that have a surface form (45 CFR
164.514(b)(2)(i) B–R), with validators where a format or checksum exists.

Names (A) need the parse and the role decision, so they live in ``analysis``. Each recognizer
returns ``Identifier`` records; whether an identifier is linked to a patient is decided later.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

__all__ = [
    "SAFE_HARBOR",
    "Identifier",
    "find_identifiers",
    "luhn_ok",
    "mbi_ok",
    "nanp_ok",
    "npi_ok",
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


# --------------------------------------------------------------------------- patterns
_I = regex.I
_ID = r"[A-Z0-9][A-Z0-9-]{3,}[0-9][A-Z0-9]*"

_EMAIL = regex.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PHONE = regex.compile(
    r"(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\((\d{3})\)|(\d{3}))[\s.-]?(\d{3})[\s.-](\d{4})(?![\w/-])"
)
_TOLLFREE = regex.compile(r"(?<!\w)1-8\d{2}-\d{3}-\d{4}(?!\d)")
_FAX_CTX = regex.compile(r"\bfax\b[^\n\d]{0,12}$", _I)
_SSN = regex.compile(r"(?<![\d-])(\d{3})[- ](\d{2})[- ](\d{4})(?![\d-])")
_SSN_CTX = regex.compile(r"\b(?:ssn|social security(?: number| no\.?| #)?)\b\W{0,3}(\d{9})\b", _I)
_MRN = regex.compile(
    r"\b(?:MRN|medical record(?: number| no\.?| #)?|chart(?: number| no\.?| #)|patient id|"
    r"patient number|record #)\s*[:#]?\s*(" + _ID + r")",
    _I,
)
_PLAN = regex.compile(
    r"\b(?:member id|member #|member number|subscriber id|policy(?: number| no\.?| #)|"
    r"insurance id|plan id|group(?: number| no\.?| #)|medicaid(?: id| #| number)?|"
    r"medicare(?: id| #| number)?|MBI|beneficiary(?: id| number))\s*[:#]?\s*(" + _ID + r")",
    _I,
)
_MBI_BARE = regex.compile(r"\b[1-9][A-Z][A-Z0-9]\d[A-Z][A-Z0-9]\d[A-Z]{2}\d{2}\b")
_ACCOUNT = regex.compile(
    r"\b(?:account|acct\.?|invoice|claim)(?: number| no\.?| #)?\s*[:#]\s*(" + _ID + r")"
    r"|\b(?:account|acct\.?)(?: number| no\.?| #)\s*(" + _ID + r")",
    _I,
)
_CARD = regex.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_LICENSE = regex.compile(
    r"\b(?:licen[cs]e|lic\.|certificate|cert\.|DEA|NPI|permit)(?: number| no\.?| #)?\s*[:#]?\s*"
    r"(" + _ID + r")",
    _I,
)
_NPI_BARE = regex.compile(r"\bNPI\W{0,3}(\d{10})\b")
_VIN = regex.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b")
_PLATE = regex.compile(
    r"\b(?:licen[cs]e plate|plate(?: number| no\.?| #)?|tag number)\s*[:#]?\s*([A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9])\b",
    _I,
)
_DEVICE = regex.compile(
    r"\b(?:serial(?: number| no\.?| #)?|S/N|SN|device id|IMEI|UDI|MAC address)\s*[:#]?\s*("
    + _ID
    + r"|(?:[0-9A-F]{2}:){5}[0-9A-F]{2})",
    _I,
)
_URL = regex.compile(
    r"\b(?:https?://|www\.)[^\s<>\"')\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|"
    r"health|example|io|co|us|care|clinic|me|ly|app)(?:/[^\s<>\"')\]]*)?",
    _I,
)
_PROFILE_HOSTS = regex.compile(
    r"(?:facebook|instagram|tiktok|x|twitter|linkedin|threads|youtube)\.com/(?:in/|@)?[\w.]+", _I
)
_IPV4 = regex.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_IPV6 = regex.compile(r"(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])", _I)
_BIOMETRIC = regex.compile(
    r"\b(?:finger ?prints?|voice ?prints?|voice recording|retina(?:l)? scans?|iris scans?|"
    r"face ?prints?|facial recognition|palm ?prints?|dna (?:sample|profile|results?)|gait)\b",
    _I,
)
_PHOTO = regex.compile(
    r"\b(?:before(?:\s*(?:&|and|/|➡️|->|→)\s*|\s+)after|swipe (?:to see|for|through)|"
    r"(?:in )?this (?:photo|picture|pic|video|reel|clip|selfie)|pictured|selfie|photo of|"
    r"x-rays?|watch (?:\w+'s|our patient|her|his)|alt text|reunites? with|voice(?:s)? of)\b"
    r"|\[(?:photo|image|video|pic)\b",
    _I,
)
_ROOM = regex.compile(
    r"\b(?:room|rm\.?|bed|bay|bunk|cubicle|pod|exam room|patient room)\s*#?\s*(\d{1,4}[A-Z]?)\b",
    _I,
)
_JERSEY = regex.compile(r"(?<![\w&])#\d{1,2}\b")
_TOOTH = regex.compile(r"\btooth\s*#\s*\d{1,2}\b", _I)
_AGE = regex.compile(
    r"\b(\d{1,3})(?:[- ](?:years?|yrs?)[- ]old|[- ]year[- ]old|\s?y/?o\b|(?:st|nd|rd|th) birthday)"
    r"|\b(?:aged?|turned|turns|turning)\s+(\d{1,3})\b"
    r"|(?<=\w,\s)(\d{1,3})(?=,)",
    _I,
)
_AGE_WORDS = regex.compile(
    r"\b(ninety|one hundred|hundred)[- ](?:\w+[- ])?(?:year[- ]old|years old)\b"
    r"|\b(nonagenarian|centenarian|supercentenarian)\b",
    _I,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE = regex.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b"
    r"|(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b(?:last|this|next|on|since|until)\s+{_WEEKDAY}\b|\b{_WEEKDAY}(?:'s)?(?:\s+(?:morning|night|evening|afternoon))?\b"
    r"|\b(?:yesterday|today|tonight|this (?:morning|afternoon|evening|week|weekend|spring|summer|fall|winter)|"
    r"last (?:night|week|weekend|month|spring|summer|fall|winter|year)|earlier today|"
    r"christmas(?: eve| day)?|new year's(?: eve| day)?|thanksgiving|easter|halloween)\b",
    _I,
)
_ZIP = regex.compile(r"\b(?:[A-Z]{2}|zip(?: code)?:?)\s+(\d{5})(?:-\d{4})?\b")
_STREET = regex.compile(
    r"\b\d{1,5}\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|"
    r"Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Highway|Hwy|Terrace|Circle|Trail)\b\.?"
    r"|\b(?:on|off|at|near)\s+((?:[A-Z][\w'-]*\s+){1,2}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Lane|Ln|Way|Court|Blvd)\b\.?)"
    r"|\b(?:Route|Rt\.|Highway|Hwy|Interstate|I-)\s?\d{1,3}\b",
)
_SMALL_PLACE = regex.compile(
    r"\b(?:pop\.?|population)\s*(?:of\s*)?[\d,]{1,7}\b|\b(?:our |a )?(?:little|small|tiny) town\b"
    r"|\bonly (?:one|\w+) (?:person|patient|child|kid|family|resident|woman|man) (?:in|from)\b"
    r"|\bthe only \w+(?: \w+)? in\b|\bfirst (?:\w+ )?(?:ever|in (?:our|the) (?:town|county|state|hospital))\b",
    _I,
)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_identifiers(text: str) -> list[Identifier]:
    """Every surface identifier in ``text``, non-overlapping, in text order."""
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, confidence: float, signal: str) -> None:
        if start >= end or _overlaps(taken, start, end):
            return
        taken.append((start, end))
        found.append(Identifier(kind, start, end, text[start:end], confidence, signal))

    for ident in _find_all(text):
        add(*ident)
    found.sort(key=lambda i: i.start)
    return found


def _find_all(text: str) -> Iterator[tuple[str, int, int, float, str]]:
    for m in _EMAIL.finditer(text):
        yield "email", m.start(), m.end(), 0.95, "e-mail pattern"
    for m in _SSN_CTX.finditer(text):
        yield "ssn", m.start(1), m.end(1), 0.9, "context word 'SSN' + 9 digits"
    for m in _SSN.finditer(text):
        if ssn_ok(m.group(1), m.group(2), m.group(3)):
            yield "ssn", m.start(), m.end(), 0.8, "SSN format + SSA area/group/serial rules"
    for m in _MRN.finditer(text):
        yield "mrn", m.start(1), m.end(1), 0.9, "context 'MRN/medical record' + id"
    for m in _PLAN.finditer(text):
        yield "health_plan", m.start(1), m.end(1), 0.85, "context 'member/policy/Medicare id' + id"
    for m in _MBI_BARE.finditer(text):
        if mbi_ok(m.group()):
            yield "health_plan", m.start(), m.end(), 0.7, "Medicare Beneficiary Identifier format"
    for m in _NPI_BARE.finditer(text):
        if npi_ok(m.group(1)):
            yield "license", m.start(1), m.end(1), 0.9, "NPI with valid check digit"
    for m in _LICENSE.finditer(text):
        yield "license", m.start(1), m.end(1), 0.75, "context 'licence/certificate/DEA' + id"
    for m in _ACCOUNT.finditer(text):
        g = 1 if m.group(1) else 2
        yield "account", m.start(g), m.end(g), 0.8, "context 'account/claim' + id"
    for m in _DEVICE.finditer(text):
        conf = 0.85
        digits = regex.sub(r"\D", "", m.group(1))
        if len(digits) == 15 and luhn_ok(digits):
            conf = 0.95
        yield "device", m.start(1), m.end(1), conf, "context 'serial/device id/IMEI' + id"
    for m in _PLATE.finditer(text):
        yield "vehicle", m.start(1), m.end(1), 0.7, "context 'licence plate' + id"
    for m in _VIN.finditer(text):
        if vin_ok(m.group()):
            yield "vehicle", m.start(), m.end(), 0.9, "VIN with valid check digit"
    for m in _TOLLFREE.finditer(text):
        yield "phone", m.start(), m.end(), 0.6, "toll-free number"
    for m in _PHONE.finditer(text):
        area = m.group(1) or m.group(2)
        if not nanp_ok(area, m.group(3)):
            continue
        fax = bool(_FAX_CTX.search(text[max(0, m.start() - 20) : m.start()]))
        kind = "fax" if fax else "phone"
        yield (
            kind,
            m.start(),
            m.end(),
            0.85,
            "NANP number (area/exchange rules)" + (" after 'fax'" if fax else ""),
        )
    for m in _CARD.finditer(text):
        digits = regex.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            yield "account", m.start(), m.end(), 0.7, "card-length number with valid Luhn"
    for m in _IPV4.finditer(text):
        if all(int(g) <= 255 for g in m.groups()):
            yield "ip", m.start(), m.end(), 0.85, "IPv4 address"
    for m in _IPV6.finditer(text):
        yield "ip", m.start(), m.end(), 0.85, "IPv6 address"
    for m in _URL.finditer(text):
        person = bool(_PROFILE_HOSTS.search(m.group()))
        yield (
            "url",
            m.start(),
            m.end(),
            0.8 if person else 0.5,
            ("social profile URL" if person else "URL"),
        )
    for m in _BIOMETRIC.finditer(text):
        yield "biometric", m.start(), m.end(), 0.7, "biometric term"
    for m in _TOOTH.finditer(text):
        yield "unique", m.start(), m.end(), 0.6, "tooth number"
    for m in _ROOM.finditer(text):
        yield "unique", m.start(), m.end(), 0.85, "room/bed number"
    for m in _JERSEY.finditer(text):
        yield "unique", m.start(), m.end(), 0.5, "jersey/number tag"
    for m in _AGE_WORDS.finditer(text):
        yield "age_over_89", m.start(), m.end(), 0.8, "age in words over 89"
    for m in _AGE.finditer(text):
        value = next(g for g in m.groups() if g)
        g = m.groups().index(value) + 1
        age = int(value)
        if age > 125:
            continue
        kind = "age_over_89" if age > 89 else "age"
        yield kind, m.start(), m.end(), 0.85 if age > 89 else 0.6, f"age {age}"
        del g
    for m in _ZIP.finditer(text):
        yield "zip", m.start(1), m.end(1), 0.7, "5-digit ZIP after a state/zip word"
    for m in _STREET.finditer(text):
        g = 1 if m.group(1) else 0
        yield "geography", m.start(g), m.end(g), 0.7, "street/route"
    for m in _SMALL_PLACE.finditer(text):
        yield "unique", m.start(), m.end(), 0.7, "small place / uniqueness marker"
    for m in _DATE.finditer(text):
        yield "date", m.start(), m.end(), 0.6, "date or relative date"
    for m in _PHOTO.finditer(text):
        yield "photo", m.start(), m.end(), 0.6, "photo/video reference"
