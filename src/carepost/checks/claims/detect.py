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
from typing import TYPE_CHECKING

from ..sentences import is_question
from .approved import ApprovedMatch, match_approved
from .evidence import Citation, find_citations
from .phrases import PhraseHit, lexicon_regex, phrase_families
from .predicates import (
    ClaimSentence,
    SentenceInfo,
    claim_in,
    lemma_sets,
    pattern,
)

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["ClaimSentence", "ClaimsAnalysis", "SentenceInfo", "analyze"]


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


def analyze(ctx: Context) -> ClaimsAnalysis:
    return ctx.memo("claims.analysis", lambda: _analyze(ctx))


def _analyze(ctx: Context) -> ClaimsAnalysis:
    text = ctx.text
    health_re = lexicon_regex("health_terms")
    weak_re = lexicon_regex("weak_objects")
    procedure_re = lexicon_regex("procedure_terms")
    promo_re = lexicon_regex("promo_markers")
    sets = lemma_sets()
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
        claim = claim_in(sent, info, text, health_re, weak_re, procedure_re, sets, health_context)
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
