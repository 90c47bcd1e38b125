"""Recognizers for the Safe Harbor identifiers: positives and hard negatives per type."""

from __future__ import annotations

import pytest

from carepost.checks.privacy.identifiers import (
    find_identifiers,
    luhn_ok,
    mbi_ok,
    nanp_ok,
    npi_ok,
    ssn_ok,
    vin_ok,
)


def kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ident in find_identifiers(text):
        out.setdefault(ident.kind, []).append(ident.text)
    return out


POSITIVES = [
    ("email", "Write to jane.doe+care@example.org today", "jane.doe+care@example.org"),
    ("phone", "Call (505) 555-0177 now", "(505) 555-0177"),
    ("phone", "text 312.555.0118", "312.555.0118"),
    ("phone", "Poison Help 1-800-222-1222", "1-800-222-1222"),
    ("fax", "Fax: 505-555-0178", "505-555-0178"),
    ("ssn", "SSN 123-45-6789 on file", "123-45-6789"),
    ("ssn", "social security number: 219099999", "219099999"),
    ("mrn", "MRN: 00482913", "00482913"),
    ("mrn", "medical record number A-88213", "A-88213"),
    ("health_plan", "Member ID: XJH4829301", "XJH4829301"),
    ("health_plan", "her Medicare 1EG4TE5MK73", "1EG4TE5MK73"),
    ("account", "account #: 7781-22931", "7781-22931"),
    ("account", "card 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("license", "DEA # AB1234563", "AB1234563"),
    ("license", "NPI 1234567893", "1234567893"),
    ("vehicle", "VIN 1HGCM82633A004352 outside", "1HGCM82633A004352"),
    ("vehicle", "licence plate: 7ABC123", "7ABC123"),
    ("device", "pump serial number: PX-449201", "PX-449201"),
    ("device", "IMEI 490154203237518", "490154203237518"),
    ("url", "see instagram.com/sofia.glows", "instagram.com/sofia.glows"),
    ("ip", "logged from 192.168.1.20", "192.168.1.20"),
    ("biometric", "we keep her fingerprint on file", "fingerprint"),
    ("biometric", "a voice recording of the patient", "voice recording"),
    ("photo", "Swipe to see Maria's before and after", "before and after"),
    ("photo", "[Photo: a nurse holding a newborn]", "[Photo"),
    ("photo", "In this video, a patient demonstrates her pump", "In this video"),
    ("unique", "the gentleman in Room 412", "Room 412"),
    ("unique", "bed 3 (intubated)", "bed 3"),
    ("unique", "from our little town of Harlan Springs (pop. 1,800)", "our little town"),
    ("age_over_89", "turned 93 this week", "turned 93"),
    ("age_over_89", "a 101-year-old veteran", "101-year-old"),
    ("age_over_89", "Happy 100th birthday", "100th birthday"),
    ("age", "a 34-year-old lineman", "34-year-old"),
    ("date", "on Monday, Jan. 8 we", "Jan. 8"),
    ("date", "Yesterday (3/21) Dr. Anand", "3/21"),
    ("date", "last Tuesday", "last Tuesday"),
    ("date", "3am on Christmas Eve", "Christmas Eve"),
    ("geography", "lives at 42 Maple Street", "42 Maple Street"),
    ("geography", "crash on Route 9", "Route 9"),
    ("zip", "Springfield, IL 62704", "62704"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), POSITIVES)
def test_identifier_found(kind: str, text: str, expected: str) -> None:
    found = kinds(text)
    assert expected in found.get(kind, []), found


NEGATIVES = [
    ("ssn", "SSN 000-12-3456"),  # area 000 never issued
    ("ssn", "SSN 666-12-3456"),
    ("ssn", "SSN 912-12-3456"),
    ("ssn", "123-00-4567"),  # group 00
    ("phone", "Call 055-555-0177"),  # area starts with 0
    ("phone", "Call (911) 555-0177"),  # N11 area
    ("phone", "order 1,240 joint replacements in 2025"),
    ("account", "card 4111 1111 1111 1112"),  # fails Luhn
    ("vehicle", "1HGCM82633A004353"),  # wrong check digit
    ("ip", "version 300.1.2.3"),
    ("age_over_89", "adults 50 and older"),
    ("age_over_89", "a 45-year-old runner"),
    ("unique", "Suite 300"),
    ("health_plan", "our plan is great"),
    ("mrn", "records are private"),
    ("email", "follow @clinic on x"),
]


@pytest.mark.parametrize(("kind", "text"), NEGATIVES)
def test_identifier_not_found(kind: str, text: str) -> None:
    assert kind not in kinds(text), kinds(text)


@pytest.mark.parametrize(
    ("fn", "args", "ok"),
    [
        (luhn_ok, ("79927398713",), True),
        (luhn_ok, ("79927398710",), False),
        (ssn_ok, ("219", "09", "9999"), True),
        (ssn_ok, ("666", "09", "9999"), False),
        (ssn_ok, ("219", "00", "9999"), False),
        (ssn_ok, ("219", "09", "0000"), False),
        (nanp_ok, ("505", "555"), True),
        (nanp_ok, ("411", "555"), False),
        (nanp_ok, ("505", "155"), False),
        (npi_ok, ("1234567893",), True),
        (npi_ok, ("1234567890",), False),
        (mbi_ok, ("1EG4-TE5-MK73",), True),
        (mbi_ok, ("1SG4TE5MK73",), False),
        (vin_ok, ("1HGCM82633A004352",), True),
        (vin_ok, ("1HGCM82633A00435I",), False),
    ],
)
def test_validators(fn, args, ok) -> None:  # type: ignore[no-untyped-def]
    assert fn(*args) is ok


# ----------------------------------------------------------------------------- the recognizer table
_PARTS = "parts:\n  id: 'X'\n  month: 'jan'\n  weekday: 'monday'\nrecognizers:\n"


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        (
            "  - kind: toe\n    pattern: 'a'\n    confidence: 0.5\n    signal: s\n",
            6,
            "unknown kind",
        ),
        (
            "  - kind: email\n    pattern: 'a('\n    confidence: 0.5\n    signal: s\n",
            7,
            "invalid pattern",
        ),
        (
            "  - kind: email\n    pattern: 'a'\n    confidence: 5\n    signal: s\n",
            8,
            "confidence",
        ),
        (
            "  - kind: email\n    pattern: 'a'\n    validate: luhnish\n    confidence: 0.5\n    signal: s\n",
            8,
            "unknown validator",
        ),
        (
            "  - kind: email\n    pattern: 'a'\n    colour: red\n    confidence: 0.5\n    signal: s\n",
            8,
            "unknown key",
        ),
    ],
)
def test_recognizer_table_errors_name_file_and_line(tmp_path, rows, line, message) -> None:  # type: ignore[no-untyped-def]
    from carepost.checks.errors import DataFileError
    from carepost.checks.privacy.identifiers import recognizers

    path = tmp_path / "identifiers.yaml"
    path.write_text(_PARTS + rows, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        recognizers(path)
    assert f"{path}:{line}" in str(err.value) and message in str(err.value)


def test_the_shipped_table_covers_every_surface_kind() -> None:
    from carepost.checks.privacy.identifiers import SAFE_HARBOR, recognizers

    kinds = {r.kind for r in recognizers()}
    assert kinds == set(SAFE_HARBOR) - {"name", "handle", "initials", "fax"}  # fax: phone + context
