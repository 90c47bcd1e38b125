"""Health-claim sentences, found with the shared spaCy parse (``ctx.doc``).

A sentence makes a health claim when an effect predicate (a verb lemma from
``lexicon.yaml: effect_verbs`` — treats, lowers, boosts, reverses, "helps ... sleep" ...)
governs or shares its clause with a health object (a condition, symptom or outcome), or when it
states a result pattern (numbers of pounds lost, "% faster", "results last a year", a
before/after). Lemmas make paraphrases match ("slashes", "slashed", "will slash"); the parse
tells negation ("there is no cure", "doesn't prevent"), questions, and who the subject is (a
practice's own service, a testimonial) apart.

The whole analysis of a text is computed once per check and shared by the CLM and DSC rules
through ``ctx.memo("claims.analysis", ...)``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..sentences import is_question
from ..vocab import load_vocabulary
from .approved import ApprovedMatch, match_approved
from .evidence import Citation, find_citations
from .phrases import PhraseHit, lexicon, lexicon_regex, phrase_families

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["ClaimSentence", "ClaimsAnalysis", "SentenceInfo", "analyze"]

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


@dataclass(frozen=True)
class ClaimsAnalysis:
    sentences: tuple[SentenceInfo, ...]
    claims: tuple[ClaimSentence, ...]
    citations: tuple[Citation, ...]
    hits: tuple[PhraseHit, ...]
    approved: dict[int, ApprovedMatch] = field(default_factory=dict)
    before_after: bool = False
    testimonial: bool = False
    promo: bool = False
    health_context: bool = False

    @property
    def credible(self) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if c.credible)

    @property
    def supported_post(self) -> bool:
        return bool(self.credible)

    def hits_of(self, *, kind: str | None = None, family: str | None = None) -> list[PhraseHit]:
        return [
            h
            for h in self.hits
            if (kind is None or h.family.kind == kind)
            and (family is None or h.family.family == family)
        ]

    def sentence_at(self, offset: int) -> SentenceInfo | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def claim_supported(self, claim: ClaimSentence) -> bool:
        """A credible source in the same sentence, or anywhere in the post for a claim that
        is not about the practice's own service, or a matching approved claim."""
        if claim.sentence in self.approved:
            return True
        if claim.cited_here:
            return True
        if not self.credible:
            return False
        return not (claim.own_service or claim.procedure_subject or claim.testimonial)


@cache
def _lemma_sets() -> dict[str, frozenset[str]]:
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


def analyze(ctx: Context) -> ClaimsAnalysis:
    return ctx.memo("claims.analysis", lambda: _analyze(ctx))


