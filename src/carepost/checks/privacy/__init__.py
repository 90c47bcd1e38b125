"""The privacy family's shared analysis: identifier recognizers, the patient/staff/public-figure
decision, the reply guard and consent matching. Rules under ``rules/privacy`` and
``rules/consent`` read one memoized ``PrivacyAnalysis`` per text."""

from __future__ import annotations

from .analysis import Considered, Leak, Mention, PrivacyAnalysis, analyze, analyze_text
from .consent import ConsentMatch, consent_covers, match_consent, people_in, safe_reply
from .identifiers import SAFE_HARBOR, Identifier, find_identifiers

__all__ = [
    "SAFE_HARBOR",
    "ConsentMatch",
    "Considered",
    "Identifier",
    "Leak",
    "Mention",
    "PrivacyAnalysis",
    "analyze",
    "analyze_text",
    "consent_covers",
    "find_identifiers",
    "match_consent",
    "people_in",
    "safe_reply",
]
