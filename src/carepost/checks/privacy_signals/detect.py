"""Sentence-level signals of a patient disclosure that the shared privacy analysis can miss.

Two detectors, both pure regex over the text (no parse, so a few hundred microseconds a text):

``reply_care_signals``
    In a reply, statements that confirm the reviewer (or their relative) was cared for here:
    "your" + an object of their own care ("your excision", "your lenses are back-ordered"),
    a congratulation or recovery formula ("congratulations on ringing the bell", "so glad
    that shoulder is cooperating", "you're healing beautifully"), a clinician doing care to
    "you" ("Dr. X spent 25 minutes with you"), return invitations ("see you back", "come
    back anytime") and Spanish visit confirmations. Advice (imperatives, modals,
    conditionals), referrals ("ask your surgeon") and generic thanks are not signals.

``described_patient_signals``
    In any text, a person descriptor (given name with an age, place, slot or possessive care
    detail; a courtesy/public title with a surname or initial; an initial + surname; a handle
    or user number; "the <Surname>s of <Place>"; a role or occupation tied to a named place or
    school; "room 7's mom") in the same sentence as care or condition language. Texts marked
    hypothetical/synthetic, staff-centric names and public figures' own announcements are not
    signals.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

import regex

from ..sentences import split_sentences
from .signals import signal_patterns

__all__ = ["Signal", "described_patient_signals", "reply_care_signals", "sentences"]


@dataclass(frozen=True, slots=True)
class Signal:
    start: int
    end: int
    kind: str
    sentence: tuple[int, int]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end): the checker's one splitter."""
    return split_sentences(text)


@functools.cache
def _p() -> dict[str, regex.Pattern[str]]:
    return signal_patterns()