def _analyze(ctx: Context) -> ClaimsAnalysis:
    text = ctx.text
    health_re = lexicon_regex("health_terms")
    weak_re = lexicon_regex("weak_objects")
    procedure_re = lexicon_regex("procedure_terms")
    promo_re = lexicon_regex("promo_markers")
    sets = _lemma_sets()
    org_names = [n for n in (ctx.policy.organization.name, *ctx.policy.organization.aliases) if n]
    own_re = (
        re.compile("|".join(re.escape(n) for n in org_names), re.IGNORECASE) if org_names else None
    )

    sentences: list[SentenceInfo] = []
    for i, sent in enumerate(ctx.sentence_spans):
        s_text = sent.text
        stripped = s_text.strip()
        question = is_question(stripped)
        myth = bool(
            re.match(r"^\W*(?:myth|fiction|false|misconception)\b", stripped, re.IGNORECASE)
        )
        sentences.append(SentenceInfo(i, sent.start_char, sent.end_char, s_text, question, myth))

    health_context = bool(health_re.search(text))
    promo = bool(promo_re.search(text))
    quoted_spans = [
        (m.start(), m.end())
        for m in pattern("quoted").finditer(text)
        if pattern("first_person").search(m.group(1))
    ]
    attributed = bool(re.search(r"[—–-]\s*[A-Z][a-z]+(?: [A-Z]\.?)?,", text)) or bool(
        re.search(r"\btestimonial\b|\breview\b:", text, re.IGNORECASE)
    )
    before_after = bool(pattern("before_after").search(text)) and (
        health_context or bool(procedure_re.search(text))
    )
    citations = tuple(
        find_citations(
            text,
            extra_sources=ctx.input.sources,
            own_sites=ctx.policy.organization.website,
        )
    )

    claims: list[ClaimSentence] = []
    for info, sent in zip(sentences, ctx.sentence_spans, strict=True):
        if info.question or info.myth:
            continue
        claim = _claim_in(sent, info, text, health_re, weak_re, procedure_re, sets, health_context)
        if claim is None and before_after and pattern("before_after").search(info.text):
            m = pattern("before_after").search(info.text)
            assert m is not None
            claim = ClaimSentence(
                info.index,
                info.start,
                info.end,
                info.text,
                "before/after",
                info.start + m.start(),
                info.start + m.end(),
                tuple(x.group(0) for x in health_re.finditer(info.text)),
                ("before/after results shown",),
            )
        if claim is None:
            continue
        in_quote = any(s <= claim.trigger_start < e for s, e in quoted_spans)
        testimonial = in_quote or (bool(pattern("first_person").search(info.text)) and attributed)
        subject_own = bool(pattern("own_words").search(info.text)) or bool(
            pattern("dr_possessive").search(info.text)
        )
        if own_re is not None and own_re.search(info.text):
            subject_own = True
        cited_here = any(
            c.credible
            and c.start >= 0
            and info.start <= c.start < info.end + 80
            and not _other_sentence_between(sentences, info, c.start)
            for c in citations
        )
        general = not (
            testimonial
            or subject_own
            or claim.procedure_subject
            or claim.duration
            or claim.trigger == "before/after"
            or (promo and not cited_here)
            or _continues_specific_claim(claims, info)
        )
        claims.append(
            ClaimSentence(
                claim.sentence,
                claim.start,
                claim.end,
                claim.text,
                claim.trigger,
                claim.trigger_start,
                claim.trigger_end,
                claim.health_terms,
                claim.signals,
                testimonial=testimonial,
                own_service=subject_own,
                procedure_subject=claim.procedure_subject,
                duration=claim.duration,
                general=general,
                cited_here=cited_here,
            )
        )

    hits = _phrase_hits(text, sentences, claims, health_re, procedure_re)
    approved: dict[int, ApprovedMatch] = {}
    if ctx.input.approved_claims:
        for c in claims:
            found = match_approved(ctx, c, ctx.input.approved_claims)
            if found is not None:
                approved[c.sentence] = found
    return ClaimsAnalysis(
        sentences=tuple(sentences),
        claims=tuple(claims),
        citations=citations,
        hits=tuple(hits),
        approved=approved,
        before_after=before_after,
        testimonial=bool(quoted_spans) or attributed,
        promo=promo,
        health_context=health_context,
    )


def _other_sentence_between(
    sentences: Sequence[SentenceInfo], info: SentenceInfo, pos: int
) -> bool:
    """A citation just after a sentence (``... (Smith et al., 2020).``) belongs to it, unless a
    whole other sentence with words lies in between."""
    if pos < info.end:
        return False
    for s in sentences:
        if info.end <= s.start and s.end <= pos and re.search(r"[A-Za-z]{3}", s.text):
            return True
    return False


