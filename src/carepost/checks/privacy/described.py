"""Described patients: one person identified without a full name, next to care or condition
details. Two recognizers feed the one analysis:

``described_leaks`` (PHI001)
    A person phrase ("a 9-year-old", "the retired teacher", a room or bed number standing for
    its occupant) with Safe Harbor quasi-identifiers in the sentence: a strong one (age over
    89, a record number, "the only ... in <place>") or two weaker ones (age, date, place,
    occupation, care by this organization).

``described_patient_signals`` (PHI011)
    Narrower shapes: a given name with an age, place, slot or "who came in for"; a courtesy or
    public title with a status in care; an initial + surname on a schedule; a handle or user
    number; "the <Surname>s of <Place>"; "room 7's mom"; a role or occupation tied to a named
    place or school; an age with a place. Texts marked hypothetical, staff-centric sentences
    and public figures' own announcements give none.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

import regex

from ..sentences import split_sentences
from .facts import GENERIC_DET, TextFacts, label, last_phrase, uniq
from .lexicon import Lexicon, cue, signal_patterns
from .named import THIRD_PERSON
from .results import Leak, Mention

__all__ = ["Signal", "described_leaks", "described_patient_signals", "labelled_leaks"]

_SCHOOL_OR_PLACE = regex.compile(
    r"\b(?:from|at|in|of|near)\s+(?:our\s+)?(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’.-]+){0,3})"
)
_SCHOOL = cue(r"\b\p{Lu}\w+(?:\s\p{Lu}\w+)?\s(?:{school_suffixes})\b")
_FIRST_PERSON_CARE = cue(r"\b(?:I|we)\s+(?:\w+\s+){0,2}?(?:{first_person_care_verbs})\b", regex.I)
_FACILITY_ROOM = cue(r"\b(?:{facility_rooms})\s+(?:room|rm\.?)", regex.I)
_ONLY_ONE_PERSON = regex.compile(r"\bonly (?:one|\w+) (?:person|patient|child|family)\b", regex.I)
_PATIENT_LABEL = cue(
    r"(?P<label>\b(?:{patient_labels})(?:['’]s)?\s*[:#-]?\s*"
    r"(?:(?:{identifier_labels})\s*[:#=-]?\s*)?)$",
    regex.I,
)
_PERSON_LABEL = cue(r"(?P<label>\b(?:{person_identifier_labels})\s*[:#=-]?\s*)$", regex.I)
_LABELLED_KINDS = frozenset(
    {"date", "phone", "fax", "email", "geography", "zip", "age", "age_over_89", "unique", "url"}
)
_STRONG_KINDS = frozenset(
    {"age_over_89", "unique", "ssn", "mrn", "health_plan", "account", "device", "vehicle"}
    | {"biometric"}
)
_WEAK_KINDS = frozenset({"age", "date", "geography", "zip"})


@dataclass(frozen=True, slots=True)
class _Subject:
    """Who the sentence describes: a person phrase, or (``is_person`` false) a room or bed
    number or "the only ... " that stands for one person."""

    start: int  # in the sentence
    text: str
    is_person: bool


@functools.cache
def _person_pattern(lex: Lexicon) -> regex.Pattern[str]:
    nouns = lex.pattern("person_nouns").pattern
    return regex.compile(
        r"\b(?:a|an|the|this|one|our|that)\s+(?:[\w'’]+[- ]){0,6}?"
        rf"((?:{nouns})|\d{{1,3}}[- ](?:year|month|week|day)s?[- ]old"
        r"|\w+(?=\s+from\s+(?:our\s+)?\p{Lu})|\w+(?=\s+who\s+(?:came in|was|had|has|got|is)\b))",
        regex.I,
    )


def described_leaks(f: TextFacts, existing: list[Leak], mentions: list[Mention]) -> list[Leak]:
    """One leak per sentence that describes an identifiable person with health details.
    A person's name is never taken for a place ("the son of Maria Lopez")."""
    if f.hypothetical:
        return []
    leaks: list[Leak] = []
    for si, (s, e) in enumerate(f.sents):
        sent = f.text[s:e]
        hits = f.health_in(si)
        carry = [h for j in (si - 1, si + 1) if 0 <= j < len(f.sents) for h in f.health_in(j)]
        person = _person_in(f, sent)
        unique = _only_one(sent)
        if person is None and unique is None:
            unique = _room_subject(f, si)
            if unique is None:
                continue
            room_end = s + unique.start + len(unique.text)
            hits = [h for h in hits if not (s + unique.start <= h.start < room_end)]
            if not hits:
                continue
        if not hits and not (carry and THIRD_PERSON.search(_with_next(f, si))):
            continue
        subject = person or unique
        assert subject is not None
        people = [(m.start - s, m.end - s) for m in mentions if m.role not in ("org",)]
        strong, weak, kinds = _quasi_identifiers(f, si, person, unique, bool(hits or carry), people)
        if not (strong or len(weak) >= 2):
            continue
        span_start = s + subject.start
        if any(lk.start <= span_start < lk.end for lk in existing):
            continue
        who = last_phrase(subject.text) if subject.is_person else subject.text
        health = uniq(h.text for h in (hits or carry))[:3]
        signals = [f"person '{who}'", *strong, *weak[:4]]
        signals.append("health/care " + ", ".join(f"'{t}'" for t in health))
        conf = 0.85 if strong else 0.7
        leaks.append(Leak(s, e, who, tuple(uniq(kinds)), tuple(signals), conf))
    return leaks


