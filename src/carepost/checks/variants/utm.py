"""UTM parameters for the organization's own links, refusing anything that looks like PHI.

Campaign tags travel to analytics tools, ad networks and browser histories: a patient's name,
a date of birth or a record number in ``utm_campaign`` is a disclosure. The builder accepts
short slug-like values only and refuses values (and existing query parameters) that look like
personal data. Error messages name the parameter and the reason, never the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import regex

from ..errors import InputError

__all__ = ["Utm", "UtmError", "build_utm_url", "phi_reason"]


class UtmError(InputError):
    """A UTM value or query parameter that cannot be used (the value is never echoed)."""


_SLUG = regex.compile(r"^[a-z0-9][a-z0-9._\-]{0,63}$")
_CHECKS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("an email address", regex.compile(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", regex.I)),
    ("a US Social Security number", regex.compile(r"\b\d{3}-?\d{2}-?\d{4}\b")),
    (
        "a date",
        regex.compile(
            r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|"
            r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))\b"
        ),
    ),
    ("a record or account number", regex.compile(r"\d{5,}")),
    ("a phone number", regex.compile(r"(?:\+?\d[\s.\-()]*){7,}")),
    (
        "a patient or health detail",
        regex.compile(
            r"(?:^|[^a-z])(?:patient|pt|mrn|dob|birth|ssn|diagnos|dx|rx|name|first|last|"
            r"surname|email|phone|address|zip|insur|member[-_]?id|claim)(?:$|[^a-z])",
            regex.I,
        ),
    ),
)


def phi_reason(value: str, names: Iterable[str] = ()) -> str | None:
    """Why ``value`` looks like personal health information (None when it does not)."""
    for label, pattern in _CHECKS:
        if pattern.search(value):
            return f"looks like {label}"
    folded = (
        value.casefold().replace("-", " ").replace("_", " ").replace(".", " ").replace("+", " ")
    )
    for name in names:
        for part in name.casefold().split():
            if len(part) >= 3 and regex.search(rf"(?<![a-z]){regex.escape(part)}(?![a-z])", folded):
                return "contains the name of a person in the post's consents"
    return None


@dataclass(frozen=True, slots=True)
class Utm:
    """Campaign tags; ``source`` defaults to the platform name when the adapter adds them."""

    campaign: str
    medium: str = "social"
    source: str | None = None
    content: str | None = None
    term: str | None = None

    def params(self, source: str) -> dict[str, str]:
        values = {
            "utm_source": self.source or source,
            "utm_medium": self.medium,
            "utm_campaign": self.campaign,
            "utm_content": self.content,
            "utm_term": self.term,
        }
        return {k: v for k, v in values.items() if v}


def build_utm_url(
    url: str, params: Mapping[str, str], *, protected_names: Iterable[str] = ()
) -> str:
    """``url`` with ``params`` added. Raises ``UtmError`` when a value or an existing query
    parameter looks like personal data, or a UTM value is not a short slug."""
    names = tuple(protected_names)
    for key, value in params.items():
        reason = phi_reason(value, names)
        if reason:
            raise UtmError(f"{key} {reason}; campaign tags must never carry patient details")
        if not _SLUG.match(value):
            raise UtmError(
                f"{key} must be a short slug (lowercase letters, digits, '.', '_', '-'; "
                "at most 64 characters)"
            )
    scheme_given = "://" in url
    parts = urlsplit(url if scheme_given else f"https://{url}")
    query = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in query:
        reason = phi_reason(f"{key}={value}", names) if not key.startswith("utm_") else None
        if reason:
            raise UtmError(
                f"the link's query parameter {key!r} {reason}; remove it before publishing"
            )
    kept = [(k, v) for k, v in query if k not in params]
    new = urlunsplit(parts._replace(query=urlencode([*kept, *params.items()])))
    return new if scheme_given else new.removeprefix("https://")