# ----------------------------------------------------------------------------- reply signals
_ADVICE = regex.compile(
    r"(?i:\b(?:if|whether|unless|can|can't|cannot|could|may|might|should|depends|usually|"
    r"typically|generally|often|most|many|every|any|anyone|everyone|general info\w*|would|"
    r"for example|e\.g\.)(?![\w-])|['’]d\b)"
)
_IMPERATIVE = regex.compile(
    r"^\W*(?i:please\s+)?(?i:ask|talk|check|call|see|bring|book|schedule|contact|consult|tell|"
    r"try|keep|use|avoid|apply|take|make|remember|don't|do not|never|always|give|let|have|"
    r"get|start|stop|wear|ice|rest|follow)\b"
)
_REFERRAL_BEFORE = regex.compile(
    r"(?i:\b(?:ask|talk to|talk with|check with|see|call|consult|contact|tell|let|with|by|"
    r"from|per|about|schedule|book|make|request|reschedule|set up|plan|start)\s+(?:\w+\s+){0,1}$)"
)
_YOUR_NOUN = regex.compile(r"(?i:\byour\s+(?:new\s+|own\s+|first\s+|last\s+|\w+['’]s\s+)?)")
_CONGRATS = regex.compile(
    r"(?i:\b(?:congrat\w*|mazel tov|so proud of you|cheers to)\b[,!]?\s+(?:\p{Lu}\w+[,!]?\s+)?"
    r"(?:on|to|for)\s+)"
)
_GLAD = regex.compile(
    r"(?i:\b(?:glad|happy|thrilled|relieved|love to hear|great to hear|hope|hoping)\b"
    r"(?:\s+to\s+hear)?(?:\s+that)?\s+)"
)
_YOU_PROGRESS = regex.compile(
    r"(?i:\byou(?:['’]re|\s+are|['’]ve|\s+have|['’]ve\s+been|\s+have\s+been)\s+(?:\w+\s+){0,1}?)"
)
_DEM_BODY = regex.compile(r"(?i:(?:\b(?:your|that|the|those|this)\s+)?(?:new\s+|sore\s+|bad\s+)?)")
_CLINICIAN_YOU = regex.compile(
    r"(?:\b(?:Dr|Doctor|Nurse)\.?\s+\p{Lu}\w+|(?i:\bour\s+(?:[\w&-]+\s+){0,2}"
    r"(?:team|nurses?|doctors?|surgeons?|staff|therapists?|counselors?|providers?|hygienists?)|"
    r"\bwe|\bshe|\bhe))\s+(?:\w+\s+){0,3}?"
    r"(?i:spent\s+\d+\s+\w+\s+with\s+you|ordered\s+(?:\w+\s+){0,4}?(?:for\s+you|panel|test|"
    r"scan|labs?|x-rays?|ultrasound|mri|bloodwork)|examined\s+you|treated\s+you|saw\s+you|"
    r"checked\s+you|fitted\s+you|was\s+paged\s+for\s+your|were\s+paged\s+for\s+your|"
    r"(?:would\s+like\s+to|wants\s+to|will)\s+see\s+you\s+back|says\s+hi\s+to\s+"
    r"(?:\w+\s+){0,3}?your|still\s+talks\s+about\s+you)"
)
_RETURN = regex.compile(
    r"(?i:\b(?:see\s+you\s+(?:back|again|next\s+(?:time|week|month)|at\s+your)|"
    r"come\s+back\s+(?:anytime\s+|any\s+time\s+|soon\s+)?for|"
    r"(?:thanks|thank\s+you)\s+for\s+(?:choosing(?!\s+to\b)|trusting|visiting|coming\s+in|"
    r"letting\s+us\s+care)|(?:great|nice|a\s+pleasure|lovely)\s+(?:to\s+see|seeing|"
    r"meeting|treating|caring\s+for)\s+you|pleasure\s+(?:taking\s+care\s+of|treating)\s+you|"
    r"(?:added|applied|credited|waived)\b[^.!?]{0,40}\b(?:to|on|from)\s+your\s+account))"
)
_SPANISH = regex.compile(
    r"(?i:\b(?:su|tu)\s+(?:visita|cita|consulta|tratamiento|procedimiento|cirugía|cirugia|"
    r"limpieza|receta|recuperación|recuperacion|bebé|bebe|embarazo|parto)\b|"
    r"\bgracias\s+por\s+(?:visitarnos|elegirnos|su\s+visita|tu\s+visita|confiar\s+en\s+nosotros)"
    r"|\bnos\s+alegra\s+que\s+(?:se\s+sienta|te\s+sientas|esté|estés)\s+mejor"
    r"|\b(?:alegra|gusto|contentos|felices)\s+(?:de\s+)?que\s+(?:su|tu)\s+(?:rodilla|espalda|"
    r"hombro|cadera|tobillo|muñeca|cuello|diente|dientes|piel|herida|cicatriz|bebé|bebe|"
    r"recuperación|recuperacion|tratamiento))"
)
_DOSE = regex.compile(
    r"(?i:\b(?:she|he|they)\s+(?:got|received|had)\s+\d+\s*(?:units|ml|mg|cc|syringes?)\b)|"
    r"\b\p{Lu}\p{Ll}+['’]s\s+(?i:usual\s+)?(?i:dose|units|treatment|regimen)\b"
)


_THAT_BABY = regex.compile(
    r"(?i:\b(?:that|this|those|these)\s+(?:sweet\s+|new\s+|beautiful\s+)?"
    r"(?:baby|babies|twins|triplets|little\s+ones?)\b)"
)
_YOUR_READY = regex.compile(
    r"(?i:\byour\s+(?:[\w-]+\s+){0,5}?(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:back-?ordered|ready\s+for\s+pick-?up|on\s+backorder|delayed|in\s+stock|called\s+in|"
    r"being\s+processed|approved|denied|sent\s+to\s+the\s+pharmacy))"
)


_LOOKS_GREAT = regex.compile(
    r"(?i:\b(?:those|that|the|your|these)\s+(?P<new>new\s+)?(?P<obj>[\w-]+(?:\s+[\w-]+)??)\s+"
    r"(?:still\s+|really\s+)?(?:look|looks|feel|feels|are|is)\s+(?:\w+\s+)?"
    r"(?:amazing|great|perfect|fantastic|beautiful|incredible|so\s+good|natural|stunning))"
)
_SOBER = regex.compile(
    r"(?i:\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:days|weeks|months|years)\s+(?:sober|clean)\b)"
)