def labelled_leaks(f: TextFacts, existing: list[Leak]) -> list[Leak]:
    """An identifier labelled as a patient's ("Patient DOB 03/04/1950", "pt phone: ...", "client
    address: ..."), or a birth date label next to health details ("DOB 03/04/1950, admitted
    for chest pain"): the identifier is tied to a patient, whatever else the text says."""
    if f.hypothetical:
        return []
    leaks: list[Leak] = []
    for ident in f.idents:
        if ident.kind not in _LABELLED_KINDS:
            continue
        if any(lk.start <= ident.start < lk.end for lk in existing + leaks):
            continue
        si = f.sent_of(ident.start)
        s, e = f.sents[si]
        before = f.text[max(s, ident.start - 60) : ident.start]
        m = _PATIENT_LABEL.search(before)
        why = "patient label"
        if m is None and f.health:
            m = _PERSON_LABEL.search(before)
            why = "birth date label with health details"
        if m is None:
            continue
        start = ident.start - len(before) + m.start("label")
        shown = m.group("label").strip(" :#=-")
        health = uniq(h.text for h in f.health_in(si) if h.start >= ident.end)
        signals = [f"{why} '{shown}'", f"{label(ident.kind)} '{ident.text}'"]
        if health:
            signals.append("health/care " + ", ".join(f"'{t}'" for t in health[:3]))
        signals.append("patient status")
        # the rest of the sentence is about the same patient ("..., seen today for chest pain")
        end = e if health else ident.end
        leaks.append(Leak(start, end, "the patient", (ident.kind,), tuple(signals), 0.9))
    return leaks


def _with_next(f: TextFacts, si: int) -> str:
    return f.sent_text(si) + " ".join(f.sent_text(j) for j in (si + 1,) if j < len(f.sents))


def _person_in(f: TextFacts, sent: str) -> _Subject | None:
    for m in _person_pattern(f.lex).finditer(sent):
        if GENERIC_DET.search(sent[: m.start()]):
            continue
        if f.lex.pattern("staff_titles").fullmatch(m.group(1)) and regex.search(
            r"\b(?:a|an|the|our)\s", sent[m.end() :]
        ):
            continue  # "a nurse holding a newborn": the staff member is not the subject
        return _Subject(m.start(), m.group(), True)
    return None


