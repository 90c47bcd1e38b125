"""Health claims and their evidence: claim-sentence detection (``detect``), citations and source
tiers (``evidence``), the approved-claims library (``approved``), phrase families as data
(``phrases``, ``phrases.yaml``, ``lexicon.yaml``) and general-advice detection for the
disclaimer rules (``advice``)."""

from .detect import ClaimsAnalysis, ClaimSentence, analyze

__all__ = ["ClaimSentence", "ClaimsAnalysis", "analyze"]
