"""What the privacy analysis returns: the people a text mentions, and its disclosures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .identifiers import Identifier

__all__ = [
    "DESCRIBED_PATIENT",
    "PATIENT_HEALTH_DISCLOSURE",
    "REPLY_CONFIRMS_PATIENT",
    "REPLY_REVEALS_CARE",
    "Considered",
    "Leak",
    "Mention",
    "PrivacyAnalysis",
]

#: The finding each disclosure becomes: the name of the rule that reports it (PHI001, PHI002,
#: PHI010, PHI011). One pipeline decides them all, so a disclosure is reported once.
PATIENT_HEALTH_DISCLOSURE = "patient-health-disclosure"
REPLY_CONFIRMS_PATIENT = "reply-confirms-patient"
REPLY_REVEALS_CARE = "reply-reveals-care"
DESCRIBED_PATIENT = "described-patient"


@dataclass(frozen=True, slots=True)
class Mention:
    """A person (or a detail that points to one) and who we decided it is."""

    start: int
    end: int
    text: str
    kind: str  # name | handle | initials | role | descriptor | reviewer
    role: str  # patient | unknown | staff | org | public | hypothetical | reviewer
    reason: str


@dataclass(frozen=True, slots=True)
class Leak:
    """One disclosure about one person: the subject, the identifying details and the
    health/care details, and the finding (``rule``) that reports it."""

    start: int
    end: int
    subject: str
    identifier_kinds: tuple[str, ...]
    signals: tuple[str, ...]
    confidence: float
    names: tuple[str, ...] = ()
    reply: bool = False
    rule: str = PATIENT_HEALTH_DISCLOSURE

    def explanation(self) -> str:
        return " + ".join(self.signals)


@dataclass(frozen=True, slots=True)
class Considered:
    """An identifier or person mention that was looked at and judged not patient-linked."""

    start: int
    end: int
    text: str
    kind: str
    reason: str


@dataclass(frozen=True)
class PrivacyAnalysis:
    leaks: tuple[Leak, ...]
    considered: tuple[Considered, ...]
    record_identifiers: tuple[Identifier, ...]
    mentions: tuple[Mention, ...]
    story: bool
    parsed: bool
    hypothetical: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    def leaks_for(self, rule: str) -> tuple[Leak, ...]:
        """The disclosures a rule reports (``rule`` is the rule's name)."""
        return tuple(lk for lk in self.leaks if lk.rule == rule)