def _only_one(sent: str) -> _Subject | None:
    m = _ONLY_ONE_PERSON.search(sent)
    return _Subject(m.start(), m.group(), False) if m else None


def _room_subject(f: TextFacts, si: int) -> _Subject | None:
    """A room or bed number stands for its occupant ("Bed 12 - sepsis")."""
    s, _e = f.sents[si]
    for i in f.idents:
        if (
            f.in_sent(i.start, si)
            and i.signal == "room/bed number"
            and not _FACILITY_ROOM.search(f.text[max(0, i.start - 15) : i.end])
        ):
            return _Subject(i.start - s, i.text, False)
    return None


def _quasi_identifiers(
    f: TextFacts,
    si: int,
    person: _Subject | None,
    unique: _Subject | None,
    has_health: bool,
    people: list[tuple[int, int]],
) -> tuple[list[str], list[str], list[str]]:
    """(strong, weak, kinds): the sentence's details that narrow the person down."""
    sent = f.sent_text(si)
    strong: list[str] = []
    weak: list[str] = []
    kinds: list[str] = []
    for ident in (i for i in f.idents if f.in_sent(i.start, si)):
        if ident.kind in _STRONG_KINDS:
            if ident.kind == "unique" and ident.signal.startswith("jersey"):
                weak.append(f"number '{ident.text}'")
            else:
                strong.append(f"{label(ident.kind)} '{ident.text}'")
            kinds.append(ident.kind)
        elif ident.kind in _WEAK_KINDS:
            weak.append(f"{label(ident.kind)} '{ident.text}'")
            kinds.append(ident.kind)
        elif ident.kind == "photo" and person is not None:
            # a photo or video of the person shows their face (Safe Harbor Q)
            strong.append(f"photo/video of the person '{ident.text}'")
            kinds.append("photo")
    if unique is not None:
        strong.append(f"uniqueness '{unique.text}'")
        kinds.append("unique")
    occ = f.lex.pattern("occupations").search(sent)
    if occ:
        weak.append(f"occupation '{occ.group()}'")
        kinds.append("unique")
    place = _school_or_place(f, sent, people)
    if place:
        weak.append(place)
        kinds.append("geography")
    if f.org_care_link(si) or _FIRST_PERSON_CARE.search(sent):
        # being treated here is itself a detail ("our ER treated a toddler ...")
        weak.append("care by this organization")
        kinds.append("unique")
    # a date in the neighbouring sentence still dates the event
    if "date" not in kinds and si > 0 and has_health:
        dates = [i for i in f.idents if f.in_sent(i.start, si - 1) and i.kind == "date"]
        if dates:
            weak.append(f"date '{dates[0].text}'")
            kinds.append("date")
    return strong, weak, kinds


def _school_or_place(f: TextFacts, sent: str, people: list[tuple[int, int]]) -> str | None:
    school = _SCHOOL.search(sent)
    if school:
        return f"school/workplace '{school.group()}'"
    for pm in _SCHOOL_OR_PLACE.finditer(sent):
        if any(a < pm.end(1) and pm.start(1) < b for a, b in people):
            continue  # a person's name, not a place
        word = pm.group(1).split()[0]
        if word.lower() in f.lex.words("common_capitalized") and len(pm.group(1).split()) == 1:
            continue
        if f.is_lexicon_word(word):
            continue
        return f"place '{pm.group(1)}'"
    return None


# ----------------------------------------------------------------------------- descriptors
@dataclass(frozen=True, slots=True)
class Signal:
    """One recognizer hit: its span, its kind and the sentence it is in."""

    start: int
    end: int
    kind: str
    sentence: tuple[int, int]


