"""Does a text give general health advice or education, and does it carry a disclaimer?

Signals of advice (each recorded with its span, so a finding can say why):

* a **self-care imperative**: an imperative verb (root ``VB`` with no subject, or the first
  word of a sentence after "Tip:"/"Parents:") whose clause is about self-care (a health or
  self-care word, or a verb like floss/moisturize/ice), not a contact or referral verb
  ("call us", "ask your doctor", "book online");
* a **recommendation**: "the AAP recommends", "adults should", "X is a sign of Y", "is normal";
* a **general health claim** (from the claim analysis) that is not a testimonial and not about
  the practice's own service;
* a **reply that answers a health question** with dosing or timing.

Not advice: a pure 911/988 redirect (unless it also gives first-aid steps), pure promotion of
the practice's own service, team/office/event posts (no signal fires).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..sentences import is_question
from .detect import ClaimsAnalysis, analyze
from .phrases import lexicon, lexicon_regex

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["AdviceAnalysis", "AdviceSignal", "advice", "find_disclaimer"]

_LEAD_IN = re.compile(
    r"^\W*(?:[^:.!?\n]{1,40}:\s*|(?:(?:pro |quick |daily |weekly |\w+'s )?tips?|reminder|parents|"
    r"friends|psa|note|bonus|step \d+|\d+[.)]|also|then|and|plus|so|first|next|finally|please|"
    r"remember|heads up|[AP]M|in the meantime|meanwhile|until then|after that|afterwards?|"
    r"at home|tonight)\s*[:,!-]*\s*)",
    re.IGNORECASE,
)
_DOSING = re.compile(
    r"\b\d+(?:\s*(?:to|-|–)\s*\d+)?\s*(?:mg|mcg|iu|ml|minutes?|mins?|hours?|times|seconds|"
    r"tablespoons?|teaspoons?|capsules?|tablets?|pills?|drops|glasses|cups|servings?)\b|"
    r"\b(?:once|twice|three times|a few times) (?:a|per) (?:day|week)\b|\bat a time\b|\bevery \d+ hours\b|"
    r"\b\d+\s+(?:a|per|each)\s+day\b",
    re.IGNORECASE,
)
_CONDITIONAL_SYMPTOM = re.compile(r"\bif\b[^.!?]{0,80}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AdviceSignal:
    kind: str  # imperative, recommendation, general-claim, reply-answer
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AdviceAnalysis:
    signals: tuple[AdviceSignal, ...]
    disclaimer: re.Match[str] | None
    emergency: re.Match[str] | None
    urgent: re.Match[str] | None
    first_aid: bool

    @property
    def gives_advice(self) -> bool:
        if not self.signals:
            return False
        if self.emergency is not None and not self.first_aid:
            # a 911/988 redirect: only a general health claim still counts as education
            return any(s.kind == "general-claim" for s in self.signals)
        return True


@cache
def _sets() -> dict[str, frozenset[str]]:
    lex = lexicon()
    return {
        k: frozenset(x.lower() for x in lex[k])
        for k in ("contact_verbs", "self_care_verbs", "first_aid_verbs")
    }


def find_disclaimer(text: str) -> re.Match[str] | None:
    return lexicon_regex("disclaimer_phrases").search(text)


def _policy_disclaimer(ctx: Context) -> re.Match[str] | None:
    """The organization's own disclaimer texts count wherever they appear."""
    for form in (ctx.policy.disclaimer_long, ctx.policy.disclaimer_short):
        words = form.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        m = re.search(pattern, ctx.text, re.IGNORECASE)
        if m:
            return m
    return None


def advice(ctx: Context) -> AdviceAnalysis:
    return ctx.memo("claims.advice", lambda: _advice(ctx))