_PROVIDER = regex.compile(
    r"(?i:(?:\w+\s+)?(?:doctor|dr|physician|provider|surgeon|dentist|pharmacist|therapist|"
    r"counselor|counsellor|pediatrician|ob|midwife|nurse|clinician|care\s+team|specialist))\b"
)


def reply_care_signals(text: str) -> list[Signal]:
    """Signals, in a reply, that the reviewer or their relative was cared for here."""
    p = _p()
    spans = sentences(text)
    out: list[Signal] = []
    for s0, s1 in spans:
        sent = text[s0:s1]
        advice = bool(_ADVICE.search(sent)) or bool(_IMPERATIVE.match(sent))
        team = bool(p["care_team"].search(sent)) or bool(
            regex.search(r"\b(?:Dr|Doctor|Nurse)\.?\s+\p{Lu}", sent)
        )

        def add(a: int, b: int, kind: str, s0: int = s0, s1: int = s1) -> None:
            out.append(Signal(s0 + a, s0 + b, kind, (s0, s1)))

        # "your" + an object of the reviewer's own care
        for m in _YOUR_NOUN.finditer(sent):
            ref = _REFERRAL_BEFORE.search(sent[: m.start()])
            if ref and (
                not ref.group(0).lower().startswith("see") or _PROVIDER.match(sent, m.end())
            ):
                continue
            obj = p["care_objects"].match(sent, m.end())
            if obj and not advice:
                add(m.start(), obj.end(), "your-care-object")
                continue
            obj = p["team_linked_objects"].match(sent, m.end())
            if obj and team and not advice:
                add(m.start(), obj.end(), "your-care-with-team")
        # congratulation on a care milestone
        for m in _CONGRATS.finditer(sent):
            ms = p["milestones"].match(sent, m.end())
            if ms:
                add(m.start(), ms.end(), "congratulations-on-care")
            elif any(p["care_team"].search(text, a, b) for a, b in spans):
                fam = p["family_milestones"].match(sent, m.end())
                if fam:
                    add(m.start(), fam.end(), "congratulations-on-care")
        # glad/hope + you/body part + progress
        for m in _GLAD.finditer(sent):
            tail_end = min(len(sent), m.end() + 60)
            you = _YOU_PROGRESS.match(sent, m.end())
            if you:
                pr = p["progress"].match(sent, you.end())
                if pr:
                    add(m.start(), pr.end(), "glad-about-your-recovery")
                    continue
            dem = _DEM_BODY.match(sent, m.end())
            if dem:
                body = p["care_objects"].match(sent, dem.end())
                if body is None and not m.group(0).lower().startswith("hop"):
                    body = p["body_parts"].match(sent, dem.end())
                if body:
                    pr = p["progress"].search(sent, body.end(), tail_end)
                    if pr:
                        add(m.start(), pr.end(), "glad-about-your-recovery")
        if not advice:
            for m in _YOU_PROGRESS.finditer(sent):
                pr = p["progress"].match(sent, m.end())
                if pr and not regex.match(r"(?i:\s*(?:\w+\s+)?(?:to|from)\s)", sent[m.start() :]):
                    add(m.start(), pr.end(), "you-are-recovering")
        for m in _CLINICIAN_YOU.finditer(sent):
            add(m.start(), m.end(), "clinician-cared-for-you")
        for m in _RETURN.finditer(sent):
            add(m.start(), m.end(), "confirms-past-visit")
        for m in _SPANISH.finditer(sent):
            add(m.start(), m.end(), "confirms-visit-es")
        if not advice:
            for m in _LOOKS_GREAT.finditer(sent):
                noun = m.group("obj")
                if p["care_objects"].fullmatch(noun) or (
                    m.group("new") and p["team_linked_objects"].fullmatch(noun)
                ):
                    add(m.start(), m.end(), "comments-on-your-result")
        for m in _SOBER.finditer(sent):
            add(m.start(), m.end(), "congratulations-on-care")
        for m in _DOSE.finditer(sent):
            add(m.start(), m.end(), "treatment-dose")
        # "Give that baby a squeeze from all of us in the embryology lab"
        if team:
            baby = _THAT_BABY.search(sent)
            if baby:
                add(baby.start(), baby.end(), "your-care-with-team")
        if not advice:
            for m in _YOUR_READY.finditer(sent):
                add(m.start(), m.end(), "your-order-status")
    return _unique(out)


