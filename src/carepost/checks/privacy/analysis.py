"""Who a text is about, and whether publishing it would disclose a patient's health information.

One pipeline per text, shared by every privacy and consent rule through
``ctx.memo("privacy.analysis", ...)``: the text's facts (``facts``), then the recognizers for
names (``names``, ``named``), replies (``replies``) and described patients (``described``),
then one decision that gives each disclosure one finding. The spaCy parse (``ctx.doc``) is used
only when the text has both health vocabulary and a capitalized word the patterns cannot
explain, because the parse is the most expensive step and most texts do not need it.

The decision follows the shape of a leak (reference/privacy.md §2): an identifiable person
(name, initials, handle, or a description unique enough: room number, age over 89, small place,
age + occupation + place + date...) **plus** that person's status as a patient or their health
information. Names are classified as staff, organization, public figure or hypothetical before
they can count as a patient. Replies get the reply guard: any confirmation that the reviewer is
or was a patient, or any detail of their care, is a leak even if they said it first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import regex

from ..policy import Policy
from .described import Signal, described_leaks, described_patient_signals, labelled_leaks
from .facts import TextFacts, first_names, fold, name_tokens, strip_titles, uniq
from .identifiers import RECORD_KINDS, Identifier
from .lexicon import cue
from .named import named_leaks
from .names import Candidate, classify, name_candidates, needs_parse, ner_candidates, staff_named_in
from .replies import reply_care_signals, reply_leaks
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

__all__ = ["analyze", "analyze_text"]

_STORY = cue(r"\b(?:{story_cues})\b|[“\"][^”\"]{8,}[”\"]", regex.I)
_CONTACT_OFFER = cue(r"\b(?:{contact_cues})\b[^.!?]{0,30}$", regex.I)
_CAP_WORD = regex.compile(r"\p{Lu}[\p{Ll}'’-]+")
_NOT_A_PATIENT = ("staff", "org", "public", "hypothetical")


def analyze_text(
    text: str,
    *,
    kind: str = "post",
    policy: Policy | None = None,
    doc_fn: Callable[[], Any] | None = None,
    in_reply_to: str | None = None,
) -> PrivacyAnalysis:
    """Analyse one text. ``doc_fn`` returns its spaCy Doc (parsed only when needed);
    ``in_reply_to`` is the comment being answered (staff it names are not patients)."""
    pol = policy or Policy()
    if doc_fn is None:
        from ..nlp import load_nlp

        def doc_fn() -> Any:
            return load_nlp(pol.nlp_model)(text)

    f = TextFacts(text, kind, pol, doc_fn)
    if in_reply_to:
        f.comment_staff = staff_named_in(in_reply_to, f.lex)
    cands = name_candidates(f)
    leaks, mentions = _decide(f, cands)
    parsed = False
    if not leaks and needs_parse(f):
        # the patterns found no leak but cannot explain a capitalized word: ask the parse
        parsed = True
        leaks, mentions = _decide(f, cands + ner_candidates(f, f.doc_fn()))
    leaks = _one_per_person(leaks, mentions)
    considered = _considered_identifiers(f, leaks) + _considered_mentions(mentions, leaks)
    leaks = _merge_signal_leaks(leaks, _signal_leaks(f, leaks))
    return PrivacyAnalysis(
        leaks=tuple(leaks),
        considered=_once(considered),
        record_identifiers=tuple(i for i in f.idents if i.kind in RECORD_KINDS),
        mentions=tuple(mentions),
        story=bool(_STORY.search(text)),
        parsed=parsed,
        hypothetical=f.hypothetical,
    )


def analyze(ctx: Any) -> PrivacyAnalysis:
    """The memoized analysis of the context's text (shared by all privacy/consent rules)."""
    result: PrivacyAnalysis = ctx.memo(
        "privacy.analysis",
        lambda: analyze_text(
            ctx.text,
            kind=ctx.kind,
            policy=ctx.policy,
            doc_fn=lambda: ctx.doc,
            in_reply_to=ctx.input.in_reply_to,
        ),
    )
    return result


