"""The privacy family: one analysis per text (identifier recognizers, the patient/staff/
public-figure decision, the reply guard, described patients) and consent matching. Rules under
``rules/privacy`` and ``rules/consent`` read one memoized ``PrivacyAnalysis`` per text; each of
its disclosures (``Leak``) names the rule that reports it, so one disclosure is one finding.

Modules: ``facts`` (what every recognizer reads), ``names`` and ``named`` (people and named
patients), ``replies`` (the reply guard), ``described`` (patients described without a name),
``identifiers`` (Safe Harbor identifiers), ``consent``, ``lexicon`` (the vocabularies) and
``analysis`` (the pipeline)."""

from __future__ import annotations

from .analysis import analyze, analyze_text
from .consent import ConsentMatch, consent_covers, match_consent, people_in, safe_reply
from .described import Signal, described_patient_signals
from .facts import first_names
from .identifiers import SAFE_HARBOR, Identifier, find_identifiers
from .replies import reply_care_signals
from .results import (
    DESCRIBED_PATIENT,
    PATIENT_HEALTH_DISCLOSURE,
    REPLY_CONFIRMS_PATIENT,
    REPLY_REVEALS_CARE,
    Considered,
    Leak,
    Mention,
    PrivacyAnalysis,
)

__all__ = [
    "DESCRIBED_PATIENT",
    "PATIENT_HEALTH_DISCLOSURE",
    "REPLY_CONFIRMS_PATIENT",
    "REPLY_REVEALS_CARE",
    "SAFE_HARBOR",
    "ConsentMatch",
    "Considered",
    "Identifier",
    "Leak",
    "Mention",
    "PrivacyAnalysis",
    "Signal",
    "analyze",
    "analyze_text",
    "consent_covers",
    "described_patient_signals",
    "find_identifiers",
    "first_names",
    "match_consent",
    "people_in",
    "reply_care_signals",
    "safe_reply",
]