_CAP = r"\p{Lu}[\p{Ll}'’-]+"
_PLACE = (
    rf"(?:{_CAP}(?:\s+(?:{_CAP}|\d+))*|a\s+small\s+[\w-]+\s+(?:\w+\s+)?(?:town|community|village)"
    r"(?:\s+[\w\s]{0,25}?of\s+town)?)"
)
_GIVEN = regex.compile(rf"(?<![\w@#.-])({_CAP})(?![\w@-])")
_AGE_AFTER = regex.compile(r"\s*(?:,\s*|\(\s*)(?i:age[d]?\s+)?\d{1,2}\b\s*\)?(?:\s*,)?")
_FROM_PLACE = regex.compile(rf"\s+(?:from|of|in|at)\s+(?:our\s+|the\s+)?({_PLACE})")
_FROM_SLOT = cue(r"\s+(?:from|in)\s+(?:the|our)\s+(?:[\w:-]+\s+){0,3}(?i:{slot_words})\b")
_WHO_CARE = cue(r"\s+(?:\([^)]{0,20}\)\s*)?(?:,\s*)?who\s+(?:just\s+)?(?:{who_care_phrases})")
_TITLE_NAME = cue(
    r"\b(?:{descriptor_titles})\.?\s+(?:\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+)?|\p{Lu}\b\.?)"
)
_INITIAL_SURNAME = regex.compile(r"(?<![\w.])\p{Lu}\.\s?\p{Lu}\p{Ll}{2,}\b")
_HANDLE = regex.compile(
    r"(?<![\w@])@[A-Za-z0-9_]{3,}|\b(?i:user|member|patient|client)\s+#\s?\d{2,}\b"
)
_FAMILY = regex.compile(
    rf"\b[Tt]he\s+{_CAP}s\s+(?:of|from)\s+{_PLACE}|\b[Tt]he\s+{_CAP}\s+(?:family|twins|triplets)\b"
)
_ROOM = regex.compile(r"(?i:\b(?:room|bed|bay)\s+\d{1,4}[A-Z]?['’]s\s+\w+)")
_ROLE_PLACE = regex.compile(
    r"(?i:\b(?:the|a|an|our|one)\s+(?:[\w-]+\s+){0,2}?)"
    rf"(?:{_CAP}(?:\s+{_CAP})*\s+)?"
    r"(?P<role>[\w-]+)"
    rf"\s+(?i:from|of|at|in)\s+(?:(?i:our|the)\s+)?(?P<place>{_PLACE})"
)
_PRE_ROLE_PLACE = regex.compile(rf"(?i:\bthe\s+)({_CAP}(?:\s+{_CAP})*)\s+(?P<role>[\w-]+)\b")
_AGE_PHRASE = regex.compile(
    r"(?i:\b(?:a|an|the|our)\s+\d{1,3}-year-old(?:\s+(?!(?:from|of|in|at|who|with|on)\b)[\w-]+)?\b)"
)
_OUR_MEMBER = cue(r"(?i:\bone\s+of\s+our\s+(?:{member_nouns})\b)")
_ROLE_BODY = cue(
    r"(?i:\bthe\s+(?P<role>[\w-]+)['’]s\s+(?P<body>[\w-]+(?:\s+[\w-]+)?)\s+(?:is|was|are|were)\s+"
    r"(?:\w+\s+){0,2}?(?:{body_progress}))"
)
_ORG_PLACE = cue(r"\b(?:{organization_words})\b")
_CITATION = cue(r"(?i:\b(?:{citation_cues})\b)")
_RECORD_CONTEXT = cue(r"(?i:\b(?:{record_cues})\b)")
_PERSONAL = regex.compile(r"(?i:\b(?:her|his|their|she|he|who)\b)")
_HANDLE_CREDIT = cue(r"(?i:\b(?:{handle_credits})\b)")
_DONOR = cue(r"(?i:\b(?:{donor_cues})\b)")
_EVENT = cue(r"(?i:\b(?:{event_cues})\b)")
_ONLY_ONE = regex.compile(
    rf"(?i:\bthe\s+only\s+)(?P<who>(?:[\w-]+\s+){{1,3}}?)(?i:in|from|at|on)\s+(?:(?i:the)\s+)?{_PLACE}"
)
_PERSON_WORD = cue(r"(?:{person_words})", regex.I)
_TEAM_WORD = cue(r"(?:{team_words})", regex.I)
_BED = regex.compile(r"(?i:\b(?:room|bed|bay)\s+\d{1,4}[A-Z]?\b)")
_STAFF_TITLE_BEFORE = regex.compile(r"(?:\b(?:Dr|Doctor|Nurse|Prof)\.?\s+)$")


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence and what the descriptor recognizers need to know about it."""

    start: int
    end: int
    text: str
    care: bool
    public: bool
    staffy: bool
    staff_person: bool
    donor: bool

    def signal(self, a: int, b: int, kind: str) -> Signal:
        return Signal(self.start + a, self.start + b, kind, (self.start, self.end))


def described_patient_signals(
    text: str,
    names: Collection[str],
    staff: Collection[str] = (),
    sentences: list[tuple[int, int]] | None = None,
) -> list[Signal]:
    """Person descriptors co-occurring with care language in the same sentence
    (``sentences``: the text's sentence spans, if already split)."""
    p = signal_patterns()
    if p["hypothetical"].search(text):
        return []
    staff_tokens = {t.lower() for s in staff for t in s.split()}
    spans = split_sentences(text) if sentences is None else sentences
    has_care = [
        bool(p["care_terms"].search(text, a, b) or p["status"].search(text, a, b)) for a, b in spans
    ]
    out: list[Signal] = []
    for i, (s0, s1) in enumerate(spans):
        if not any(has_care[max(0, i - 1) : i + 2]):
            continue
        sent = text[s0:s1]
        staff_hits = [m.group(0) for m in p["staff_cues"].finditer(sent)]
        st = _Sentence(
            s0,
            s1,
            sent,
            care=has_care[i],
            public=bool(p["public_news"].search(sent)),
            staffy=bool(staff_hits),
            # "our PICU team cared for a 4-year-old from ...": a team caring is not a staff story
            staff_person=any(not _TEAM_WORD.fullmatch(h) for h in staff_hits),
            donor=bool(_DONOR.search(sent)),
        )
        out.extend(_given_name_signals(st, names, staff_tokens))
        out.extend(_titled_signals(st))
        if not st.care:
            out.extend(_role_place_signals(st, care=False))
            continue
        out.extend(_identifier_signals(st))
        if not (st.public or st.staff_person or st.donor):
            out.extend(_role_place_signals(st, care=True))
    return unique_signals(out)


def _given_name_signals(
    st: _Sentence, names: Collection[str], staff_tokens: set[str]
) -> list[Signal]:
    """A given name + a second identifying or care detail."""
    if st.staffy or st.donor:
        return []
    sent = st.text
    out: list[Signal] = []
    for m in _GIVEN.finditer(sent):
        word = m.group(1)
        if word.lower() not in names or word.lower() in staff_tokens:
            continue
        if _STAFF_TITLE_BEFORE.search(sent[: m.start()]):
            continue
        place = _FROM_PLACE.match(sent, m.end()) if not st.public else None
        if place and _ORG_PLACE.search(place.group(1)):
            place = None
        strong = _AGE_AFTER.match(sent, m.end()) or place
        weak = _FROM_SLOT.match(sent, m.end()) or _WHO_CARE.match(sent, m.end())
        if strong:
            out.append(st.signal(m.start(), strong.end(), "given-name-with-detail"))
        elif weak and st.care:
            out.append(st.signal(m.start(), weak.end(), "given-name-with-detail"))
    return out


def _titled_signals(st: _Sentence) -> list[Signal]:
    """A courtesy or public title + surname or initial, with a status phrase."""
    if st.public or _EVENT.search(st.text):
        return []
    status = signal_patterns()["status"]
    out: list[Signal] = []
    for m in _TITLE_NAME.finditer(st.text):
        found = status.search(st.text, m.end())
        if found:
            out.append(st.signal(m.start(), found.end(), "titled-person-in-care"))
    return out


def _identifier_signals(st: _Sentence) -> list[Signal]:
    """Initials, handles, family names and room numbers standing for a person in care."""
    p = signal_patterns()
    sent = st.text
    out: list[Signal] = []
    for m in _ROLE_BODY.finditer(sent):
        if p["person_roles"].fullmatch(m.group("role")) and p["body_parts"].fullmatch(
            m.group("body")
        ):
            out.append(st.signal(m.start(), m.end(), "role-body-progress"))
    cited = bool(_CITATION.search(sent))
    for m in _INITIAL_SURNAME.finditer(sent):
        if _STAFF_TITLE_BEFORE.search(sent[: m.start()]) or cited or st.staff_person:
            continue
        if _RECORD_CONTEXT.search(sent):
            out.append(st.signal(m.start(), m.end(), "initial-and-surname"))
    for m in _HANDLE.finditer(sent):
        if m.group(0).startswith("@") and (
            cited or st.staff_person or not _PERSONAL.search(sent) or _HANDLE_CREDIT.search(sent)
        ):
            continue
        out.append(st.signal(m.start(), m.end(), "handle-or-user-number"))
    if not st.donor:
        for m in _FAMILY.finditer(sent):
            out.append(st.signal(m.start(), m.end(), "family-name"))
    for m in _ROOM.finditer(sent):
        out.append(st.signal(m.start(), m.end(), "room-number-person"))
    bed = _BED.search(sent)
    if bed and not st.staff_person:
        for m in _TITLE_NAME.finditer(sent):
            out.append(st.signal(m.start(), max(m.end(), bed.end()), "room-number-person"))
    return out


def _role_place_signals(st: _Sentence, *, care: bool) -> list[Signal]:
    """A role or occupation tied to a place or school: "the retired firefighter from
    Station 12"; with care in the sentence also "the only ... in <place>", an age with a place
    and "one of our members, a junior at <School>"."""
    roles = signal_patterns()["person_roles"]
    sent = st.text
    out: list[Signal] = []
    for m in _ROLE_PLACE.finditer(sent):
        if not roles.fullmatch(m.group("role")) or _ORG_PLACE.search(m.group("place")):
            continue
        if care or not (st.public or st.staff_person):
            out.append(st.signal(m.start(), m.end(), "role-with-place"))
    if not care:
        return out
    for m in _PRE_ROLE_PLACE.finditer(sent):
        if roles.fullmatch(m.group("role")):
            out.append(st.signal(m.start(), m.end(), "role-with-place"))
    for m in _ONLY_ONE.finditer(sent):
        if any(roles.fullmatch(w) or _PERSON_WORD.fullmatch(w) for w in m.group("who").split()):
            out.append(st.signal(m.start(), m.end(), "unique-description"))
    for m in _AGE_PHRASE.finditer(sent):
        pl = _FROM_PLACE.match(sent, m.end())
        if pl:
            out.append(st.signal(m.start(), pl.end(), "age-with-place"))
    for m in _OUR_MEMBER.finditer(sent):
        rp = _ROLE_PLACE.search(sent, m.end())
        if rp and rp.group("place") and roles.fullmatch(rp.group("role")):
            out.append(st.signal(m.start(), rp.end(), "role-with-place"))
    return out


def unique_signals(signals: list[Signal]) -> list[Signal]:
    seen: set[tuple[int, int]] = set()
    out: list[Signal] = []
    for s in sorted(signals, key=lambda s: (s.start, -s.end)):
        if any(a <= s.start and s.end <= b for a, b in seen):
            continue
        seen.add((s.start, s.end))
        out.append(s)
    return out
