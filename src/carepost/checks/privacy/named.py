"""Named patients: a person mention (name, initials, handle) tied to health or care details
about that person, in the same sentence or in the sentences that continue about them."""

from __future__ import annotations

import regex

from .facts import POSSESSIVE_PRON, Hit, TextFacts, label, name_tokens, uniq
from .lexicon import cue
from .names import VOCATIVE_SIGNAL
from .results import Leak, Mention

__all__ = ["FIRST_PERSON", "QUOTE", "SECOND_PERSON", "THIRD_PERSON", "YOUR", "named_leaks"]

FIRST_PERSON = regex.compile(r"\b(?:I|I'm|I've|I'd|my|me|mine)\b")
THIRD_PERSON = regex.compile(r"\b(?:he|she|his|her|hers|him|they|their|them)\b", regex.I)
SECOND_PERSON = regex.compile(r"\b(?:you|your|you're|you've|yours)\b", regex.I)
QUOTE = regex.compile(r"[“\"]([^”\"]{8,})[”\"]")
YOUR = regex.compile(r"\b(?:your|tu|su|sus|tus)\b", regex.I)
_SETTING = cue(r"(?i:{care_settings})")
_OWN_CONDITION = cue(
    r"^\s+(?:just\s+|recently\s+|finally\s+)?(?:{own_condition_verbs})\s+(?:\w+\s+){0,3}$", regex.I
)
_CONTACT_KINDS = ("phone", "email", "url")


def named_leaks(f: TextFacts, mentions: list[Mention]) -> list[Leak]:
    """One leak per person mention that may be a patient and has linked health details."""
    leaks: list[Leak] = []
    for mention in mentions:
        if mention.role not in ("unknown", "patient"):
            continue
        hits = _linked_health(f, mention, mentions)
        if not hits:
            continue
        link = _personal_link(f, mention, hits)
        if link is None and mention.kind in ("name", "handle"):
            continue  # a name or handle near health words, but nothing ties the care to them
        kinds = [mention.kind if mention.kind != "role" else "unique"]
        si = f.sent_of(mention.start)
        extra = [i for i in f.idents if f.in_sent(i.start, si) and i.kind not in _CONTACT_KINDS]
        kinds.extend(i.kind for i in extra)
        signals = [f"{label(mention.kind)} '{mention.text}'"]
        signals.extend(f"{label(i.kind)} '{i.text}'" for i in extra[:3])
        uniq_hits = uniq(h.text for h in hits)
        signals.append("health/care " + ", ".join(f"'{t}'" for t in uniq_hits[:3]))
        if link:
            signals.append(link)
        start = min(mention.start, *(h.start for h in hits), *(i.start for i in extra))
        end = max(mention.end, *(h.end for h in hits), *(i.end for i in extra))
        leaks.append(
            Leak(
                start,
                end,
                mention.text,
                tuple(uniq(kinds)),
                tuple(signals),
                0.9 if link else 0.7,
                (mention.text,),
            )
        )
    return leaks


def _linked_health(f: TextFacts, mention: Mention, mentions: list[Mention]) -> list[Hit]:
    """Health details about the person: same sentence, or later sentences that continue
    with a pronoun or the same name, or a first-person quote attributed in the text."""
    si = f.sent_of(mention.start)

    def own(hit: Hit) -> bool:
        return not _inside_staff_phrase(hit, mentions)

    hits = [h for h in f.health_in(si) if not (mention.start <= h.start < mention.end)]
    hits = [h for h in hits if own(h)]
    tokens = name_tokens(mention.text)
    first = tokens[0] if tokens else ""
    for j in range(si + 1, min(len(f.sents), si + 3)):
        sent = f.sent_text(j)
        addressed = (
            mention.reason == VOCATIVE_SIGNAL or _vocative_like(f, mention)
        ) and SECOND_PERSON.search(sent)
        if THIRD_PERSON.search(sent) or addressed or (first and first in name_tokens(sent)):
            hits.extend(h for h in f.health_in(j) if own(h))
        else:
            break
    if si > 0 and THIRD_PERSON.search(f.sent_text(si)):
        hits.extend(f.health_in(si - 1))
    for q in QUOTE.finditer(f.text):
        if FIRST_PERSON.search(q.group(1)) and not (q.start() <= mention.start < q.end()):
            hits.extend(h for h in f.health if q.start() <= h.start < q.end())
    return hits


def _vocative_like(f: TextFacts, mention: Mention) -> bool:
    """'..., Mr. Henderson!' / 'Tom, ...': the name is spoken to, not about."""
    return bool(regex.match(r"\s*[!?]|,\s+\p{Ll}", f.text[mention.end : mention.end + 4]))


def _inside_staff_phrase(hit: Hit, mentions: list[Mention]) -> bool:
    return any(
        m.role == "staff" and m.start <= hit.start < m.end + 30 and hit.text.lower() == "nurse"
        for m in mentions
    )


def _personal_link(f: TextFacts, mention: Mention, hits: list[Hit]) -> str | None:
    """What ties the health details to the person, or ``None``."""
    text = f.text
    si = f.sent_of(mention.start)
    window = text[mention.start : mention.end + 80]
    if f.lex.pattern("patient_roles").search(text[max(0, mention.start - 50) : mention.end + 50]):
        return "patient-role word"
    if mention.reason != "spaCy PERSON" and regex.match(
        r"^['’]s\b", text[mention.end : mention.end + 3]
    ):
        return "possessive"
    if any(
        any(pm.end() <= h.start - mention.start < pm.end() + 40 for h in hits)
        for pm in POSSESSIVE_PRON.finditer(window)
    ):
        return "possessive pronoun"  # "her last round of chemo", not "her podcast"
    if any(
        mention.end <= h.start and _OWN_CONDITION.match(text[mention.end : h.start]) for h in hits
    ):
        return "the person's own condition or care"
    if f.lex.pattern("care_verbs").search(f.sent_text(si)):
        return "care verb"
    if any(f.in_sent(o.start, si) for o in f.outcomes):
        return "outcome"
    if f.org_care_link(si) and any(not _SETTING.fullmatch(h.text) for h in hits):
        # a named visitor "in our oncology unit" is not a patient: a care setting alone
        # does not tie the person to care
        return "care by this organization"
    if mention.reason == VOCATIVE_SIGNAL and hits:
        return "addressed by name"
    your_care = any(YOUR.search(text[max(0, h.start - 30) : h.start]) for h in hits)
    if _vocative_like(f, mention) and your_care:
        return "addressed by name, with their care"
    if mention.kind == "handle" and your_care:
        return "tagged, with their care"
    for q in QUOTE.finditer(text):
        if FIRST_PERSON.search(q.group(1)) and any(q.start() <= h.start < q.end() for h in hits):
            return "first-person quote attributed to the person"
    return None
