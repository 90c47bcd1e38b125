"""Replies: anything in a reply to a comment or review that confirms the reviewer is or was a
patient, or reveals their care, even when they said it first (HHS OCR's review-reply cases).

Two recognizers feed the one analysis:

``reply_leaks`` (PHI002)
    Visit confirmations ("see you at your next cleaning", "our records show"), "your" + a
    visit, care or condition noun, a relative's care, care with a clinician, the reviewer
    called a patient, "glad the ... went well", the reviewer's name next to a care detail.
    One finding per reply, explained by up to three signals.

``reply_care_signals`` (PHI010)
    Narrower statements without the words "your visit": "your" + an object of their own care
    ("your lenses are back-ordered"), congratulations on a care milestone, recovery remarks,
    care staff gave "you", return invitations, account notes, Spanish visit confirmations.

Advice (imperatives, modals, conditionals), referrals ("ask your surgeon") and generic thanks
are not signals, nor is anything in a sentence that frames privacy ("we can't discuss ...").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..sentences import split_sentences
from .described import Signal, unique_signals
from .facts import GENERIC_DET, TextFacts, hits, uniq
from .lexicon import Lexicon, cue, signal_patterns
from .named import SECOND_PERSON, YOUR
from .names import VOCATIVE_SIGNAL
from .results import REPLY_CONFIRMS_PATIENT, Leak, Mention

__all__ = ["reply_care_signals", "reply_leaks"]

#: (start, end, explanation) of one reply signal
_Found = tuple[int, int, str]

_SEE_YOU = cue(r"\bsee you\s+(?:{see_you_next})\b", regex.I)
_SEE_YOU_GENERIC = cue(r"\b(?:{see_you_generic})\b[^.!?]{0,20}see you", regex.I)
_CARE_BY_US = cue(
    r"\b(?:{care_givers})\s+(?:\w+\s+){0,2}?(?:{care_given_verbs})\s+(?:\w+\s+){0,4}?"
    r"(?:you|your|him|her)\b",
    regex.I,
)
_STATE_WORDS = cue(r"\b(?:{recovery_states})\b", regex.I)
_BOOKING = cue(r"\b(?:{booking_verbs})\s+(?:\w+\s+){0,2}your\b", regex.I)
_PROMISE = cue(r"\b(?:{promise_cues})", regex.I)
_IMPERATIVE_ADVICE = cue(r"^\W*(?:{advice_imperatives})\b", regex.I)
_GENERIC_STATEMENT = cue(r"\b(?:{generic_statements})\b", regex.I)
_MODAL = cue(r"\b(?:{modal_words})\b|'ll\b|'d\b", regex.I)
_RELATIVE = cue(r"\byour\s+(?:\w+\s+)?({relatives})\b", regex.I)
_WITH_CLINICIAN = cue(
    r"\b(?:you|you've|you'd|you're)\b(?:\s+[\w'’-]+){0,6}?\s+(?:with|by|from|at)\s+"
    r"(?:Dr\.?|Doctor|Nurse|our\s+(?:{clinician_nouns}))\b"
)
_SHARE_WITH = cue(r"\b(?:{share_verbs})\b[^.!?]{0,40}\b(?:with|to|along|know)\b", regex.I)
_NEW_PATIENT = regex.compile(
    r"\bnew (?:patient|client)s?\b|\bwelcom\w* (?:new )?(?:patients|clients)\b", regex.I
)
_YOU_PAST = cue(r"\byou\s+(?:{you_past_verbs})\b", regex.I)
_WAIT_WHEN = cue(r"\b(?:the|your)\s+(?:long\s+)?wait\b[^.!?]{0,25}?\b(?:{visit_days})\b", regex.I)
_GLAD_CARE = cue(
    r"\b(?:{glad_words})\b(?:\s+to\s+hear)?(?:\s+that)?\s+(?:the|that|those|your)\b", regex.I
)
_CARE_OUTCOME_VERB = cue(r"\b(?:{care_outcome_verbs})\b", regex.I)
_FEELING = cue(r"\b(?:{reply_feelings})\b", regex.I)
_VISIT_TIME = cue(r"\b(?:{visit_times})\b", regex.I)
_WITH_US = cue(r"\b(?:{care_with_us})\b", regex.I)
_TO_YOU = regex.compile(r"\b(?:of|to) you\b", regex.I)


@functools.cache
def _care_any(lex: Lexicon) -> regex.Pattern[str]:
    keys = ("visit_nouns", "care", "conditions")
    return regex.compile("|".join(lex.pattern(k).pattern for k in keys), regex.I)


def reply_leaks(f: TextFacts, mentions: list[Mention]) -> tuple[list[Leak], list[Mention]]:
    """The reply's one leak (if any) and the mentions, with a reviewer addressed by name
    re-labelled ``reviewer``."""
    found = [
        *_confirmations(f),
        *_your_care(f),
        *_relatives(f),
        *_with_clinician(f),
        *_second_person(f),
        *_wait_and_outcome(f),
        *_care_with_us(f),
    ]
    found.sort(key=lambda sg: sg[0])
    vocatives = [
        mn for mn in mentions if mn.reason == VOCATIVE_SIGNAL and mn.role in ("unknown", "patient")
    ]
    care_terms = [h for h in f.health + f.body if f.sent_of(h.start) not in f.privacy_sents]
    leaks: list[Leak] = []
    if vocatives and (care_terms or found):
        v = vocatives[0]
        details = uniq(sg[2] for sg in found[:3]) or [f"care detail '{care_terms[0].text}'"]
        start = min([v.start] + [sg[0] for sg in found[:3]])
        end = max([v.end] + [sg[1] for sg in found[:3]])
        signals = (f"reviewer addressed by name '{v.text}'", *details)
        leaks.append(
            Leak(
                start,
                end,
                v.text,
                ("name",),
                signals,
                0.95,
                (v.text,),
                True,
                REPLY_CONFIRMS_PATIENT,
            )
        )
        reviewers = {id(mn) for mn in vocatives}
        mentions = [
            Mention(mn.start, mn.end, mn.text, mn.kind, "reviewer", mn.reason)
            if id(mn) in reviewers
            else mn
            for mn in mentions
        ]
    if not leaks and found:
        # one finding per reply: the first confirmation, explained by up to three signals
        reasons = tuple(uniq(sg[2] for sg in found[:3]))
        last = max(sg[1] for sg in found[:3])
        leaks.append(
            Leak(
                found[0][0],
                last,
                "the reviewer",
                (),
                reasons,
                0.9,
                (),
                True,
                REPLY_CONFIRMS_PATIENT,
            )
        )
    return leaks, mentions


def _usable(f: TextFacts, pos: int) -> bool:
    """Not in a sentence that frames privacy ("we can't discuss anyone's care")."""
    return f.sent_of(pos) not in f.privacy_sents


def _confirmations(f: TextFacts) -> list[_Found]:
    text = f.text
    out: list[_Found] = []
    for h in hits(f.lex, "reply_confirmations", text):
        if _usable(f, h.start):
            shown = regex.match(r"[^.!?,;]{0,40}", text[h.start :])
            quote = shown.group().strip() if shown else h.text
            out.append((h.start, h.end, f"confirms a visit: '{quote}'"))
    for m in _SEE_YOU.finditer(text):
        si = f.sent_of(m.start())
        if _usable(f, m.start()) and not _SEE_YOU_GENERIC.search(f.sent_text(si)):
            out.append((m.start(), m.end(), f"future visit: '{m.group()}'"))
    for m in _CARE_BY_US.finditer(text):
        if _usable(f, m.start()):
            out.append((m.start(), m.end(), f"care given to the person: '{m.group()}'"))
    return out


def _your_care(f: TextFacts) -> list[_Found]:
    """ "your" + a visit, care or condition noun within four words ("your next cleaning")."""
    text = f.text
    care_re = _care_any(f.lex)
    referral = f.lex.words("referral_nouns")
    out: list[_Found] = []
    for m in YOUR.finditer(text):
        si = f.sent_of(m.start())
        if si in f.privacy_sents:
            continue
        s, e = f.sents[si]
        rest = text[m.end() : min(e, m.end() + 60)]
        first = regex.match(r"\s+([\w'’-]+)", rest)
        words = regex.match(r"((?:\s+[\w#'’&/-]+){1,5})", rest)
        if not first or not words:
            continue
        phrase = words.group(1)
        cm = care_re.search(phrase)
        if not cm:
            body = f.lex.pattern("body_parts").search(phrase)
            if not (body and _STATE_WORDS.search(text[m.end() : e])):
                continue
            cm = body
        # only the words before the care noun may sit between "your" and it
        between = phrase[: cm.start()].split()
        if len(between) > 3 or (between and first.group(1).lower() in referral):
            continue
        if not _VISIT_TIME.search(phrase[: cm.start()]) and _not_about_a_visit(
            text[s:e], text[s : m.start()]
        ):
            continue
        found = text[m.start() : m.end() + cm.end()]
        out.append((m.start(), m.end() + cm.end(), f"your + care: '{found.strip()}'"))
    return out


def _not_about_a_visit(sent: str, before: str) -> bool:
    """Booking invitations, promises, advice, generic statements and conditionals."""
    if _BOOKING.search(before[-40:] + "your"):
        return True
    if _PROMISE.search(sent) or _IMPERATIVE_ADVICE.search(sent) or _GENERIC_STATEMENT.search(sent):
        return True
    return bool(_MODAL.search(before) and not _FEELING.search(before))


def _relatives(f: TextFacts) -> list[_Found]:
    text = f.text
    care_re = _care_any(f.lex)
    out: list[_Found] = []
    for m in _RELATIVE.finditer(text):
        si = f.sent_of(m.start())
        if si in f.privacy_sents:
            continue
        s, e = f.sents[si]
        tail = text[m.end() : e]
        if (care_re.search(tail) or f.lex.pattern("outcomes").search(tail)) and not _MODAL.search(
            text[s : m.start()] + tail[:25]
        ):
            out.append((m.start(), e, f"family member's care: '{text[m.start() : e].strip()}'"))
    return out


def _with_clinician(f: TextFacts) -> list[_Found]:
    out: list[_Found] = []
    for m in _WITH_CLINICIAN.finditer(f.text):
        si = f.sent_of(m.start())
        sent = f.sent_text(si)
        if si in f.privacy_sents or _SHARE_WITH.search(sent) or _MODAL.search(sent):
            continue
        out.append((m.start(), m.end(), f"care with a clinician: '{m.group()}'"))
    return out


def _second_person(f: TextFacts) -> list[_Found]:
    """ "you" called a patient, or "you were / had ..." with care in the sentence."""
    care_re = _care_any(f.lex)
    roles = f.lex.pattern("patient_roles")
    out: list[_Found] = []
    for si, (s, e) in enumerate(f.sents):
        sent = f.text[s:e]
        if si in f.privacy_sents or not SECOND_PERSON.search(sent) or _MODAL.search(sent):
            continue
        rm = roles.search(sent)
        if rm and not GENERIC_DET.search(sent[: rm.start()]) and not _NEW_PATIENT.search(sent):
            out.append((s + rm.start(), s + rm.end(), f"calls the person a {rm.group()}"))
        pm = _YOU_PAST.search(sent)
        if pm and care_re.search(sent) and not _TO_YOU.search(sent):
            out.append((s + pm.start(), e, f"their care in the past: '{sent.strip()}'"))
    return out


def _wait_and_outcome(f: TextFacts) -> list[_Found]:
    text = f.text
    care_re = _care_any(f.lex)
    out: list[_Found] = []
    for m in _WAIT_WHEN.finditer(text):
        if _usable(f, m.start()):
            out.append((m.start(), m.end(), f"confirms a visit: '{m.group()}'"))
    for m in _GLAD_CARE.finditer(text):
        si = f.sent_of(m.start())
        if si in f.privacy_sents:
            continue
        tail = text[m.end() : f.sents[si][1]]
        if care_re.search(tail[:40]) and _CARE_OUTCOME_VERB.search(tail[:80]):
            out.append(
                (m.start(), m.end() + len(tail), f"care outcome: '{(m.group() + tail).strip()}'")
            )
    return out


def _care_with_us(f: TextFacts) -> list[_Found]:
    care_re = _care_any(f.lex)
    out: list[_Found] = []
    for si, (s, e) in enumerate(f.sents):
        sent = f.text[s:e]
        if si in f.privacy_sents or not SECOND_PERSON.search(sent):
            continue
        link = _WITH_US.search(sent)
        if (
            link
            and care_re.search(sent)
            and not _MODAL.search(sent[: link.start()])
            and not _IMPERATIVE_ADVICE.search(sent)
            and not _BOOKING.search(sent)
        ):
            out.append((s, e, f"care with us: '{sent.strip()}'"))
    return out


# ----------------------------------------------------------------------------- reply care
_ADVICE = cue(r"(?i:\b(?:{advice_markers})(?![\w-])|['’]d\b)")
_IMPERATIVE = cue(r"^\W*(?i:please\s+)?(?i:{reply_imperatives})\b")
_REFERRAL_BEFORE = cue(r"(?i:\b(?:{referral_verbs})\s+(?:\w+\s+){0,1}$)")
_YOUR_NOUN = regex.compile(r"(?i:\byour\s+(?:new\s+|own\s+|first\s+|last\s+|\w+['’]s\s+)?)")
_CONGRATS = cue(r"(?i:\b(?:{congrats_cues})\b[,!]?\s+(?:\p{Lu}\w+[,!]?\s+)?(?:on|to|for)\s+)")
_GLAD = cue(r"(?i:\b(?:{glad_cues})\b(?:\s+to\s+hear)?(?:\s+that)?\s+)")
_YOU_PROGRESS = regex.compile(
    r"(?i:\byou(?:['’]re|\s+are|['’]ve|\s+have|['’]ve\s+been|\s+have\s+been)\s+(?:\w+\s+){0,1}?)"
)
_DEM_BODY = regex.compile(r"(?i:(?:\b(?:your|that|the|those|this)\s+)?(?:new\s+|sore\s+|bad\s+)?)")
_CLINICIAN_YOU = cue(
    r"(?:\b(?:Dr|Doctor|Nurse)\.?\s+\p{Lu}\w+|(?i:\b(?:{clinician_subjects})))\s+(?:\w+\s+){0,3}?"
    r"(?i:{clinician_actions})"
)
_RETURN = cue(r"(?i:\b(?:{return_phrases}))")
_SPANISH = cue(r"(?i:\b(?:{spanish_confirmations}))")
_DOSE = regex.compile(
    r"(?i:\b(?:she|he|they)\s+(?:got|received|had)\s+\d+\s*(?:units|ml|mg|cc|syringes?)\b)|"
    r"\b\p{Lu}\p{Ll}+['’]s\s+(?i:usual\s+)?(?i:dose|units|treatment|regimen)\b"
)
_THAT_BABY = regex.compile(
    r"(?i:\b(?:that|this|those|these)\s+(?:sweet\s+|new\s+|beautiful\s+)?"
    r"(?:baby|babies|twins|triplets|little\s+ones?)\b)"
)
_YOUR_READY = cue(
    r"(?i:\byour\s+(?:[\w-]+\s+){0,5}?(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:{order_states}))"
)
_LOOKS_GREAT = cue(
    r"(?i:\b(?:those|that|the|your|these)\s+(?P<new>new\s+)?(?P<obj>[\w-]+(?:\s+[\w-]+)??)\s+"
    r"(?:still\s+|really\s+)?(?:look|looks|feel|feels|are|is)\s+(?:\w+\s+)?"
    r"(?:{result_praise}))"
)
_SOBER = cue(r"(?i:\b(?:{count_words})\s+(?:days|weeks|months|years)\s+(?:sober|clean)\b)")
_PROVIDER = cue(r"(?i:(?:\w+\s+)?(?:{provider_words}))\b")
_TEAM_TITLE = regex.compile(r"\b(?:Dr|Doctor|Nurse)\.?\s+\p{Lu}")


@dataclass(frozen=True, slots=True)
class _ReplySentence:
    start: int
    end: int
    text: str
    advice: bool
    team: bool

    def signal(self, a: int, b: int, kind: str) -> Signal:
        return Signal(self.start + a, self.start + b, kind, (self.start, self.end))


def reply_care_signals(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Signal]:
    """Signals, in a reply, that the reviewer or their relative was cared for here
    (``sentences``: the text's sentence spans, if already split)."""
    p = signal_patterns()
    spans = split_sentences(text) if sentences is None else sentences
    out: list[Signal] = []
    for s0, s1 in spans:
        sent = text[s0:s1]
        st = _ReplySentence(
            s0,
            s1,
            sent,
            advice=bool(_ADVICE.search(sent)) or bool(_IMPERATIVE.match(sent)),
            team=bool(p["care_team"].search(sent)) or bool(_TEAM_TITLE.search(sent)),
        )
        out.extend(_your_object_signals(st))
        out.extend(_milestone_signals(st, text, spans))
        out.extend(_recovery_signals(st))
        out.extend(_visit_signals(st))
    return unique_signals(out)


def _your_object_signals(st: _ReplySentence) -> list[Signal]:
    """ "your" + an object of the reviewer's own care."""
    p = signal_patterns()
    sent = st.text
    out: list[Signal] = []
    for m in _YOUR_NOUN.finditer(sent):
        ref = _REFERRAL_BEFORE.search(sent[: m.start()])
        if ref and (not ref.group(0).lower().startswith("see") or _PROVIDER.match(sent, m.end())):
            continue
        obj = p["care_objects"].match(sent, m.end())
        if obj and not st.advice:
            out.append(st.signal(m.start(), obj.end(), "your-care-object"))
            continue
        obj = p["team_linked_objects"].match(sent, m.end())
        if obj and st.team and not st.advice:
            out.append(st.signal(m.start(), obj.end(), "your-care-with-team"))
    return out


def _milestone_signals(st: _ReplySentence, text: str, spans: list[tuple[int, int]]) -> list[Signal]:
    """Congratulations on a care milestone (or a family one, next to our care team)."""
    p = signal_patterns()
    sent = st.text
    out: list[Signal] = []
    for m in _CONGRATS.finditer(sent):
        ms = p["milestones"].match(sent, m.end())
        if ms:
            out.append(st.signal(m.start(), ms.end(), "congratulations-on-care"))
        elif any(p["care_team"].search(text, a, b) for a, b in spans):
            fam = p["family_milestones"].match(sent, m.end())
            if fam:
                out.append(st.signal(m.start(), fam.end(), "congratulations-on-care"))
    return out


def _recovery_signals(st: _ReplySentence) -> list[Signal]:
    """Glad/hope + you or a body part + progress; "you're healing beautifully"."""
    p = signal_patterns()
    sent = st.text
    out: list[Signal] = []
    for m in _GLAD.finditer(sent):
        tail_end = min(len(sent), m.end() + 60)
        you = _YOU_PROGRESS.match(sent, m.end())
        if you:
            pr = p["progress"].match(sent, you.end())
            if pr:
                out.append(st.signal(m.start(), pr.end(), "glad-about-your-recovery"))
                continue
        dem = _DEM_BODY.match(sent, m.end())
        if dem:
            body = p["care_objects"].match(sent, dem.end())
            if body is None and not m.group(0).lower().startswith("hop"):
                body = p["body_parts"].match(sent, dem.end())
            if body:
                pr = p["progress"].search(sent, body.end(), tail_end)
                if pr:
                    out.append(st.signal(m.start(), pr.end(), "glad-about-your-recovery"))
    if not st.advice:
        for m in _YOU_PROGRESS.finditer(sent):
            pr = p["progress"].match(sent, m.end())
            if pr and not regex.match(r"(?i:\s*(?:\w+\s+)?(?:to|from)\s)", sent[m.start() :]):
                out.append(st.signal(m.start(), pr.end(), "you-are-recovering"))
    return out


def _visit_signals(st: _ReplySentence) -> list[Signal]:
    """Care staff gave "you", return invitations, Spanish confirmations, results, doses."""
    p = signal_patterns()
    sent = st.text
    out: list[Signal] = []
    for pattern, kind in (
        (_CLINICIAN_YOU, "clinician-cared-for-you"),
        (_RETURN, "confirms-past-visit"),
        (_SPANISH, "confirms-visit-es"),
    ):
        out.extend(st.signal(m.start(), m.end(), kind) for m in pattern.finditer(sent))
    if not st.advice:
        for m in _LOOKS_GREAT.finditer(sent):
            noun = m.group("obj")
            if p["care_objects"].fullmatch(noun) or (
                m.group("new") and p["team_linked_objects"].fullmatch(noun)
            ):
                out.append(st.signal(m.start(), m.end(), "comments-on-your-result"))
    for m in _SOBER.finditer(sent):
        out.append(st.signal(m.start(), m.end(), "congratulations-on-care"))
    for m in _DOSE.finditer(sent):
        out.append(st.signal(m.start(), m.end(), "treatment-dose"))
    # "Give that baby a squeeze from all of us in the embryology lab"
    baby = _THAT_BABY.search(sent) if st.team else None
    if baby:
        out.append(st.signal(baby.start(), baby.end(), "your-care-with-team"))
    if not st.advice:
        for m in _YOUR_READY.finditer(sent):
            out.append(st.signal(m.start(), m.end(), "your-order-status"))
    return out
