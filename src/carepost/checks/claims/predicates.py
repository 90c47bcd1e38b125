"""What makes one sentence a health claim: an effect predicate (a verb lemma from
``lexicon.yaml: effect_verbs``) that governs or shares its clause with a health object, or a
stated result (``patterns.yaml``: pounds lost, "% faster", "results last a year"). The parse
tells negation, questions and who the subject is apart; ``detect`` runs this per sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ..vocab import load_vocabulary
from .phrases import lexicon, lexicon_regex

__all__ = [
    "NEGATORS",
    "PATTERN_KEYS",
    "RESULT_NAMES",
    "ClaimSentence",
    "SentenceInfo",
    "claim_in",
    "lemma_sets",
    "pattern",
    "result_patterns",
]

NEGATORS = {"not", "n't", "never", "no", "without", "nothing", "neither", "nor", "cannot"}
_PATTERNS_PATH = Path(__file__).with_name("patterns.yaml")
_CASED = ("first_person", "dr_possessive", "quoted")
#: the stated-result families, in the order they are tried (``result_<name>`` in patterns.yaml)
RESULT_NAMES = (
    "weight-result",
    "relative-improvement",
    "duration",
    "shades",
    "time-improvement",
    "see-results",
    "comparative",
    "remission",
    "recovery-time",
    "success-rate",
    "survey-outcome",
    "by-percent",
    "early-detection",
    "keeps-healthy",
    "sick-less",
    "gone",
    "effective-for",
)
PATTERN_KEYS = (
    *_CASED,
    "own_words",
    "before_after",
    *(f"result_{n.replace('-', '_')}" for n in RESULT_NAMES),
    "duration",
    "results_subject",
    "weight_objects",
    "provider_subject",
)


@cache
def pattern(key: str) -> re.Pattern[str]:
    """One expression of ``patterns.yaml`` (its entries are alternatives)."""
    vocab = load_vocabulary(_PATTERNS_PATH, required=PATTERN_KEYS, patterns=True)
    return re.compile("|".join(vocab[key]), 0 if key in _CASED else re.IGNORECASE)


def result_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(n, pattern(f"result_{n.replace('-', '_')}")) for n in RESULT_NAMES]


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    index: int
    start: int
    end: int
    text: str
    question: bool
    myth: bool


@dataclass(frozen=True, slots=True)
class ClaimSentence:
    """One sentence that claims a health effect, with the signals that fired."""

    sentence: int
    start: int
    end: int
    text: str
    trigger: str
    trigger_start: int
    trigger_end: int
    health_terms: tuple[str, ...]
    signals: tuple[str, ...]
    testimonial: bool = False
    own_service: bool = False
    procedure_subject: bool = False
    duration: bool = False
    general: bool = False
    cited_here: bool = False


@cache
def lemma_sets() -> dict[str, frozenset[str]]:
    lex = lexicon()
    return {
        name: frozenset(v.lower() for v in lex[name])
        for name in ("effect_verbs", "weak_effect_verbs", "procedure_verbs", "change_verbs")
    }


def _negated(tok: Any) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in tok.children):
        return True
    head = tok.head
    if (
        tok.dep_ in ("xcomp", "ccomp")
        and head is not tok
        and any(c.dep_ == "neg" for c in head.children)
    ):
        return True
    doc = tok.doc
    start = max(tok.sent.start, tok.i - 3)
    return any(doc[j].lower_ in NEGATORS for j in range(start, tok.i))


def _subject_text(tok: Any) -> str:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return " ".join(t.text for t in c.subtree)
    if tok.dep_ in ("conj", "xcomp", "advcl", "relcl") and tok.head is not tok:
        return _subject_text(tok.head)
    return ""


_HELPED_OUTCOMES = {
    "sleep",
    "breathe",
    "recover",
    "feel",
    "quit",
    "manage",
    "cope",
    "relax",
    "stay",
    "keep",
    "live",
    "walk",
    "move",
    "think",
    "focus",
    "look",
    "avoid",
    "fall",
    "eat",
    "burn",
}
_QUEST_WORDS = {
    "find",
    "toward",
    "towards",
    "search",
    "seek",
    "hope",
    "race",
    "fund",
    "until",
    "quest",
}
_BRAND_LABELS = {"ORG", "PRODUCT", "PERSON", "FAC", "WORK_OF_ART"}


def _brand_subject(tok: Any) -> bool:
    """The claim's subject is a product or company name ("Kardiva detects ..."): the parse's
    named-entity label, unless the name is itself a health or supplement word ("AFib")."""
    for c in tok.children:
        if c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        for t in c.subtree:
            if t.ent_type_ in _BRAND_LABELS:
                word = t.text.lower()
                if not (
                    lexicon_regex("health_terms").fullmatch(word)
                    or lexicon_regex("supplement_terms").fullmatch(word)
                ):
                    return True
    return False


_PERSON_PRONOUNS = {"you", "her", "him", "them", "us", "me", "yourself", "everyone"}


def _person_object(tok: Any) -> bool:
    for c in tok.children:
        if c.dep_ in ("dobj", "dative") and (c.lower_ in _PERSON_PRONOUNS or c.pos_ == "PROPN"):
            return True
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj" and (g.lower_ in _PERSON_PRONOUNS or g.pos_ == "PROPN"):
                    return True
            return False
    return False


def _span_text(tok: Any) -> tuple[int, int]:
    left = min(t.idx for t in tok.subtree)
    right = max(t.idx + len(t.text) for t in tok.subtree)
    return left, right


def _terms(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text, start, end)]


def claim_in(
    sent: Any,
    info: SentenceInfo,
    text: str,
    health_re: re.Pattern[str],
    weak_re: re.Pattern[str],
    procedure_re: re.Pattern[str],
    sets: dict[str, frozenset[str]],
    health_context: bool,
) -> ClaimSentence | None:
    """The sentence's claim: its first effect predicate with a health object, else its first
    stated result, else ``None``."""
    ctx = _Scope(info, text, health_re, weak_re, procedure_re, sets, health_context)
    for tok in sent:
        claim = _effect_claim(tok, sent, ctx)
        if claim is not None:
            return claim
    return _result_claim(ctx)


@dataclass(frozen=True)
class _Scope:
    """One sentence and the vocabularies the predicates read."""

    info: SentenceInfo
    text: str
    health_re: re.Pattern[str]
    weak_re: re.Pattern[str]
    procedure_re: re.Pattern[str]
    sets: dict[str, frozenset[str]]
    health_context: bool

    @cached_property
    def strong_terms(self) -> list[re.Match[str]]:
        return _terms(self.health_re, self.text, self.info.start, self.info.end)


def _not_an_effect(tok: Any, sent: Any, ctx: _Scope) -> bool:
    """Tokens whose lemma is an effect verb but that state no effect here."""
    lemma = tok.lemma_.lower()
    text, s_end = ctx.text, ctx.info.end
    if lemma not in ctx.sets["effect_verbs"] or tok.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
        return True
    if lemma == "last" and tok.pos_ != "VERB":
        return True  # "last month", "the last step"
    if tok.pos_ == "NOUN" and any(
        t.lemma_.lower() in _QUEST_WORDS for t in tok.doc[max(sent.start, tok.i - 4) : tok.i]
    ):
        return True  # "help us find a cure", "research toward a cure": a goal, not a claim
    # the small model often tags "lowers"/"cuts" as plural nouns: keep a third-person
    # verb form that is followed by a health object in the same sentence
    if (
        tok.pos_ == "NOUN"
        and lemma not in ("cure", "treatment", "relief", "boost", "detox")
        and not (
            tok.tag_ == "NNS"
            and tok.lower_ in (lemma + "s", lemma + "es")
            and ctx.health_re.search(text, tok.idx + len(tok.text), s_end)
        )
        and not (  # "Omega-3s support heart health": a verb after a plural subject
            tok.tag_ == "NN"
            and tok.i > sent.start
            and tok.doc[tok.i - 1].tag_ in ("NNS", "NNPS")
            and ctx.health_re.match(text, tok.idx + len(tok.text) + 1)
        )
    ):
        return True
    if tok.pos_ == "AUX" and lemma not in ("help",):
        return True
    return _negated(tok)


def _effect_claim(tok: Any, sent: Any, ctx: _Scope) -> ClaimSentence | None:
    if _not_an_effect(tok, sent, ctx):
        return None
    lemma = tok.lemma_.lower()
    info, text, sets = ctx.info, ctx.text, ctx.sets
    subject = _subject_text(tok)
    past = tok.tag_ in ("VBD", "VBN")
    if lemma in sets["procedure_verbs"] and past and not pattern("first_person").search(info.text):
        return None  # "our ER team treated a lineman": an event, not an efficacy claim
    if lemma == "treat" and pattern("provider_subject").match(subject.strip()):
        return None  # "we treat sports injuries": an offering
    if lemma in ("lose", "shed", "drop") and not pattern("weight_objects").search(
        text, *_span_text(tok)
    ):
        return None
    if lemma == "last":
        return _duration_claim(tok, subject, ctx)
    if lemma == "help":
        complement = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"]
        if complement and not (
            complement[0].lemma_.lower() in sets["effect_verbs"]
            or complement[0].lemma_.lower() in _HELPED_OUTCOMES
        ):
            return None  # "help us find a cure", "help you book": not a health effect
    if lemma in sets["weak_effect_verbs"] and lemma != "help" and _person_object(tok):
        return None  # "support you through", "work with you on": care, not an effect
    if lemma == "add" and not re.search(
        r"\b(?:years?|life|lifespan)\b", text[slice(*_span_text(tok))]
    ):
        return None
    scope_terms = _scope_terms(tok, lemma, ctx)
    if not scope_terms:
        return None
    proc = bool(ctx.procedure_re.search(subject)) or _brand_subject(tok)
    return ClaimSentence(
        info.index,
        info.start,
        info.end,
        info.text,
        lemma,
        tok.idx,
        tok.idx + len(tok.text),
        tuple(dict.fromkeys(m.group(0) for m in scope_terms)),
        (
            f"effect predicate {lemma!r}",
            *(f"health object {m.group(0)!r}" for m in scope_terms[:3]),
        ),
        procedure_subject=proc,
    )


def _duration_claim(tok: Any, subject: str, ctx: _Scope) -> ClaimSentence | None:
    """ "Results last 12 months": a duration claim about a result or procedure."""
    info, text, procedure_re = ctx.info, ctx.text, ctx.procedure_re
    dur = pattern("duration").search(text, tok.idx, info.end)
    before = text[max(info.start, tok.idx - 45) : tok.idx]
    subj_ok = (
        pattern("results_subject").search(subject)
        or procedure_re.search(subject)
        or pattern("results_subject").search(before)
        or procedure_re.search(before)
    )
    if not (dur and subj_ok):
        return None
    return ClaimSentence(
        info.index,
        info.start,
        info.end,
        info.text,
        "last",
        tok.idx,
        tok.idx + len(tok.text),
        (),
        (f"duration claim: {dur.group(0)!r}",),
        procedure_subject=True,
        duration=True,
    )


def _scope_terms(tok: Any, lemma: str, ctx: _Scope) -> list[re.Match[str]]:
    """The health objects the predicate governs (weak verbs: only in their own clause)."""
    text, s_end = ctx.text, ctx.info.end
    strong_terms = ctx.strong_terms
    if lemma in ctx.sets["weak_effect_verbs"]:
        lo, hi = _span_text(tok)
        if tok.pos_ == "NOUN":  # a verb mis-tagged as a noun: its clause is what follows
            lo, hi = tok.idx, s_end
        scope_terms = [
            m
            for m in strong_terms
            if lo <= m.start() < hi and not (tok.idx <= m.start() < tok.idx + len(tok.text))
        ]
        if not scope_terms and ctx.health_context:
            scope_terms = [
                m
                for m in ctx.weak_re.finditer(text, lo, hi)
                if lemma in ("double", "triple", "halve", "add", "cut", "increase", "extend")
            ]
        return scope_terms
    scope_terms = [m for m in strong_terms if not (tok.idx <= m.start() < tok.idx + len(tok.text))]
    if not scope_terms and ctx.health_context:
        lo, hi = _span_text(tok)
        scope_terms = list(ctx.weak_re.finditer(text, lo, hi))
    return scope_terms


_NEEDS_HEALTH = (
    "relative-improvement",
    "time-improvement",
    "see-results",
    "survey-outcome",
    "by-percent",
    "early-detection",
)


def _result_claim(ctx: _Scope) -> ClaimSentence | None:
    """The sentence's first stated result ("lost 20 pounds", "37% faster")."""
    info, text = ctx.info, ctx.text
    strong_terms = ctx.strong_terms
    for name, result_re in result_patterns():
        m = result_re.search(info.text)
        if m is None:
            continue
        if name == "effective-for":
            after = text[info.start + m.end() : info.start + m.end() + 40]
            if not ctx.health_re.match(after.lstrip()) and not ctx.health_re.search(after[:25]):
                continue
        if name in _NEEDS_HEALTH and not (
            strong_terms or ctx.health_context or ctx.procedure_re.search(info.text)
        ):
            continue
        subject = info.text[: m.start()]
        return ClaimSentence(
            info.index,
            info.start,
            info.end,
            info.text,
            name,
            info.start + m.start(),
            info.start + m.end(),
            tuple(x.group(0) for x in strong_terms),
            (f"result pattern {name}: {m.group(0)!r}",),
            # a measured result of a product, device or service ("tightens skin by 30%",
            # "87% of our customers said") is a claim about that offering, not education
            procedure_subject=bool(ctx.procedure_re.search(subject))
            or name in ("duration", "survey-outcome", "by-percent", "early-detection"),
            duration=name == "duration",
        )
    return None
