"""Matching a claim sentence against the workspace's approved claims library.

Method (documented in the rule CLM001 and measured in tests/checks/claims/test_approved.py):

1. Both texts are reduced to **content lemmas** (nouns, verbs, adjectives, adverbs, numbers;
   stop words dropped) from the spaCy parse, with effect verbs folded into a few canonical
   senses (lower/reduce/cut/decrease/ease -> ``reduce``; boost/improve/increase/raise ->
   ``increase``; prevent/protect/stop -> ``prevent``; treat/cure/heal/fix -> ``treat``).
2. **Coverage** = share of the approved claim's content lemmas found in the sentence.
3. A match needs coverage >= ``THRESHOLD`` (0.75) **and** three hard guards: every number in the
   sentence appears in the approved claim (no bigger or different figures), the polarity is the
   same (a negated sentence never matches an affirmative claim), the effect sense is the
   same (a claim that something *prevents* X does not match one that it *reduces the risk of* X
   unless the approved wording says so), and every health object of the approved claim (from
   ``lexicon.yaml: health_terms``) is named in the sentence ("gum disease" is not "heart
   disease").

The approved claim's parse is cached per process (the library is shared by many posts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import ApprovedClaim
from ..nlp import load_nlp
from .phrases import lexicon_regex

if TYPE_CHECKING:
    from ..context import Context
    from .detect import ClaimSentence

__all__ = ["THRESHOLD", "ApprovedMatch", "content_lemmas", "match_approved", "similarity"]

THRESHOLD = 0.75

_SENSES = {
    **dict.fromkeys(
        (
            "lower",
            "reduce",
            "cut",
            "decrease",
            "lessen",
            "ease",
            "relieve",
            "shrink",
            "slash",
            "minimize",
            "diminish",
            "alleviate",
            "halve",
            "drop",
            "fall",
        ),
        "reduce",
    ),
    **dict.fromkeys(
        (
            "boost",
            "improve",
            "increase",
            "raise",
            "enhance",
            "strengthen",
            "support",
            "promote",
            "double",
            "triple",
        ),
        "increase",
    ),
    **dict.fromkeys(("prevent", "protect", "stop", "block", "shield", "avoid"), "prevent"),
    **dict.fromkeys(
        ("treat", "cure", "heal", "fix", "resolve", "reverse", "eliminate", "clear"), "treat"
    ),
}
_KEEP_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}
_NEG = {"not", "n't", "never", "no", "without"}
_NUM = re.compile(r"\d+(?:\.\d+)?")
_CACHE: dict[tuple[str, str], Any] = {}


@dataclass(frozen=True, slots=True)
class ApprovedMatch:
    claim_id: str
    score: float
    references: tuple[str, ...]


def content_lemmas(doc: Any) -> tuple[frozenset[str], frozenset[str], bool, frozenset[str]]:
    """(content lemmas, numbers, negated, effect senses) of a parsed span or doc."""
    lemmas: set[str] = set()
    senses: set[str] = set()
    negated = False
    for tok in doc:
        low = tok.lemma_.lower()
        if tok.dep_ == "neg" or tok.lower_ in _NEG:
            negated = True
        if tok.is_stop or tok.is_punct or tok.pos_ not in _KEEP_POS:
            continue
        sense = _SENSES.get(low)
        if sense:
            senses.add(sense)
            lemmas.add(sense)
        else:
            lemmas.add(low)
    numbers = frozenset(_NUM.findall(doc.text))
    return frozenset(lemmas), numbers, negated, frozenset(senses)


def _parsed(model: str, text: str) -> Any:
    key = (model, text)
    doc = _CACHE.get(key)
    if doc is None:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        doc = load_nlp(model)(text)
        _CACHE[key] = doc
    return doc


def similarity(sentence_doc: Any, approved_doc: Any) -> float:
    """Coverage of the approved claim by the sentence, 0 when a hard guard fails."""
    s_lem, s_num, s_neg, s_sense = content_lemmas(sentence_doc)
    a_lem, a_num, a_neg, a_sense = content_lemmas(approved_doc)
    if not a_lem or s_neg != a_neg:
        return 0.0
    if not s_num <= a_num:
        return 0.0
    if s_sense and a_sense and not (s_sense & a_sense):
        return 0.0
    if s_sense - a_sense and a_sense:
        return 0.0
    health = lexicon_regex("health_terms")
    a_health = {m.group(0).lower() for m in health.finditer(approved_doc.text)}
    s_health = {m.group(0).lower() for m in health.finditer(sentence_doc.text)}
    if not a_health <= s_health:
        return 0.0
    return len(a_lem & s_lem) / len(a_lem)


def match_approved(
    ctx: Context, claim: ClaimSentence, library: Sequence[ApprovedClaim]
) -> ApprovedMatch | None:
    span = ctx.doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is None:
        return None
    best: ApprovedMatch | None = None
    for item in library:
        score = similarity(span, _parsed(ctx.policy.nlp_model, item.text))
        if score >= THRESHOLD and (best is None or score > best.score):
            best = ApprovedMatch(item.id, round(score, 3), item.references)
    return best