def _decide(f: TextFacts, cands: list[Candidate]) -> tuple[list[Leak], list[Mention]]:
    mentions = classify(f, cands)
    leaks: list[Leak] = []
    if f.kind == "reply":
        found, mentions = reply_leaks(f, mentions)
        leaks.extend(found)
    leaks.extend(named_leaks(f, mentions))
    leaks.extend(described_leaks(f, leaks, mentions))
    leaks.extend(labelled_leaks(f, leaks))
    return _dedupe(leaks), mentions


def _dedupe(leaks: list[Leak]) -> list[Leak]:
    leaks = sorted(leaks, key=lambda lk: (lk.start, -lk.end))
    out: list[Leak] = []
    for lk in leaks:
        if out and lk.start < out[-1].end and lk.names == out[-1].names and not lk.reply:
            continue
        out.append(lk)
    return out


def _signal_leaks(f: TextFacts, leaks: list[Leak]) -> list[Leak]:
    """The narrower reply-care (PHI010) and described-patient (PHI011) recognizers: one leak
    per sentence that no broader leak covers."""
    covered = [(lk.start, lk.end) for lk in leaks]
    out: list[Leak] = []
    if f.kind == "reply":
        for sig in _fresh(reply_care_signals(f.text, f.split), covered):
            covered.append(sig.sentence)
            leak = Leak(sig.start, sig.end, "the reviewer", (), (sig.kind,), 0.8, (), True)
            out.append(replace(leak, rule=REPLY_REVEALS_CARE))
    found = described_patient_signals(f.text, first_names(), f.policy.staff, f.split)
    for sig in _fresh(found, covered):
        words = f.text[sig.start : sig.end]
        names = tuple(_CAP_WORD.findall(words))
        leak = Leak(sig.start, sig.end, words, (), (sig.kind,), 0.75, names)
        out.append(replace(leak, rule=DESCRIBED_PATIENT))
    return out


def _person_key(name: str) -> str:
    """Who a name stands for: its first name ("Maria" for "Maria Lopez" and "Ms. Maria L.")."""
    tokens = name_tokens(strip_titles(name))
    return fold(tokens[0]) if tokens else ""


def _merge(a: Leak, b: Leak) -> Leak:
    """One leak about one person from two (``a`` is the earlier; its subject and rule stay)."""
    return replace(
        a,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        identifier_kinds=tuple(dict.fromkeys(a.identifier_kinds + b.identifier_kinds)),
        signals=tuple(uniq(a.signals + b.signals)),
        confidence=max(a.confidence, b.confidence),
        names=tuple(dict.fromkeys(a.names + b.names)),
    )


def _one_per_person(leaks: list[Leak], mentions: list[Mention]) -> list[Leak]:
    """One PHI001 leak per person: leaks naming the same person, and unnamed descriptions that
    overlap a named leak, become one; every mention of that person joins its names, so a
    consent for the person covers the whole finding."""
    named: dict[str, Leak] = {}
    out: list[Leak] = []
    for lk in sorted(leaks, key=lambda lk: (lk.start, -lk.end)):
        key = _person_key(lk.names[0]) if lk.names and lk.rule == PATIENT_HEALTH_DISCLOSURE else ""
        if key and key in named:
            merged = _merge(named[key], lk)
            out[out.index(named[key])] = merged
            named[key] = merged
            continue
        out.append(lk)
        if key:
            named[key] = lk
    for lk in [lk for lk in out if not lk.names and lk.rule == PATIENT_HEALTH_DISCLOSURE]:
        host = next(
            (n for n in named.values() if n.start < lk.end and lk.start < n.end and n in out),
            None,
        )
        if host is not None:
            merged = _merge(host, lk)
            out[out.index(host)] = merged
            named[_person_key(host.names[0])] = merged
            out.remove(lk)
    for key, lk in list(named.items()):
        more = [
            m.text
            for m in mentions
            if m.role in ("unknown", "patient") and _person_key(m.text) == key
        ]
        if more:
            grown = replace(lk, names=tuple(dict.fromkeys(lk.names + tuple(more))))
            out[out.index(lk)] = grown
    return sorted(out, key=lambda lk: (lk.start, -lk.end))


