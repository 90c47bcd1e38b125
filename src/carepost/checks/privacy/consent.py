"""Consent references (signed HIPAA authorizations) matched to the people a text names, and the
safe generic reply offered by the reply guard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from ..errors import PolicyError
from ..model import ConsentRef
from ..policy import Policy

__all__ = ["DEFAULT_REPLY_TEMPLATE", "ConsentMatch", "match_consent", "safe_reply"]

DEFAULT_REPLY_TEMPLATE = (
    "Thank you for taking the time to share this. To protect everyone's privacy, we never "
    "discuss anyone's care online. Please contact {organization} directly{contact} so we can "
    "help."
)
_PLACEHOLDERS = ("organization", "contact", "phone", "email")


@dataclass(frozen=True, slots=True)
class ConsentMatch:
    """The consent that names a person, and why it does or does not cover this publication."""

    consent: ConsentRef
    valid: bool
    problem: str | None = None


def _tokens(name: str) -> list[str]:
    name = regex.sub(r"^(?:mr|mrs|ms|mx|miss|dr)\.?\s+", "", name.strip().lower())
    return [t for t in regex.sub(r"[^\p{L}@._ ]", " ", name).split() if t]


def _names_match(mention: str, consent: ConsentRef) -> bool:
    m = _tokens(mention)
    if not m:
        return False
    for candidate in (consent.person, *consent.aliases):
        c = _tokens(candidate)
        if not c:
            continue
        if m == c or (len(m) == 1 and m[0] == c[0]) or (len(c) == 1 and c[0] == m[0]):
            return True
        if m[0].startswith("@") and m[0] in c:
            return True
        # "James P." vs "James Parker"
        if (
            len(m) == 2
            and len(m[1].rstrip(".")) == 1
            and m[0] == c[0]
            and c[-1].startswith(m[1][0])
        ):
            return True
    return False


def _problem(consent: ConsentRef, platform: str | None, today: dt.date) -> str | None:
    if consent.revoked:
        return "was revoked"
    if consent.expires:
        try:
            expires = dt.date.fromisoformat(consent.expires[:10])
        except ValueError:
            return f"has an unreadable expiry date {consent.expires!r}"
        if expires < today:
            return f"expired on {expires.isoformat()}"
    if (
        platform
        and consent.platforms
        and platform.lower() not in {p.lower() for p in consent.platforms}
    ):
        return f"does not cover {platform} (covers {', '.join(consent.platforms)})"
    return None


def match_consent(
    names: Iterable[str],
    consents: Sequence[ConsentRef],
    platform: str | None,
    today: dt.date | None = None,
) -> ConsentMatch | None:
    """The best consent for any of ``names``: a valid one if any, else the first invalid one."""
    day = today or dt.datetime.now(dt.UTC).date()
    found: ConsentMatch | None = None
    for name in names:
        for consent in consents:
            if not _names_match(name, consent):
                continue
            problem = _problem(consent, platform, day)
            if problem is None:
                return ConsentMatch(consent, True)
            if found is None:
                found = ConsentMatch(consent, False, problem)
    return found


def safe_reply(policy: Policy) -> str:
    """The generic reply offered instead of one that confirms a patient relationship."""
    template = policy.option("privacy", "reply_template", DEFAULT_REPLY_TEMPLATE)
    if not isinstance(template, str) or not template.strip():
        raise PolicyError(
            "expected a non-empty string", path=policy.source, key="options.privacy.reply_template"
        )
    unknown = sorted(set(regex.findall(r"\{(\w*)\}", template)) - set(_PLACEHOLDERS))
    if unknown:
        raise PolicyError(
            f"unknown placeholder {{{unknown[0]}}} (allowed: "
            + ", ".join("{" + p + "}" for p in _PLACEHOLDERS)
            + ")",
            path=policy.source,
            key="options.privacy.reply_template",
        )
    org = policy.organization
    phone = org.phone[0] if org.phone else ""
    email = org.email[0] if org.email else ""
    contact = f" at {phone}" if phone else (f" at {email}" if email else "")
    values = {
        "organization": org.name or "our office",
        "contact": contact,
        "phone": phone,
        "email": email,
    }
    out = template
    for key in _PLACEHOLDERS:
        out = out.replace("{" + key + "}", values[key])
    return out