# ----------------------------------------------------------------------------- described patient
_CAP = r"\p{Lu}[\p{Ll}'’-]+"
_PLACE = rf"(?:{_CAP}(?:\s+(?:{_CAP}|\d+))*|a\s+small\s+[\w-]+\s+(?:\w+\s+)?(?:town|community|village)(?:\s+[\w\s]{{0,25}}?of\s+town)?)"
_GIVEN = regex.compile(rf"(?<![\w@#.-])({_CAP})(?![\w@-])")
_AGE_AFTER = regex.compile(r"\s*(?:,\s*|\(\s*)(?i:age[d]?\s+)?\d{1,2}\b\s*\)?(?:\s*,)?")
_FROM_PLACE = regex.compile(rf"\s+(?:from|of|in|at)\s+(?:our\s+|the\s+)?({_PLACE})")
_FROM_SLOT = regex.compile(
    r"\s+(?:from|in)\s+(?:the|our)\s+(?:[\w:-]+\s+){0,3}(?i:slot|class|group|session|cohort)\b"
)
_WHO_CARE = regex.compile(
    r"\s+(?:\([^)]{0,20}\)\s*)?(?:,\s*)?who\s+(?:just\s+)?(?:came\s+in|walked\s+in|was\s+admitted|"
    r"had\s+(?:her|his|their)|got\s+(?:her|his|their)|finished|started|underwent|was\s+treated)"
)
_TITLE_NAME = regex.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Coach|Officer|Deputy|Mayor|Senator|Sen|Rep|Governor|Gov|Judge|"
    r"Pastor|Sheriff|Captain|Capt|Chief|Grandma|Grandpa|Councilman|Councilwoman)\.?\s+"
    r"(?:\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+)?|\p{Lu}\b\.?)"
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
    rf"(?i:\b(?:the|a|an|our|one)\s+(?:[\w-]+\s+){{0,2}}?)"
    rf"(?:{_CAP}(?:\s+{_CAP})*\s+)?"
    r"(?P<role>[\w-]+)"
    rf"\s+(?i:from|of|at|in)\s+(?:(?i:our|the)\s+)?(?P<place>{_PLACE})"
)
_PRE_ROLE_PLACE = regex.compile(rf"(?i:\bthe\s+)({_CAP}(?:\s+{_CAP})*)\s+(?P<role>[\w-]+)\b")
_AGE_PHRASE = regex.compile(
    r"(?i:\b(?:a|an|the|our)\s+\d{1,3}-year-old(?:\s+(?!(?:from|of|in|at|who|with|on)\b)[\w-]+)?\b)"
)
_OUR_MEMBER = regex.compile(r"(?i:\bone\s+of\s+our\s+(?:members|patients|clients|kids|students)\b)")
_ROLE_BODY = regex.compile(
    r"(?i:\bthe\s+(?P<role>[\w-]+)['’]s\s+(?P<body>[\w-]+(?:\s+[\w-]+)?)\s+(?:is|was|are|were)\s+"
    r"(?:\w+\s+){0,2}?(?:healing|healed|recovering|better|mending|cooperating|fine|okay|ok))"
)
_ORG_PLACE = regex.compile(
    r"\b(?:Hospital|Health|Healthcare|Clinic|Center|Centre|Pharmacy|University|College|"
    r"Foundation|Association|Society|Academy of|Department|Dept|Institute|Medical|Associates|"
    r"Group|Inc|LLC|Bank|Company|Council|Network|Alliance|Coalition|Church|Library|Chamber|"
    r"Rotary|Club|Lions|Kiwanis|Cafe|Café|Restaurant|Store|Shop|Lab|Labs|Market|Team)\b"
)
_CITATION = regex.compile(
    r"(?i:\bet al\b|\bstudy\b|\bjournal\b|\btrial\b|\bpublished\b|\bphoto by\b|"
    r"\bcourtesy of\b|\bcredit\b|\(\w*\s*\d{4}\)|\bdoi\b|\bpmid\b)"
)
_RECORD_CONTEXT = regex.compile(
    r"(?i:\b\d{1,2}:\d{2}\b|\bfor\s+\p{Lu}\.|\b(?:schedule|whiteboard|board|chart|census|"
    r"screenshot|list|room|bed|pt|patient)\b)"
)
_PERSONAL = regex.compile(r"(?i:\b(?:her|his|their|she|he|who)\b)")
_HANDLE_CREDIT = regex.compile(
    r"(?i:\b(?:via|partner\w*|sponsor\w*|collab\w*|with our friends at)\b)"
)
_DONOR = regex.compile(
    r"(?i:\b(?:donat\w*|gift|fund\w*|sponsor\w*|foundation|endow\w*|generous|generosity|"
    r"named|dedicat\w*|scholarship)\b)"
)
_EVENT = regex.compile(
    r"(?i:\b(?:ribbon|ceremony|tour\w*|workshop|talk|class|seminar|webinar|fair|fundraiser|gala|"
    r"event|signing|speech|keynote|panel|visit(?:ed|ing)? our)\b)"
)
_ONLY_ONE = regex.compile(
    rf"(?i:\bthe\s+only\s+)(?P<who>(?:[\w-]+\s+){{1,3}}?)(?i:in|from|at|on)\s+(?:(?i:the)\s+)?{_PLACE}"
)
_PERSON_WORDS = frozenset(
    [
        "man",
        "woman",
        "person",
        "guy",
        "girl",
        "boy",
        "kid",
        "female",
        "male",
        "lady",
        "gentleman",
        "player",
        "mother",
        "father",
    ]
)
_BED = regex.compile(r"(?i:\b(?:room|bed|bay)\s+\d{1,4}[A-Z]?\b)")
_TEAM_WORDS = frozenset({"team", "our team", "staff"})
_STAFF_TITLE_BEFORE = regex.compile(r"(?:\b(?:Dr|Doctor|Nurse|Prof)\.?\s+)$")


