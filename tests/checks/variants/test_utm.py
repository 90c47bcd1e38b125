"""The UTM builder: adds campaign tags, refuses anything that looks like PHI."""

from __future__ import annotations

import pytest

from carepost.checks.variants import UtmError, build_utm_url, phi_reason

BASE = {"utm_source": "instagram", "utm_medium": "social", "utm_campaign": "flu-2026"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://riverside-clinic.org/flu",
            "https://riverside-clinic.org/flu?utm_source=instagram&utm_medium=social&utm_campaign=flu-2026",
        ),
        (
            "riverside-clinic.org/flu?lang=es",
            "riverside-clinic.org/flu?lang=es&utm_source=instagram&utm_medium=social&utm_campaign=flu-2026",
        ),
        (
            "https://riverside-clinic.org/?utm_campaign=old#book",
            "https://riverside-clinic.org/?utm_source=instagram&utm_medium=social&utm_campaign=flu-2026#book",
        ),
    ],
)
def test_adds_tags(url: str, expected: str) -> None:
    assert build_utm_url(url, BASE) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("jane.doe@example.com", "an email address"),
        ("555-010-2000", "a phone number"),
        ("123-45-6789", "Social Security"),
        ("1984-03-02", "a date"),
        ("visit-03-02-2026", "a date"),
        ("mrn-0048213", "record"),
        ("patient-story", "patient"),
        ("dob", "patient"),
        ("maria-alvarez-rehab", "consents"),
    ],
)
def test_refuses_phi_in_values_without_echoing_them(value: str, reason: str) -> None:
    with pytest.raises(UtmError) as info:
        build_utm_url(
            "https://riverside-clinic.org/",
            {**BASE, "utm_content": value},
            protected_names=["Maria Alvarez"],
        )
    message = str(info.value)
    assert reason in message and "utm_content" in message
    assert value not in message


@pytest.mark.parametrize(
    "value", ["flu-2026", "spring_newsletter", "rehab.week", "heart-month-feb", "q1-2026"]
)
def test_ordinary_campaign_names_pass(value: str) -> None:
    assert phi_reason(value, ["Maria Alvarez"]) is None
    build_utm_url("https://riverside-clinic.org/", {**BASE, "utm_campaign": value})


@pytest.mark.parametrize("value", ["Flu 2026", "a" * 65, "flu/2026", ""])
def test_refuses_non_slug_values(value: str) -> None:
    with pytest.raises(UtmError, match="short slug"):
        build_utm_url("https://riverside-clinic.org/", {**BASE, "utm_campaign": value})


def test_refuses_phi_in_existing_query_parameters() -> None:
    with pytest.raises(UtmError, match="'patient'") as info:
        build_utm_url("https://riverside-clinic.org/p?patient=jane", BASE)
    assert "jane" not in str(info.value)