def _imperative_heads(sent: Any) -> list[Any]:
    """Imperative verbs of a sentence: the root and its verb conjuncts when the root has no
    subject and is a base form; or the first word after a lead-in like "Tip:"."""
    heads: list[Any] = []
    sets = _sets()
    root = sent.root
    words = [t for t in sent if not (t.is_punct or t.is_space or t.pos_ in ("SYM", "X", "NUM"))]
    lead = _LEAD_IN.match(sent.text)
    offset = sent.start_char + (lead.end() if lead else 0)
    first = next((t for t in words if t.idx >= offset), None)

    def no_subject(t: Any) -> bool:
        # an emoji or symbol parsed as the subject ("SPF check ☀️ Apply ...") is no subject
        return not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") and any(ch.isalpha() for ch in c.text)
            for c in t.children
        )

    def is_base(t: Any) -> bool:
        return t.tag_ == "VB" and not any(
            c.dep_ == "aux" and c.lower_ not in ("do", "don't") for c in t.children
        )

    if root.pos_ in ("VERB", "AUX") and no_subject(root) and is_base(root):
        heads.append(root)
    if first is not None and first not in heads:
        low = first.lower_
        if low in ("don't", "do", "never", "always", "please") or (
            low in sets["self_care_verbs"] | sets["contact_verbs"]
            and first.tag_ in ("VB", "NN", "NNP", "VBP", "JJ", "RB")
        ):
            heads.append(first)
    for t in sent:
        # a capitalized self-care verb right after an emoji, bullet or colon starts a new
        # instruction even when the parse glued it to the words before ("SPF check ☀️ Apply")
        if t.i == sent.start or t in heads or not t.text[:1].isupper():
            continue
        prev = t.doc[t.i - 1]
        boundary = not any(ch.isalnum() for ch in prev.text) or "\n" in prev.whitespace_
        if boundary and prev.text not in (",", "'", "’") and t.lower_ in sets["self_care_verbs"]:
            heads.append(t)
    for h in list(heads):
        for c in h.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and c.tag_ != "VBZ" and no_subject(c):
                # a third-person form ("... program reverses X") is a statement, not a step
                heads.append(c)
    return heads


def _advice(ctx: Context) -> AdviceAnalysis:
    text = ctx.text
    doc = ctx.doc
    claims: ClaimsAnalysis = analyze(ctx)
    sets = _sets()
    self_care_re = lexicon_regex("self_care_terms")
    health_re = lexicon_regex("health_terms")
    referral_re = lexicon_regex("referral_terms")
    emergency_re = lexicon_regex("emergency_phrases")
    recommend_re = lexicon_regex("recommendation_phrases")
    signals: list[AdviceSignal] = []
    first_aid = False

    for sent in ctx.sentence_spans:
        s_text = sent.text
        if is_question(s_text):
            continue
        for head in _imperative_heads(sent):
            verb = (
                head.lower_
                if head.lower_ in ("don't", "never", "always", "please", "do")
                else head.lemma_.lower()
            )
            if head.i == sent.root.i:
                lo, hi = sent.start_char, sent.end_char
            else:
                lo = min(t.idx for t in head.subtree)
                hi = max(t.idx + len(t.text) for t in head.subtree)
            clause = text[lo:hi]
            if verb in ("don't", "never", "always", "please", "do"):
                clause = text[head.idx : sent.end_char]
            if verb in sets["contact_verbs"] and verb not in sets["self_care_verbs"]:
                # "call us if a fever lasts more than 3 days" is advice; "call us" is not
                cond = _CONDITIONAL_SYMPTOM.search(s_text)
                if cond and health_re.search(cond.group(0)) and not emergency_re.search(s_text):
                    signals.append(
                        AdviceSignal("imperative", sent.start_char, sent.end_char, s_text.strip())
                    )
                continue
            if (
                referral_re.search(clause)
                and re.search(r"\b(?:ask|talk|check|consult|see|speak)\b", clause, re.IGNORECASE)
                and not self_care_re.search(re.sub(referral_re, "", clause))
            ):
                continue
            if head.i + 1 < len(doc) and doc[head.i + 1].text in ("-", "‑"):
                continue  # "Walk-ins welcome": a compound noun, not an imperative
            if (
                verb in ("walk", "drop", "stop", "come", "pop")
                and head.i + 1 < len(doc)
                and doc[head.i + 1].lower_ in ("in", "ins", "by")
            ):
                continue  # "Walk in or book online": service availability, not exercise
            if _AFFECTION.search(clause):
                continue  # "give her a hug from all of us": a greeting, not care
            about_self_care = bool(
                self_care_re.search(clause) or health_re.search(clause) or _DOSING.search(clause)
            )
            strong_verb = (
                verb in sets["self_care_verbs"]
                and verb in _STRONG_SELF_CARE
                and len(re.findall(r"\w+", clause)) >= 3
            )
            if about_self_care or strong_verb:
                signals.append(AdviceSignal("imperative", lo, hi, text[lo:hi].strip()))
                if verb in sets["first_aid_verbs"] and (
                    self_care_re.search(clause) or health_re.search(clause)
                ):
                    first_aid = True
        for m in recommend_re.finditer(text, sent.start_char, sent.end_char):
            if health_re.search(s_text) or self_care_re.search(s_text):
                own_praise = re.match(
                    r"\w*\s+(?:us|our|this|the (?:practice|clinic|office|team|hospital))\b",
                    text[m.end() : m.end() + 30],
                    re.IGNORECASE,
                )
                we_recommend = re.search(
                    r"\b(?:we|I)\s+(?:highly\s+|strongly\s+)?recommend", s_text, re.IGNORECASE
                )
                if re.match(r"(?i)recommend", m.group(0)) and (
                    own_praise or (we_recommend and not self_care_re.search(s_text))
                ):
                    continue  # "would recommend us": a satisfaction figure, not advice
                signals.append(AdviceSignal("recommendation", m.start(), m.end(), m.group(0)))
                break

    general = [c for c in claims.claims if c.general]
    sourced_stats_only = (
        not signals
        and bool(general)
        and all(claims.claim_supported(c) and re.search(r"\d", c.text) for c in general)
        and not re.search(r"\b(?:you|your|yourself)\b", text, re.IGNORECASE)
    )
    if not sourced_stats_only:
        # a sourced efficacy figure or statistic that tells no one what to do ("X is 90%
        # effective (CDC)") is information about a service, not self-care guidance
        for c in general:
            signals.append(AdviceSignal("general-claim", c.start, c.end, c.text.strip()))

    emergency = emergency_re.search(text)
    if emergency is not None and not first_aid:
        # "call 911, give naloxone and start rescue breaths": first-aid steps the parse glued
        # to the redirect still need the disclaimer
        step = _first_aid_step_re().search(text)
        if step is not None and self_care_re.search(step.group(0)):
            first_aid = True
            signals.append(AdviceSignal("imperative", step.start(), step.end(), step.group(0)))

    if ctx.kind == "reply" and ctx.input.in_reply_to:
        question = ctx.input.in_reply_to
        timing = _RECOVERY_TIMING.search(text)
        if (
            timing is not None
            and "?" in question
            and (
                health_re.search(question)
                or self_care_re.search(question)
                or lexicon_regex("procedure_terms").search(question)
            )
            and (self_care_re.search(text) or health_re.search(text))
        ):
            # "how soon can I fly after surgery?" answered with days and aftercare steps
            signals.append(
                AdviceSignal("reply-answer", timing.start(), timing.end(), timing.group(0))
            )
        if (
            "?" in question
            and (health_re.search(question) or self_care_re.search(question))
            and _DOSING.search(text)
            and (self_care_re.search(text) or health_re.search(text))
        ):
            dose = _DOSING.search(text)
            assert dose is not None
            signals.append(AdviceSignal("reply-answer", dose.start(), dose.end(), dose.group(0)))

    return AdviceAnalysis(
        signals=tuple(sorted(signals, key=lambda s: s.start)),
        disclaimer=find_disclaimer(text) or _policy_disclaimer(ctx),
        emergency=emergency,
        urgent=lexicon_regex("urgent_terms").search(text),
        first_aid=first_aid,
    )