def _is_given(word: str, names: Collection[str]) -> bool:
    return word.lower() in names


def described_patient_signals(
    text: str, names: Collection[str], staff: Collection[str] = ()
) -> list[Signal]:
    """Person descriptors co-occurring with care language in the same sentence."""
    p = _p()
    if p["hypothetical"].search(text):
        return []
    staff_tokens = {t.lower() for s in staff for t in s.split()}
    spans = sentences(text)
    out: list[Signal] = []
    has_care = [
        bool(p["care_terms"].search(text, a, b) or p["status"].search(text, a, b)) for a, b in spans
    ]
    for i, (s0, s1) in enumerate(spans):
        sent = text[s0:s1]
        near_care = any(has_care[max(0, i - 1) : i + 2])
        if not near_care:
            continue
        care = has_care[i]
        public = bool(p["public_news"].search(sent))
        staff_hits = [m.group(0).lower() for m in p["staff_cues"].finditer(sent)]
        staffy = bool(staff_hits)
        # "our PICU team cared for a 4-year-old from ...": a team caring is not a staff story
        staff_person = any(h not in _TEAM_WORDS for h in staff_hits)

        def add(a: int, b: int, kind: str, s0: int = s0, s1: int = s1) -> None:
            out.append(Signal(s0 + a, s0 + b, kind, (s0, s1)))

        donor = bool(_DONOR.search(sent))
        # given name + a second identifying or care detail
        if not staffy and not donor:
            for m in _GIVEN.finditer(sent):
                word = m.group(1)
                if not _is_given(word, names) or word.lower() in staff_tokens:
                    continue
                if _STAFF_TITLE_BEFORE.search(sent[: m.start()]):
                    continue
                after = m.end()
                place = _FROM_PLACE.match(sent, after) if not public else None
                if place and _ORG_PLACE.search(place.group(1)):
                    place = None
                strong = _AGE_AFTER.match(sent, after) or place
                weak = _FROM_SLOT.match(sent, after) or _WHO_CARE.match(sent, after)
                if strong:
                    add(m.start(), strong.end(), "given-name-with-detail")
                elif weak and care:
                    add(m.start(), weak.end(), "given-name-with-detail")
        # courtesy / public title + surname or initial, with a status phrase
        if not public and not _EVENT.search(sent):
            for m in _TITLE_NAME.finditer(sent):
                st = p["status"].search(sent, m.end())
                if st:
                    add(m.start(), st.end(), "titled-person-in-care")
        if not care:
            for m in _ROLE_PLACE.finditer(sent):
                if (
                    p["person_roles"].fullmatch(m.group("role"))
                    and not public
                    and not staff_person
                    and not _ORG_PLACE.search(m.group("place"))
                ):
                    add(m.start(), m.end(), "role-with-place")
            continue
        for m in _ROLE_BODY.finditer(sent):
            if p["person_roles"].fullmatch(m.group("role")) and p["body_parts"].fullmatch(
                m.group("body")
            ):
                add(m.start(), m.end(), "role-body-progress")
        cited = bool(_CITATION.search(sent))
        for m in _INITIAL_SURNAME.finditer(sent):
            if _STAFF_TITLE_BEFORE.search(sent[: m.start()]) or cited or staff_person:
                continue
            if _RECORD_CONTEXT.search(sent):
                add(m.start(), m.end(), "initial-and-surname")
        for m in _HANDLE.finditer(sent):
            if m.group(0).startswith("@") and (
                cited or staff_person or not _PERSONAL.search(sent) or _HANDLE_CREDIT.search(sent)
            ):
                continue
            add(m.start(), m.end(), "handle-or-user-number")
        if not _DONOR.search(sent):
            for m in _FAMILY.finditer(sent):
                add(m.start(), m.end(), "family-name")
        for m in _ROOM.finditer(sent):
            add(m.start(), m.end(), "room-number-person")
        bed = _BED.search(sent)
        if bed and not staff_person:
            for m in _TITLE_NAME.finditer(sent):
                add(m.start(), max(m.end(), bed.end()), "room-number-person")
        if public or staff_person or donor:
            continue
        # role / occupation tied to a place or school: "the retired firefighter from Station 12"
        for m in _ROLE_PLACE.finditer(sent):
            role = m.group("role")
            if not p["person_roles"].fullmatch(role) or _ORG_PLACE.search(m.group("place")):
                continue
            add(m.start(), m.end(), "role-with-place")
        for m in _PRE_ROLE_PLACE.finditer(sent):
            if p["person_roles"].fullmatch(m.group("role")):
                add(m.start(), m.end(), "role-with-place")
        for m in _ONLY_ONE.finditer(sent):
            words = m.group("who").split()
            if any(p["person_roles"].fullmatch(w) or w.lower() in _PERSON_WORDS for w in words):
                add(m.start(), m.end(), "unique-description")
        # "a 4-year-old from a small farming community"
        for m in _AGE_PHRASE.finditer(sent):
            pl = _FROM_PLACE.match(sent, m.end())
            if pl:
                add(m.start(), pl.end(), "age-with-place")
        # "One of our members, a junior at <School> ..."
        for m in _OUR_MEMBER.finditer(sent):
            rp = _ROLE_PLACE.search(sent, m.end())
            if rp and rp.group("place") and p["person_roles"].fullmatch(rp.group("role")):
                add(m.start(), rp.end(), "role-with-place")
    return _unique(out)


def _unique(signals: list[Signal]) -> list[Signal]:
    seen: set[tuple[int, int]] = set()
    out: list[Signal] = []
    for s in sorted(signals, key=lambda s: (s.start, -s.end)):
        if any(a <= s.start and s.end <= b for a, b in seen):
            continue
        seen.add((s.start, s.end))
        out.append(s)
    return out
