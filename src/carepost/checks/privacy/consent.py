"""Consent references (signed HIPAA authorizations) matched to the people a text names, and the
safe generic reply offered by the reply guard.

``consent_covers`` is the one question every finding about a person asks (PHI001, PHI011,
CNS001, CNS002 and the learned model's findings): which consent, if any, covers the person this
span or name is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from ..errors import PolicyError
from ..model import ConsentRef
from ..policy import Policy

__all__ = [
    "DEFAULT_REPLY_TEMPLATE",
    "ConsentMatch",
    "consent_covers",
    "match_consent",
    "people_in",
    "safe_reply",
]

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
    name = regex.sub(r"['’]s?\b", "", name)  # "Maria Lopez's" is Maria Lopez
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


_PERSON_ROLES = ("unknown", "patient", "reviewer")


def people_in(ctx: Any, span: tuple[int, int]) -> tuple[tuple[str, ...], ...]:
    """The people a span of the checked text is about, each as the names used for them: the
    person of every privacy finding (leak) overlapping the span, else the person mentions
    inside it; a span naming nobody ("She rang the bell today") is about the text's one person
    when the text names exactly one."""
    from .analysis import analyze

    analysis = analyze(ctx)
    start, end = span
    people: list[tuple[str, ...]] = [
        lk.names for lk in analysis.leaks if lk.names and lk.start < end and start < lk.end
    ]
    if not people:
        people = [
            (m.text,)
            for m in analysis.mentions
            if m.role in _PERSON_ROLES and m.start < end and start < m.end
        ]
    if not people:
        everyone: list[tuple[str, ...]] = [
            (m.text,) for m in analysis.mentions if m.role in _PERSON_ROLES
        ]
        everyone += [lk.names for lk in analysis.leaks if lk.names]
        if len({_person_key(p) for p in everyone}) == 1:
            people = everyone[:1]
    unique: dict[str, tuple[str, ...]] = {}
    for names in people:
        unique.setdefault(_person_key(names), names)
    return tuple(unique.values())


def _person_key(names: tuple[str, ...]) -> str:
    tokens = _tokens(names[0]) if names else []
    return tokens[0] if tokens else ""


def consent_covers(
    person: str | Iterable[str] | tuple[int, int],
    consents: Sequence[ConsentRef],
    *,
    ctx: Any = None,
    platform: str | None = None,
    today: dt.date | None = None,
) -> ConsentMatch | None:
    """The consent that covers the person a finding is about (``None``: nobody's consent does).

    ``person`` is a name ("Maria Lopez", "@maria.l"), several names of one person, or a
    ``(start, end)`` span of ``ctx``'s text (a sentence the model flagged), whose people are
    found with ``people_in``; a span about several people is covered only when each of them
    is. The result is valid when a consent names the person and covers this publication;
    otherwise it is the consent that names them and why it does not cover it (revoked,
    expired, another platform). ``platform`` defaults to the context's platform."""
    if isinstance(person, tuple) and len(person) == 2 and all(isinstance(x, int) for x in person):
        if ctx is None:
            raise TypeError("consent_covers: a span needs the check context (ctx=...)")
        people = people_in(ctx, (int(person[0]), int(person[1])))
    elif isinstance(person, str):
        people = ((person,),)
    else:
        people = (tuple(str(n) for n in person),)
    if platform is None and ctx is not None:
        platform = ctx.platform
    people = tuple(p for p in people if p)
    if not people or not consents:
        return None
    matches = [match_consent(names, consents, platform, today) for names in people]
    found = [m for m in matches if m is not None]
    if len(found) < len(matches):
        return None
    return next((m for m in found if not m.valid), found[0])


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