def _merge_signal_leaks(leaks: list[Leak], found: list[Leak]) -> list[Leak]:
    """Narrower findings about a person a broader one already reports join it: a description
    naming the same person joins its PHI001 leak, and reply-care statements join the reply's
    PHI002 leak or, without one, become one PHI010 leak (a reply is about one reviewer)."""
    out = list(leaks)
    replies = [lk for lk in out if lk.rule == REPLY_CONFIRMS_PATIENT]
    care: Leak | None = None
    for lk in found:
        if lk.rule == REPLY_REVEALS_CARE:
            if replies:
                out[out.index(replies[0])] = replies[0] = _merge(replies[0], lk)
            elif care is None:
                care = lk
                out.append(lk)
            else:
                out[out.index(care)] = care = _merge(care, lk)
            continue
        keys = {_person_key(n) for n in lk.names if n.lower() in first_names()}
        host = next(
            (
                o
                for o in out
                if o.rule == PATIENT_HEALTH_DISCLOSURE and keys & {_person_key(n) for n in o.names}
            ),
            None,
        )
        if host is not None:
            out[out.index(host)] = _merge(
                host, replace(lk, signals=(f"described: {lk.signals[0]}",))
            )
        else:
            out.append(lk)
    return out


def _fresh(signals: Iterable[Signal], covered: list[tuple[int, int]]) -> list[Signal]:
    """One signal per sentence, and none in a sentence a broader finding overlaps."""
    out: list[Signal] = []
    seen: set[tuple[int, int]] = set()
    for s in signals:
        a, b = s.sentence
        if s.sentence in seen or any(x < b and a < y for x, y in covered):
            continue
        seen.add(s.sentence)
        out.append(s)
    return out


def _considered_mentions(mentions: list[Mention], leaks: list[Leak]) -> list[Considered]:
    return [
        Considered(m.start, m.end, m.text, m.kind, f"{m.role}: {m.reason}")
        for m in mentions
        if m.role in _NOT_A_PATIENT
        or not any(lk.start <= m.start < lk.end or m.text in lk.names for lk in leaks)
    ]


def _considered_identifiers(f: TextFacts, leaks: list[Leak]) -> list[Considered]:
    """Identifiers looked at and judged not tied to a patient (PHI004 notes)."""
    out: list[Considered] = []
    for ident in f.idents:
        if ident.kind in ("photo", "age"):
            continue
        if any(lk.start <= ident.start < lk.end for lk in leaks):
            continue
        if ident.kind in RECORD_KINDS and not f.hypothetical:
            continue
        reason = _why_not_patient(f, ident)
        out.append(Considered(ident.start, ident.end, ident.text, ident.kind, reason))
    return out


def _why_not_patient(f: TextFacts, ident: Identifier) -> str:
    org = f.policy.organization
    if ident.kind in ("phone", "fax"):
        digits = regex.sub(r"\D", "", ident.text)[-10:]
        if digits in {regex.sub(r"\D", "", p)[-10:] for p in org.phone}:
            return "organization's own number (policy)"
        if _CONTACT_OFFER.search(f.text[max(0, ident.start - 40) : ident.start]):
            return "contact number offered by the organization"
        return "not tied to a patient"
    if ident.kind == "email":
        sites = [
            w.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.")
            for w in org.website
        ]
        email = ident.text.lower()
        if email in {e.lower() for e in org.email} or any(email.endswith(s) for s in sites if s):
            return "organization's own e-mail (policy)"
        return "e-mail not tied to a patient"
    return {
        "url": "link not tied to a patient",
        "date": "date not tied to a patient (event, hours, history)",
        "geography": "address/place not tied to a patient",
    }.get(
        ident.kind,
        "record number in a text labelled synthetic/illustrative"
        if ident.kind in RECORD_KINDS
        else "not tied to a patient",
    )


def _once(considered: list[Considered]) -> tuple[Considered, ...]:
    """Sorted by position; a repeated name or number is listed once."""
    seen: set[tuple[str, str, str]] = set()
    out: list[Considered] = []
    for c in sorted(considered, key=lambda c: c.start):
        key = (c.kind, c.text.lower(), c.reason)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)