def _claim_in(
    sent: Any,
    info: SentenceInfo,
    text: str,
    health_re: re.Pattern[str],
    weak_re: re.Pattern[str],
    procedure_re: re.Pattern[str],
    sets: dict[str, frozenset[str]],
    health_context: bool,
) -> ClaimSentence | None:
    s_start, s_end = info.start, info.end
    strong_terms = _terms(health_re, text, s_start, s_end)
    first_person = bool(pattern("first_person").search(info.text))
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in sets["effect_verbs"] or tok.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        if lemma == "last" and tok.pos_ != "VERB":
            continue  # "last month", "the last step"
        if tok.pos_ == "NOUN" and any(
            t.lemma_.lower() in _QUEST_WORDS for t in tok.doc[max(sent.start, tok.i - 4) : tok.i]
        ):
            continue  # "help us find a cure", "research toward a cure": a goal, not a claim
        # the small model often tags "lowers"/"cuts" as plural nouns: keep a third-person
        # verb form that is followed by a health object in the same sentence
        if (
            tok.pos_ == "NOUN"
            and lemma not in ("cure", "treatment", "relief", "boost", "detox")
            and not (
                tok.tag_ == "NNS"
                and tok.lower_ in (lemma + "s", lemma + "es")
                and health_re.search(text, tok.idx + len(tok.text), s_end)
            )
            and not (  # "Omega-3s support heart health": a verb after a plural subject
                tok.tag_ == "NN"
                and tok.i > sent.start
                and tok.doc[tok.i - 1].tag_ in ("NNS", "NNPS")
                and health_re.match(text, tok.idx + len(tok.text) + 1)
            )
        ):
            continue
        if tok.pos_ == "AUX" and lemma not in ("help",):
            continue
        if _negated(tok):
            continue
        subject = _subject_text(tok)
        past = tok.tag_ in ("VBD", "VBN")
        if lemma in sets["procedure_verbs"] and past and not first_person:
            continue  # "our ER team treated a lineman": an event, not an efficacy claim
        if lemma == "treat" and pattern("provider_subject").match(subject.strip()):
            continue  # "we treat sports injuries": an offering
        if lemma in ("lose", "shed", "drop") and not pattern("weight_objects").search(
            text, *_span_text(tok)
        ):
            continue
        if lemma == "last":
            dur = pattern("duration").search(text, tok.idx, s_end)
            before = text[max(s_start, tok.idx - 45) : tok.idx]
            subj_ok = (
                pattern("results_subject").search(subject)
                or procedure_re.search(subject)
                or pattern("results_subject").search(before)
                or procedure_re.search(before)
            )
            if dur and subj_ok:
                return ClaimSentence(
                    info.index,
                    s_start,
                    s_end,
                    info.text,
                    "last",
                    tok.idx,
                    tok.idx + len(tok.text),
                    (),
                    (f"duration claim: {dur.group(0)!r}",),
                    procedure_subject=True,
                    duration=True,
                )
            continue
        if lemma == "help":
            complement = [
                c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"
            ]
            if complement and not (
                complement[0].lemma_.lower() in sets["effect_verbs"]
                or complement[0].lemma_.lower() in _HELPED_OUTCOMES
            ):
                continue  # "help us find a cure", "help you book": not a health effect
        if lemma in sets["weak_effect_verbs"] and lemma != "help" and _person_object(tok):
            continue  # "support you through", "work with you on": care, not an effect
        if lemma == "add" and not re.search(
            r"\b(?:years?|life|lifespan)\b", text[slice(*_span_text(tok))]
        ):
            continue
        if lemma in sets["weak_effect_verbs"]:
            lo, hi = _span_text(tok)
            if tok.pos_ == "NOUN":  # a verb mis-tagged as a noun: its clause is what follows
                lo, hi = tok.idx, s_end
            scope_terms = [
                m
                for m in strong_terms
                if lo <= m.start() < hi and not (tok.idx <= m.start() < tok.idx + len(tok.text))
            ]
            if not scope_terms and health_context:
                scope_terms = [
                    m
                    for m in weak_re.finditer(text, lo, hi)
                    if lemma in ("double", "triple", "halve", "add", "cut", "increase", "extend")
                ]
        else:
            scope_terms = [
                m for m in strong_terms if not (tok.idx <= m.start() < tok.idx + len(tok.text))
            ]
            if not scope_terms and health_context:
                lo, hi = _span_text(tok)
                scope_terms = list(weak_re.finditer(text, lo, hi))
        if not scope_terms:
            continue
        proc = bool(procedure_re.search(subject)) or _brand_subject(tok)
        return ClaimSentence(
            info.index,
            s_start,
            s_end,
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
    for name, result_re in result_patterns():
        m = result_re.search(info.text)
        if m is None:
            continue
        if name == "effective-for":
            after = text[s_start + m.end() : s_start + m.end() + 40]
            if not health_re.match(after.lstrip()) and not health_re.search(after[:25]):
                continue
        if name in (
            "relative-improvement",
            "time-improvement",
            "see-results",
            "survey-outcome",
            "by-percent",
            "early-detection",
        ) and not (strong_terms or health_context or procedure_re.search(info.text)):
            continue
        subject = info.text[: m.start()]
        return ClaimSentence(
            info.index,
            s_start,
            s_end,
            info.text,
            name,
            s_start + m.start(),
            s_start + m.end(),
            tuple(x.group(0) for x in strong_terms),
            (f"result pattern {name}: {m.group(0)!r}",),
            # a measured result of a product, device or service ("tightens skin by 30%",
            # "87% of our customers said") is a claim about that offering, not education
            procedure_subject=bool(procedure_re.search(subject))
            or name in ("duration", "survey-outcome", "by-percent", "early-detection"),
            duration=name == "duration",
        )
    return None


def _health_ok(
    fam_health: str | None,
    scope_text: str,
    in_claim: bool,
    health_re: re.Pattern[str],
    procedure_re: re.Pattern[str],
) -> bool:
    if fam_health is None:
        return True
    if fam_health == "claim":
        return in_claim
    return in_claim or bool(health_re.search(scope_text)) or bool(procedure_re.search(scope_text))


_FRAGMENT_WORDS = 5


def _topic_scope(sentences: Sequence[SentenceInfo], info: SentenceInfo) -> str:
    """The text whose health terms a sentence's phrase may lean on: the sentence itself, and
    for a short fragment ("Clear skin GUARANTEED 💯") the sentence it continues."""
    if info.index > 0 and len(info.text.split()) <= _FRAGMENT_WORDS:
        return sentences[info.index - 1].text + " " + info.text
    return info.text


def _continues_specific_claim(claims: Sequence[ClaimSentence], info: SentenceInfo) -> bool:
    """A short fragment right after a claim about a patient, a procedure or the practice's
    own service ("... Ana's results 👀 Down 3 sizes!") is about the same thing."""
    return (
        len(info.text.split()) <= _FRAGMENT_WORDS
        and bool(claims)
        and claims[-1].sentence == info.index - 1
        and not claims[-1].general
    )


_NEG_BEFORE = re.compile(
    r"(?:\bno|\bnot|n't|\bnever|\bwithout|\bisn't|\baren't|\bcannot|\bno one|\bnothing)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)


def _phrase_hits(
    text: str,
    sentences: Sequence[SentenceInfo],
    claims: Iterable[ClaimSentence],
    health_re: re.Pattern[str],
    procedure_re: re.Pattern[str],
) -> list[PhraseHit]:
    """Every phrase-family match, each pattern run once over the text and its matches placed
    in their sentence (questions and myth lines are skipped)."""
    claim_sentences = {c.sentence for c in claims}
    starts = [s.start for s in sentences]
    health_cache: dict[tuple[int, str | None], bool] = {}
    hits: list[PhraseHit] = []

    def sentence_of(pos: int) -> SentenceInfo | None:
        i = bisect.bisect_right(starts, pos) - 1
        return sentences[i] if 0 <= i < len(sentences) and pos < sentences[i].end else None

    for fam in phrase_families():
        if fam.unless is not None and fam.unless.search(text):
            continue
        if fam.context is not None and not fam.context.search(text):
            continue
        if fam.scope == "text" and (
            any(not r.search(text) for r in fam.requires)
            or not _health_ok(fam.health, text, bool(claim_sentences), health_re, procedure_re)
        ):
            continue
        for m in fam.pattern.finditer(text):
            info = sentence_of(m.start())
            if info is None or info.question or info.myth:
                continue
            if fam.scope == "sentence":
                chunk = info.text
                if any(not r.search(chunk) for r in fam.requires):
                    continue
                key = (info.index, fam.health)
                if key not in health_cache:
                    health_cache[key] = _health_ok(
                        fam.health,
                        _topic_scope(sentences, info),
                        info.index in claim_sentences,
                        health_re,
                        procedure_re,
                    )
                if not health_cache[key]:
                    continue
            prefix = text[max(info.start, m.start() - 30) : m.start()]
            if _NEG_BEFORE.search(prefix) and not re.match(
                r"(?i)(?:no|zero|never|without|won)", m.group(0)
            ):
                continue
            hits.append(
                PhraseHit(
                    family=fam,
                    start=m.start(),
                    end=m.end(),
                    text=m.group(0),
                    suggestion=fam.suggestion(m.group(0)),
                    sentence=info.index,
                )
            )
    hits.sort(key=lambda h: (h.start, h.end))
    return hits