_AFFECTION = re.compile(
    r"\b(?:a |an |some )?(?:squeeze|hug|high[- ]five|kiss|shout-?out|round of applause|"
    r"big welcome|cuddle)\b",
    re.IGNORECASE,
)
_RECOVERY_TIMING = re.compile(
    r"\b\d+\s*(?:to|-|–)\s*\d+\s*(?:days?|weeks?)\b|\b\d+\s*(?:days?|weeks?)\s+"
    r"(?:post-?op|after (?:surgery|your procedure|the procedure))\b",
    re.IGNORECASE,
)


@cache
def _first_aid_step_re() -> re.Pattern[str]:
    verbs = "|".join(sorted(_sets()["first_aid_verbs"], key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{verbs})\b[^.!?;:,]{{1,40}}", re.IGNORECASE)


# Verbs that are self-care on their own ("Floss daily.", "Sip water all day.").
_STRONG_SELF_CARE = frozenset(
    {
        "floss",
        "brush",
        "moisturize",
        "moisturise",
        "stretch",
        "hydrate",
        "sip",
        "ice",
        "elevate",
        "rinse",
        "reapply",
        "sleep",
        "exercise",
        "meditate",
        "breathe",
        "walk",
        "nap",
        "gargle",
        "wash",
        "sanitize",
        "journal",
        "jog",
        "swim",
        "eat",
        "drink",
        "wear",
        "roll",
        "rest",
    }
)
