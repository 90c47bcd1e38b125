"""Who a text is about, and whether publishing it would disclose a patient's health information.

One analysis per checked text, shared by every privacy and consent rule through
``ctx.memo("privacy.analysis", ...)``. The spaCy parse (``ctx.doc``) is used only when the text
has both health vocabulary and a capitalized word the patterns cannot explain, because the
parse is the most expensive step and most texts do not need it.

The decision follows the shape of a leak (reference/privacy.md §2): an identifiable person
(name, initials, handle, or a description unique enough: room number, age over 89, small place,
age + occupation + place + date...) **plus** that person's status as a patient or their health
information. Names are classified as staff, organization, public figure or hypothetical before
they can count as a patient. Replies get the reply guard: any confirmation that the reviewer is
or was a patient, or any detail of their care, is a leak even if they said it first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..errors import DataFileError
from ..policy import Policy
from ..sentences import sentence_index, split_sentences
from .identifiers import RECORD_KINDS, Identifier, find_identifiers
from .lexicon import Lexicon, load_lexicon

__all__ = ["Leak", "Mention", "PrivacyAnalysis", "analyze", "analyze_text"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A person (or a detail that points to one) and who we decided it is."""

    start: int
    end: int
    text: str
    kind: str  # name | handle | initials | role | descriptor | reviewer
    role: str  # patient | unknown | staff | org | public | hypothetical | reviewer
    reason: str


@dataclass(frozen=True, slots=True)
class Leak:
    """One disclosure: a subject, the identifying details and the health/care details."""

    start: int
    end: int
    subject: str
    identifier_kinds: tuple[str, ...]
    signals: tuple[str, ...]
    confidence: float
    names: tuple[str, ...] = ()
    reply: bool = False

    def explanation(self) -> str:
        return " + ".join(self.signals)


@dataclass(frozen=True, slots=True)
class Considered:
    """An identifier or person mention that was looked at and judged not patient-linked."""

    start: int
    end: int
    text: str
    kind: str
    reason: str


@dataclass(frozen=True)
class PrivacyAnalysis:
    leaks: tuple[Leak, ...]
    considered: tuple[Considered, ...]
    record_identifiers: tuple[Identifier, ...]
    mentions: tuple[Mention, ...]
    story: bool
    parsed: bool
    hypothetical: bool = False
    data: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- patterns
_CAP_WORD = regex.compile(r"(?<![\w@#'’-])(\p{Lu}[\p{Ll}'’-]+|\p{Lu}{2,})(?![\w@-])")
_TITLED = regex.compile(
    r"\b(Mr|Mrs|Ms|Miss|Mx|Mister|Grandma|Grandpa|Aunt|Uncle|Mayor|Senator|Governor|Judge|Capt|"
    r"Captain|Chief|Coach|Dr|Doctor|Nurse|Prof|Professor|Officer|Sheriff|Pastor|Father|Sister|"
    r"Rev)\.?\s+((?:\p{Lu}[\p{Ll}'’-]+\s?){1,3})"
)
_STAFF_TITLE_WORDS = frozenset({"coach", "dr", "doctor", "nurse", "prof", "professor"})
_PUBLIC_TITLE_WORDS = frozenset({"mayor", "senator", "governor", "judge", "sheriff"})
_INITIALS = regex.compile(r"(?<![\w.])(\p{Lu}\.\s?\p{Lu}\.(?:\s?\p{Lu}\.)?)(?!\w)")
_NAME_INITIAL = regex.compile(
    r"(?<![\w.])(\p{Lu}\p{Ll}{1,15}\s\p{Lu}\.)(?![\w.])(?!\s\p{Lu}\p{Ll})"
)
_HANDLE = regex.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_QUOTED_NAME = regex.compile(r"[‘'\"“](\p{Lu}\p{Ll}{1,15}(?:\s\p{Lu}\.?\p{Ll}*)?)[,.]?[’'\"”]")
_POSSESSIVE_NAME = regex.compile(r"(?<![\w@#])(\p{Lu}\p{Ll}{1,15})['’]s\b")
_VOCATIVE = regex.compile(
    r"(?i:\b(?:hi|hey|hello|dear|congrats|congratulations|thank you|thanks|way to go|welcome back|"
    r"happy birthday|love this|so proud of you|proud of you|feel better|heal up|get well soon|go|"
    r"cheers|bravo|kudos|shoutout to|shout-out to|props to|yay|we remember|sending (?:\w+ ){0,3}love|"
    r"this means so much|you're welcome|you are welcome|sorry for the delay|"
    r"thanks for the feedback|meet))[,!]?\s+(\p{Lu}[\p{Ll}'’-]+|\p{Lu}{2,})"
    r"(?=\s*[,.!?:;💙❤️🎉]|\s*$|\s+for\b)"
)
_VOCATIVE_END = regex.compile(r",\s+(\p{Lu}\p{Ll}+|\p{Lu}{3,})\s*(?:[!.?]+|$|(?=\s\p{So}))")
_VOCATIVE_START = regex.compile(r"^(\p{Lu}\p{Ll}+),\s+(?=\p{Ll})")
_FIRST_PERSON = regex.compile(r"\b(?:I|I'm|I've|I'd|my|me|mine)\b")
_THIRD_PERSON = regex.compile(r"\b(?:he|she|his|her|hers|him|they|their|them)\b", regex.I)
_POSSESSIVE_PRON = regex.compile(r"\b(?:his|her|their|su|sus)\b", regex.I)
_SECOND_PERSON = regex.compile(r"\b(?:you|your|you're|you've|yours)\b", regex.I)
_QUOTE = regex.compile(r"[“\"]([^”\"]{8,})[”\"]")
_GENERIC_DET = regex.compile(
    r"\b(?:every|any|all|most|many|some|no|each|those|these|other|typical|average)\s+(?:\w+\s+){0,2}$",
    regex.I,
)
_PLURAL_PATIENT = regex.compile(
    r"\b(?:patients|clients|residents|customers|members|users|people)\b", regex.I
)
_SCHOOL_OR_PLACE = regex.compile(
    r"\b(?:from|at|in|of|near)\s+(?:our\s+)?(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’.-]+){0,3})"
)
_SCHOOL = regex.compile(
    r"\b\p{Lu}\w+(?:\s\p{Lu}\w+)?\s(?:High|Elementary|Middle|Academy|HS|University|College|"
    r"School|Fire Dept\.?|Fire Department|Police|Marathon|Half Marathon|Mill|Sawmill)\b"
)
_MODAL = regex.compile(
    r"\b(?:if|whether|will|won't|can|can't|could|may|might|should|would|must)\b|'ll\b|'d\b", regex.I
)
_PROMISE = regex.compile(
    r"\b(?:guarantee\w*|permanent(?:ly)?|forever|for good|money back|100 ?%|every (?:patient|client|time))",
    regex.I,
)
_BOOKING = regex.compile(
    r"\b(?:schedule|book|make|request|confirm|start|plan|set up|reschedule)\s+(?:\w+\s+){0,2}your\b",
    regex.I,
)
_IMPERATIVE_ADVICE = regex.compile(
    r"^\W*(?:try|ice|keep|take|apply|use|avoid|rinse|stretch|drink|eat|sleep|rest|start|stop|skip|"
    r"add|ease|wear|put|get|check|talk|ask|give|make|remember|don't|do not|never|always)\b",
    regex.I,
)
_YOUR = regex.compile(r"\b(?:your|tu|su|sus|tus)\b", regex.I)
_RELATIVE = regex.compile(
    r"\byour\s+(?:\w+\s+)?(father|mother|mom|mum|dad|son|daughter|husband|wife|child|kid|kids|"
    r"children|baby|newborn|infant|toddler|grandma|grandpa|grandmother|grandfather|partner|brother|"
    r"sister|little one|"
    r"boy|girl|twins)\b",
    regex.I,
)
_CARE_BY_US = regex.compile(
    r"\b(?:we|we've|we'd|i|i've|our\s+\w+(?:\s\w+)?|dr\.?\s+\p{Lu}\w+|doctor\s+\p{Lu}\w+|nurse\s+\p{Lu}\w+|"
    r"coach\s+\p{Lu}\w+|he|she|they)\s+(?:\w+\s+){0,2}?"
    r"(?:diagnosed|treated|performed|repaired|removed|reattached|prescribed|admitted|discharged|"
    r"examined|reviewed|placed|injected|started|upped|transferred|cared for|fixed|filled|cleaned|"
    r"extracted|stitched|vaccinated|scanned|tested|used|gave|saw|shared|did|loved doing|"
    r"loved working on|explained)\s+(?:\w+\s+){0,4}?(?:you|your|him|her)\b",
    regex.I,
)
_SETTING = regex.compile(
    r"(?i:ICU|NICU|ER|emergency room|emergency department|urgent care|unit|burn unit|cath lab|"
    r"step-down|oncology|hospice|L&D|labor and delivery|ambulance|ambulance bay|ward|floor|"
    r"pediatric ward|oncology unit)"
)
_WITH_CLINICIAN = regex.compile(
    r"\b(?:you|you've|you'd|you're)\b(?:\s+[\w'’-]+){0,6}?\s+(?:with|by|from|at)\s+"
    r"(?:Dr\.?|Doctor|Nurse|our\s+(?:doctors?|dentists?|hygienists?|nurses?|therapists?|surgeons?|"
    r"injectors?|providers?|physicians?|pharmacists?|PTs?|clinicians?|care team|office|clinic))\b"
)
_SHARE_WITH = regex.compile(
    r"\b(?:share|shared|pass|passed|forward|forwarded|send|sent|let)\b[^.!?]{0,40}\b(?:with|to|along|know)\b",
    regex.I,
)
_ROLE_COMPOUND = regex.compile(
    r"\s+(?:advocate|experience|portal|coordinator|care|services|relations|navigator|liaison|"
    r"safety|satisfaction|education|educator|access|intake|line|registration)\b",
    regex.I,
)
_FIRST_PERSON_CARE = regex.compile(
    r"\b(?:I|we)\s+(?:\w+\s+){0,2}?(?:saw|treated|admitted|diagnosed|cared for|delivered|"
    r"operated on|intubated|stitched|examined|had)\b",
    regex.I,
)
_ROLE_THEN_NAME = regex.compile(
    r"\b(?i:my|our|the|your)\s+(?:\w+\s+){0,2}?([\w-]+)\s+(\p{Lu}\p{Ll}+)\b"
)
_NAME_IS_ROLE = regex.compile(
    r"\b(\p{Lu}\p{Ll}+)\s+(?i:is|was)\s+(?i:the|a|an|my|our)\s+((?:[\w-]+\s*){1,4})"
)
_GENERIC_STATEMENT = regex.compile(
    r"\b(?:is normal|are normal|normal for|usually|typically|generally|often|it's common|"
    r"it is common|common for|most people|many people|tends? to|we recommend|recommended|"
    r"every appointment|every visit|any appointment)\b",
    regex.I,
)
_ROLE_EXAMPLE = regex.compile(
    r"\b(?:patients?|clients?|residents?)\s+(?:like|such as|including)\s*$", regex.I
)
_NEW_PATIENT = regex.compile(
    r"\bnew (?:patient|client)s?\b|\bwelcom\w* (?:new )?(?:patients|clients)\b", regex.I
)
_YOU_PAST = regex.compile(
    r"\byou\s+(?:were|was|did|had|went|got|came|felt|looked|handled|did so|made it)\b", regex.I
)
_WAIT_WHEN = regex.compile(
    r"\b(?:the|your)\s+(?:long\s+)?wait\b[^.!?]{0,25}?\b(?:yesterday|today|this morning|tonight|"
    r"last (?:week|night|\w+day)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    regex.I,
)
_GLAD_CARE = regex.compile(
    r"\b(?:glad|happy|great|good|relieved|thrilled)\b(?:\s+to\s+hear)?(?:\s+that)?\s+(?:the|that|those|your)\b",
    regex.I,
)
_CARE_OUTCOME_VERB = regex.compile(
    r"\b(?:went|came|cleared|worked|healed|helped|is helping|are helping|looks?|looked|turned out|"
    r"was|were|is|are)\b",
    regex.I,
)
_SEE_YOU = regex.compile(
    r"\bsee you\s+(?:at your|at group|at the|next|on|in the|in|this|tomorrow|tonight|soon for|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|for)\b",
    regex.I,
)
_SEE_YOU_GENERIC = regex.compile(
    r"\b(?:hope|love|happy|glad|look(?:ing)? forward|can|could|would|we'd|welcome)\b[^.!?]{0,20}see you",
    regex.I,
)
_STATE_WORDS = regex.compile(
    r"\b(?:healing|healed|heals|strong|stronger|better|recovering|recovery|sore|swollen|looks great|"
    r"came loose|came back|going so well|went well|went smoothly|progress)\b",
    regex.I,
)
_REAL_CASE = regex.compile(
    r"(?<!not a )(?<!not )\b(?:real (?:case|patient|client|story)|true story|names? changed)\b",
    regex.I,
)
_STORY = regex.compile(
    r"\b(?:testimonial|story|stories|spotlight|journey|shares|sharing|in (?:her|his|their) own words|"
    r"review|meet|before(?:\s*(?:&|and|/|➡️|->|→)\s*)after|results)\b|[“\"][^”\"]{8,}[”\"]",
    regex.I,
)


# --------------------------------------------------------------------------- helpers
@functools.cache
def first_names() -> frozenset[str]:
    """The given-name list (``first_names.txt``), lower-cased."""
    path = Path(__file__).with_name("first_names.txt")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read the given-name list: {exc}", path=str(path)) from exc
    names: set[str] = set()
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if line.startswith("#"):
            continue
        for word in line.split():
            if not regex.fullmatch(r"\p{Lu}[\p{Ll}'’-]+", word):
                raise DataFileError(
                    f"not a capitalized name: {word!r}", path=str(path), line=lineno
                )
            names.add(word.lower())
    return frozenset(names)


_FAMILY_NAME = regex.compile(
    r"\b[Tt]he\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)\s+(?:family|twins|triplets|kids|boys|girls)\b"
)
_INITIAL_SURNAME = regex.compile(r"(?<![\w.])(\p{Lu}\.\s?\p{Lu}\p{Ll}{2,})(?!\w)")
_AFTER_ROLE = regex.compile(
    r"\b(?:patient|client|resident|customer)[,:]?\s+(\p{L}+)(?:\s+(\p{L}+))?", regex.I
)
_STOP_AFTER_NAME = frozenset(
    [
        "who",
        "which",
        "that",
        "is",
        "was",
        "has",
        "had",
        "and",
        "with",
        "at",
        "in",
        "on",
        "for",
        "from",
        "after",
        "before",
        "who's",
        "just",
    ]
)
_GAZ_NAME = regex.compile(
    r"(?<![\w@#'’-])(\p{Lu}[\p{Ll}'’-]+)((?:\s+\p{Lu}[\p{Ll}'’-]+){0,2})(?![\w@-])"
)


def _last_phrase(phrase: str) -> str:
    """'our ER team treated a teenager' -> 'a teenager' (the last determiner phrase)."""
    starts = [m.start() for m in _DETERMINER.finditer(phrase)]
    return phrase[starts[-1] :] if starts else phrase


_DETERMINER = regex.compile(r"\b(?:a|an|the|this|one|our|that)\s", regex.I)


def _fold(word: str) -> str:
    """Lower-case without accents ("María" -> "maria") for the given-name list."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _sentences(text: str) -> list[tuple[int, int]]:
    return split_sentences(text) or [(0, len(text))]


_sent_index = sentence_index


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    text: str
    key: str


def _hits(lex: Lexicon, key: str, text: str) -> list[_Hit]:
    return [_Hit(m.start(), m.end(), m.group(), key) for m in lex.pattern(key).finditer(text)]


def _in_spans(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _norm(name: str) -> str:
    return regex.sub(r"[^\p{L} ]", "", name).strip().lower()


def _name_tokens(name: str) -> list[str]:
    return [t for t in _norm(name).split() if t]


# --------------------------------------------------------------------------- analysis
class _Analyzer:
    def __init__(self, text: str, kind: str, policy: Policy, doc_fn: Callable[[], Any]) -> None:
        self.text = text
        self.kind = kind
        self.policy = policy
        self.doc_fn = doc_fn
        self.lex = load_lexicon()
        self.sents = _sentences(text)
        self.parsed = False
        lex = self.lex
        self.health = sorted(
            _hits(lex, "conditions", text) + _hits(lex, "care", text), key=lambda h: h.start
        )
        # being someone's patient is itself health information (reference/privacy.md §2)
        self.roles = [
            h
            for h in _hits(lex, "patient_roles", text)
            if not _GENERIC_DET.search(text[max(0, h.start - 30) : h.start])
            and not _ROLE_COMPOUND.match(text[h.end : h.end + 20])
        ]
        self.health = sorted(self.health + self.roles, key=lambda h: h.start)
        self._health_by_sent: dict[int, list[_Hit]] | None = None
        self.body = _hits(lex, "body_parts", text)
        self.outcomes = _hits(lex, "outcomes", text)
        self.idents = find_identifiers(text)
        self.hypothetical_hits = _hits(lex, "hypothetical", text)
        self.public_hits = _hits(lex, "public_news", text)
        self.staff_ctx = _hits(lex, "staff_context", text)
        self.privacy_sents = {
            _sent_index(self.sents, h.start) for h in _hits(lex, "privacy_frames", text)
        }
        self.org_tokens = self._org_tokens()
        self.staff_names = {t for n in policy.staff for t in _name_tokens(_strip_titles(n))}
        self.public_names = {t for n in policy.public_figures for t in _name_tokens(n)}
        self.comment_staff: set[str] = set()
        self.considered: list[Considered] = []
        self.mentions: list[Mention] = []

    # -- context ------------------------------------------------------------
    def _org_tokens(self) -> set[str]:
        org = self.policy.organization
        words: set[str] = set()
        for n in (org.name, *org.aliases):
            words.update(_name_tokens(n))
        for h in org.handles:
            words.add(h.lstrip("@").lower())
        return words

    def sent_text(self, i: int) -> str:
        s, e = self.sents[i]
        return self.text[s:e]

    def health_in(self, i: int) -> list[_Hit]:
        if self._health_by_sent is None:
            by: dict[int, list[_Hit]] = {}
            for h in self.health:
                by.setdefault(_sent_index(self.sents, h.start), []).append(h)
            self._health_by_sent = by
        return self._health_by_sent.get(i, [])

    @property
    def hypothetical(self) -> bool:
        return bool(self.hypothetical_hits) and not _REAL_CASE.search(self.text)

    # -- names --------------------------------------------------------------
    def _name_candidates(self) -> list[tuple[int, int, str, str, float]]:
        """(start, end, kind, signal, strength) of every name-like mention."""
        text = self.text
        out: list[tuple[int, int, str, str, float]] = []
        for m in _TITLED.finditer(text):
            end = m.start(2) + len(m.group(2).rstrip())
            out.append((m.start(), end, "name", f"title '{m.group(1)}'", 0.9))
        for m in _INITIALS.finditer(text):
            if m.group(1).replace(" ", "") in self.lex.exact("not_initials"):
                continue
            out.append((m.start(1), m.end(1), "initials", "initials", 0.7))
        for m in _NAME_INITIAL.finditer(text):
            if m.group(1).split()[0].lower() not in self.lex.words("common_capitalized"):
                out.append((m.start(1), m.end(1), "initials", "first name + initial", 0.8))
        for m in _FAMILY_NAME.finditer(text):
            out.append((m.start(1), m.end(1), "name", "family name", 0.8))
        for m in _INITIAL_SURNAME.finditer(text):
            if m.group(1).split(".")[-1].strip().lower() not in self.lex.words(
                "common_capitalized"
            ):
                out.append((m.start(1), m.end(1), "initials", "initial + surname", 0.8))
        for m in _HANDLE.finditer(text):
            out.append((m.start(), m.end(), "handle", "social handle", 0.9))
        for m in _QUOTED_NAME.finditer(text):
            if m.group(1).split()[0].lower() not in self.lex.words("common_capitalized"):
                out.append((m.start(1), m.end(1), "name", "quoted name", 0.8))
        for m in _POSSESSIVE_NAME.finditer(text):
            # only given names: "Kardiva's band" is a brand (the parse decides unknown words)
            if _fold(m.group(1)) not in first_names():
                continue
            out.append((m.start(1), m.end(1), "name", "possessive name", 0.7))
        for pattern, signal in (
            (_VOCATIVE, "name addressed directly"),
            (_VOCATIVE_END, "name addressed directly"),
            (_VOCATIVE_START, "name addressed directly"),
        ):
            for m in pattern.finditer(text):
                word = m.group(1)
                if word.lower() in self.lex.words("common_capitalized") or self._is_lexicon_word(
                    word
                ):
                    continue
                # "Generally, ..." / "..., Honestly." are adverbs; a bare "Name," needs a given name
                if word.lower().endswith("ly") and _fold(word) not in first_names():
                    continue
                if pattern is _VOCATIVE_START and _fold(word) not in first_names():
                    continue
                out.append((m.start(1), m.end(1), "name", signal, 0.85))
        names = first_names()
        for m in _AFTER_ROLE.finditer(text):
            if m.group(1).lower() in names:
                end = (
                    m.end(2)
                    if m.group(2) and m.group(2).lower() not in _STOP_AFTER_NAME
                    else m.end(1)
                )
                out.append((m.start(1), end, "name", "name after a patient-role word", 0.85))
        sent_starts = {s for s, _e in self.sents}
        for m in _GAZ_NAME.finditer(text):
            word = m.group(1)
            if _fold(word) not in names:
                continue
            if word.lower() in self.lex.words("ambiguous_names") and (
                m.start() in sent_starts
                or (not m.group(2) and not regex.match(r"\s*[,!?]", text[m.end() :]))
            ):
                continue
            tail = m.group(2).split()
            keep = []
            for t in tail:
                if (
                    t.lower() in self.lex.words("common_capitalized")
                    or self._is_lexicon_word(t)
                    or t.lower() in self.org_tokens
                ):
                    break
                keep.append(t)
            end = m.start(1) + len(word)
            if keep:
                end = text.index(keep[-1], end) + len(keep[-1])
            out.append((m.start(1), end, "name", "given name", 0.75))
        return out

    def _ner_candidates(self) -> list[tuple[int, int, str, str, float]]:
        """PERSON entities from the spaCy parse, filtered to name-like spans."""
        text = self.text
        out: list[tuple[int, int, str, str, float]] = []
        doc = self.doc_fn()
        self.parsed = True
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = ent.start_char, ent.end_char
            name = text[start:end]
            name = regex.sub(r"['’]s?$", "", name).strip()
            end = start + len(name)
            words = [w for w in regex.findall(r"[\p{L}'’-]+", name)]
            if not words or not all(w[0].isupper() for w in words):
                continue
            if all(
                w.lower() in self.lex.words("common_capitalized") or self._is_lexicon_word(w)
                for w in words
            ):
                continue
            # drop leading non-name words the model swallowed ("👋 See Riley")
            while words and (
                words[0].lower() in self.lex.words("common_capitalized")
                or self._is_lexicon_word(words[0])
            ):
                cut = name.find(words[0]) + len(words[0])
                start += cut
                name = name[cut:]
                words = words[1:]
            skip = len(name) - len(name.lstrip(" \t\n,.!?:;-"))
            start += skip
            if words and start < end:
                out.append((start, end, "name", "spaCy PERSON", 0.75))
        return out

    def _is_lexicon_word(self, word: str) -> bool:
        lex = self.lex
        return any(
            lex.pattern(k).fullmatch(word)
            for k in ("conditions", "care", "staff_titles", "body_parts", "hypothetical")
        )

    def _needs_parse(self) -> bool:
        """Whether a capitalized word the patterns cannot explain sits next to health words
        (only then can the parse's PERSON entities change the decision)."""
        if (not self.health and not self.outcomes) or self.hypothetical:
            return False
        health_sents = {_sent_index(self.sents, h.start) for h in self.health}
        near = {j for i in health_sents for j in (i - 1, i, i + 1)}
        for i, (s, e) in enumerate(self.sents):
            if i not in near:
                continue
            chunk = self.text[s:e]
            for m in _CAP_WORD.finditer(chunk):
                word = m.group(1)
                if m.start() == 0 or chunk[: m.start()].strip() == "":
                    continue
                if word.isupper() and len(word) <= 5:
                    continue
                if (
                    word.lower() in self.lex.words("common_capitalized")
                    or word.lower() in self.org_tokens
                ):
                    continue
                if (
                    _fold(word) in first_names()
                    and word.lower() not in self.lex.words("ambiguous_names")
                ) or self._is_lexicon_word(word):
                    continue
                return True
        return False

    def _role_of(self, start: int, end: int, kind: str, signal: str) -> tuple[str, str]:
        text = self.text
        name = text[start:end]
        tokens = _name_tokens(name)
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        si = _sent_index(self.sents, start)
        sent = self.sent_text(si)
        if kind == "handle" and name.lstrip("@").lower() in self.org_tokens:
            return "org", "organization's own handle"
        if tokens and kind != "handle" and all(t in self.org_tokens for t in tokens):
            return "org", "organization name"
        if tokens and (
            _norm(name) in {_norm(_strip_titles(n)) for n in self.policy.staff}
            or (tokens[0] in self.staff_names and len(tokens) <= 2)
        ):
            return "staff", "listed in policy staff"
        if tokens and _fold(tokens[0]) in self.comment_staff and len(tokens) <= 2:
            return "staff", "named as staff in the comment being answered"
        if tokens and any(t in self.public_names for t in tokens) and not self._org_care_link(si):
            return "public", "listed in policy public_figures"
        m = regex.search(r"\b(\p{L}+)\.?\s*$", before)
        if m and m.group(1).lower() == "coach" and self._own_care_in_sentence(si):
            return "unknown", "'Coach' with his/her care in the sentence (a sports coach)"
        if m and m.group(1).lower() in _STAFF_TITLE_WORDS:
            return "staff", f"after staff title '{m.group(1)}'"
        if signal.startswith("title"):
            word = signal.split("'")[1].lower().rstrip(".")
            if word == "coach" and self._own_care_in_sentence(si):
                return "unknown", "'Coach' with his/her care in the sentence (a sports coach)"
            if word in _STAFF_TITLE_WORDS:
                return "staff", f"staff title '{word}'"
            if word in _PUBLIC_TITLE_WORDS and not self._org_care_link(si):
                return "public", f"public title '{word}'"
        # appositive role: "our hygienist, Tasha" / "Tasha, our practice manager" / "X, RN"
        title_re = self.lex.pattern("staff_titles")
        appos_before = regex.search(
            r"\b(?i:our|my|your)\s+(?:[\w-]+\s+){0,3}?([\w-]+),?\s*$", before
        )
        patient_near = self._patient_role_near(start, end)
        if appos_before and title_re.fullmatch(appos_before.group(1)) and not patient_near:
            return "staff", f"appositive staff role '{appos_before.group(1)}'"
        cred = regex.match(r"^,?\s*(?:\(?)([A-Za-z-]{2,6})\b", after)
        if cred and cred.group(1).isupper() and title_re.fullmatch(cred.group(1)):
            return "staff", f"credential '{cred.group(1)}'"
        appos_after = regex.match(
            r"^,?\s*(?:is\s+|as\s+)?(?i:our|the|a|an)\s+((?:[\w-]+\s*){1,4})", after
        )
        if appos_after and not patient_near:
            for word in appos_after.group(1).split():
                if title_re.fullmatch(word):
                    return "staff", f"appositive staff role '{word}'"
        if tokens and tokens[0] in self._known_staff_first:
            return "staff", "same first name as a staff member named in the text"
        if self.staff_ctx and not self.health_in(si) and not self._patient_role_near(start, end):
            ctx_hit = self.staff_ctx[0].text
            return "staff", f"staff context '{ctx_hit}'"
        if (
            self.staff_ctx
            and any(self.sents[si][0] <= h.start < self.sents[si][1] for h in self.staff_ctx)
            and not self._patient_role_near(start, end)
        ):
            return "staff", "staff context in the sentence"
        if self.hypothetical:
            return "hypothetical", f"hypothetical marker '{self.hypothetical_hits[0].text}'"
        if self._public_context(si) and not self._org_care_link(si) and not patient_near:
            return "public", "public-news context without care by this organization"
        if kind == "reply" or signal == "name addressed directly":
            return "unknown", signal
        del sent
        return "unknown", signal

    _known_staff_first: set[str]

    def _own_care_in_sentence(self, si: int) -> bool:
        sent = self.sent_text(si)
        for pm in _POSSESSIVE_PRON.finditer(sent):
            if self.lex.pattern("care").search(sent[pm.end() : pm.end() + 40]) or self.lex.pattern(
                "conditions"
            ).search(sent[pm.end() : pm.end() + 40]):
                return True
        return False

    def _patient_role_near(self, start: int, end: int) -> bool:
        lo, hi = max(0, start - 40), end + 40
        if any(lo <= h.start < hi for h in self.roles):
            return True
        # "clients like K.T.", "patients such as ..."
        return bool(_ROLE_EXAMPLE.search(self.text[lo:start]))

    def _public_context(self, si: int) -> bool:
        s, e = self.sents[si]
        if any(s <= h.start < e for h in self.public_hits):
            return True
        # the public framing usually comes first; allow the previous sentence to carry it
        if si > 0:
            ps, pe = self.sents[si - 1]
            return any(ps <= h.start < pe for h in self.public_hits)
        return False

    def _org_care_link(self, si: int) -> bool:
        sent = self.sent_text(si)
        if regex.search(
            r"\b(?:here|at our|in our|with us|our (?:team|clinic|office|hospital|surgeons?|doctors?))\b",
            sent,
            regex.I,
        ):
            return bool(self.health_in(si))
        if regex.search(r"\b(?:we|our)\b", sent, regex.I) and self.lex.pattern("care_verbs").search(
            sent
        ):
            return True
        return bool(
            self.org_tokens
            and any(t in _name_tokens(sent) for t in self.org_tokens)
            and self.health_in(si)
        )

    # -- decisions ----------------------------------------------------------
    def run(self) -> PrivacyAnalysis:
        cands = self._name_candidates()
        leaks = self._decide(cands)
        if not leaks and self._needs_parse():
            # the patterns found no leak but cannot explain a capitalized word: ask the parse
            self.mentions, self.considered = [], []
            leaks = self._decide(cands + self._ner_candidates())
        records = tuple(i for i in self.idents if i.kind in RECORD_KINDS)
        self._consider_identifiers(leaks)
        for mention in self.mentions:
            if mention.role in ("staff", "org", "public", "hypothetical") or not any(
                lk.start <= mention.start < lk.end or mention.text in lk.names for lk in leaks
            ):
                self.considered.append(
                    Considered(
                        mention.start,
                        mention.end,
                        mention.text,
                        mention.kind,
                        f"{mention.role}: {mention.reason}",
                    )
                )
        story = bool(_STORY.search(self.text))
        seen: set[tuple[str, str, str]] = set()
        considered: list[Considered] = []
        for c in sorted(self.considered, key=lambda c: c.start):
            key = (c.kind, c.text.lower(), c.reason)
            if key not in seen:  # a repeated name or number is listed once
                seen.add(key)
                considered.append(c)
        return PrivacyAnalysis(
            leaks=tuple(leaks),
            considered=tuple(considered),
            record_identifiers=records,
            mentions=tuple(self.mentions),
            story=story,
            parsed=self.parsed,
            hypothetical=self.hypothetical,
        )

    def _decide(self, cands: list[tuple[int, int, str, str, float]]) -> list[Leak]:
        leaks: list[Leak] = []
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        merged: list[tuple[int, int, str, str, float]] = []
        for c in cands:
            if merged and c[0] < merged[-1][1]:
                prev = merged[-1]
                # keep the longer span, but remember the stronger signal
                if c[1] > prev[1]:
                    merged[-1] = (prev[0], c[1], prev[2], prev[3], max(prev[4], c[4]))
                continue
            merged.append(c)
        self._known_staff_first = set()
        # first pass: staff by title, so that a later bare first name resolves to staff
        for start, end, kind, signal, _s in merged:
            role, _why = self._role_of(start, end, kind, signal)
            if role == "staff":
                toks = _name_tokens(_strip_titles(self.text[start:end]))
                if toks:
                    self._known_staff_first.add(toks[0])
        for start, end, kind, signal, _strength in merged:
            role, why = self._role_of(start, end, kind, signal)
            self.mentions.append(Mention(start, end, self.text[start:end], kind, role, why))
        if self.kind == "reply":
            leaks.extend(self._reply_leaks())
        leaks.extend(self._named_leaks())
        leaks.extend(self._described_leaks(leaks))
        return _dedupe(leaks)

    # -- named patients -----------------------------------------------------
    def _linked_health(self, mention: Mention) -> list[_Hit]:
        """Health details about the person: same sentence, or later sentences that continue
        with a pronoun or the same name, or a first-person quote attributed in the text."""
        si = _sent_index(self.sents, mention.start)
        hits = [h for h in self.health_in(si) if not (mention.start <= h.start < mention.end)]
        hits = [h for h in hits if not self._inside_staff_phrase(h)]
        tokens = _name_tokens(mention.text)
        first = tokens[0] if tokens else ""
        for j in range(si + 1, min(len(self.sents), si + 3)):
            sent = self.sent_text(j)
            addressed = (
                mention.reason == "name addressed directly" or self._vocative_like(mention)
            ) and _SECOND_PERSON.search(sent)
            if _THIRD_PERSON.search(sent) or addressed or (first and first in _name_tokens(sent)):
                hits.extend(h for h in self.health_in(j) if not self._inside_staff_phrase(h))
            else:
                break
        if si > 0 and (_THIRD_PERSON.search(self.sent_text(si))):
            hits.extend(self.health_in(si - 1))
        for q in _QUOTE.finditer(self.text):
            if _FIRST_PERSON.search(q.group(1)) and not (q.start() <= mention.start < q.end()):
                hits.extend(h for h in self.health if q.start() <= h.start < q.end())
        return hits

    def _vocative_like(self, mention: Mention) -> bool:
        """'..., Mr. Henderson!' / 'Tom, ...': the name is spoken to, not about."""
        return bool(regex.match(r"\s*[!?]|,\s+\p{Ll}", self.text[mention.end : mention.end + 4]))

    def _inside_staff_phrase(self, hit: _Hit) -> bool:
        return any(
            m.role == "staff"
            and m.start <= hit.start < m.end + 30
            and hit.text.lower() in ("nurse",)
            for m in self.mentions
        )

    def _personal_link(self, mention: Mention, hits: list[_Hit]) -> str | None:
        si = _sent_index(self.sents, mention.start)
        sent = self.sent_text(si)
        window = self.text[mention.start : mention.end + 80]
        if self.lex.pattern("patient_roles").search(
            self.text[max(0, mention.start - 50) : mention.end + 50]
        ):
            return "patient-role word"
        if mention.reason != "spaCy PERSON" and regex.match(
            r"^['’]s\b", self.text[mention.end : mention.end + 3]
        ):
            return "possessive"
        if _POSSESSIVE_PRON.search(window):
            return "possessive pronoun"
        if self.lex.pattern("care_verbs").search(sent):
            return "care verb"
        if self.outcomes and any(
            self.sents[si][0] <= o.start < self.sents[si][1] for o in self.outcomes
        ):
            return "outcome"
        if self._org_care_link(si) and any(not _SETTING.fullmatch(h.text) for h in hits):
            # a named visitor "in our oncology unit" is not a patient: a care setting alone
            # does not tie the person to care
            return "care by this organization"
        if mention.reason == "name addressed directly" and hits:
            return "addressed by name"
        if self._vocative_like(mention) and any(
            _YOUR.search(self.text[max(0, h.start - 30) : h.start]) for h in hits
        ):
            return "addressed by name, with their care"
        for q in _QUOTE.finditer(self.text):
            if _FIRST_PERSON.search(q.group(1)) and any(
                q.start() <= h.start < q.end() for h in hits
            ):
                return "first-person quote attributed to the person"
        del sent
        return None

    def _named_leaks(self) -> list[Leak]:
        leaks: list[Leak] = []
        for mention in self.mentions:
            if mention.role not in ("unknown", "patient"):
                continue
            hits = self._linked_health(mention)
            if not hits:
                continue
            link = self._personal_link(mention, hits)
            if link is None and mention.kind == "name":
                continue
            kinds = [mention.kind if mention.kind != "role" else "unique"]
            si = _sent_index(self.sents, mention.start)
            s, e = self.sents[si]
            extra = [
                i
                for i in self.idents
                if s <= i.start < e and i.kind not in ("phone", "email", "url")
            ]
            kinds.extend(i.kind for i in extra)
            signals = [f"{_label(mention.kind)} '{mention.text}'"]
            signals.extend(f"{_label(i.kind)} '{i.text}'" for i in extra[:3])
            uniq_hits = _uniq(h.text for h in hits)
            signals.append("health/care " + ", ".join(f"'{t}'" for t in uniq_hits[:3]))
            if link:
                signals.append(link)
            start = min(mention.start, *(h.start for h in hits))
            end = max(mention.end, *(h.end for h in hits))
            conf = 0.9 if link else 0.7
            leaks.append(
                Leak(
                    start,
                    end,
                    mention.text,
                    tuple(_uniq(kinds)),
                    tuple(signals),
                    conf,
                    (mention.text,),
                )
            )
        return leaks

    # -- unnamed but identifiable patients ------------------------------------
    def _described_leaks(self, existing: list[Leak]) -> list[Leak]:
        if self.hypothetical:
            return []
        leaks: list[Leak] = []
        for si, (s, e) in enumerate(self.sents):
            sent = self.text[s:e]
            hits = self.health_in(si)
            carry = [
                h for j in (si - 1, si + 1) if 0 <= j < len(self.sents) for h in self.health_in(j)
            ]
            person = None
            for m in _derived(self.lex, "person").finditer(sent):
                if _GENERIC_DET.search(sent[: m.start()]):
                    continue
                if self.lex.pattern("staff_titles").fullmatch(m.group(1)) and regex.search(
                    r"\b(?:a|an|the|our)\s", sent[m.end() :]
                ):
                    continue  # "a nurse holding a newborn": the staff member is not the subject
                person = m
                break
            only: regex.Match[str] | _RoomMatch | None = regex.search(
                r"\bonly (?:one|\w+) (?:person|patient|child|family)\b", sent, regex.I
            )
            if person is None and only is None:
                # a room or bed number stands for its occupant ("Bed 12 - sepsis")
                only = next(
                    (
                        _RoomMatch(i.start - s, i.text)
                        for i in self.idents
                        if s <= i.start < e
                        and i.signal == "room/bed number"
                        and not _FACILITY_ROOM.search(self.text[max(0, i.start - 15) : i.end])
                    ),
                    None,
                )
                if only is None:
                    continue
                room_end = s + only.start() + len(only.group())
                hits = [h for h in hits if not (s + only.start() <= h.start < room_end)]
                if not hits:
                    continue
            if not hits and not (
                carry
                and _THIRD_PERSON.search(
                    sent + " ".join(self.sent_text(j) for j in (si + 1,) if j < len(self.sents))
                )
            ):
                continue
            qi_strong: list[str] = []
            qi: list[str] = []
            kinds: list[str] = []
            window_ids = [i for i in self.idents if s <= i.start < e]
            for ident in window_ids:
                if ident.kind in (
                    "age_over_89",
                    "unique",
                    "ssn",
                    "mrn",
                    "health_plan",
                    "account",
                    "device",
                    "vehicle",
                    "biometric",
                ):
                    if ident.kind == "unique" and ident.signal.startswith("jersey"):
                        qi.append(f"number '{ident.text}'")
                    else:
                        qi_strong.append(f"{_label(ident.kind)} '{ident.text}'")
                    kinds.append(ident.kind)
                elif ident.kind in ("age", "date", "geography", "zip"):
                    qi.append(f"{_label(ident.kind)} '{ident.text}'")
                    kinds.append(ident.kind)
                elif ident.kind == "photo" and (person is not None):
                    # a photo or video of the person shows their face (Safe Harbor Q)
                    qi_strong.append(f"photo/video of the person '{ident.text}'")
                    kinds.append("photo")
            if only:
                qi_strong.append(f"uniqueness '{only.group()}'")
                kinds.append("unique")
            occ = self.lex.pattern("occupations").search(sent)
            if occ:
                qi.append(f"occupation '{occ.group()}'")
                kinds.append("unique")
            school = _SCHOOL.search(sent)
            place = None
            for pm in _SCHOOL_OR_PLACE.finditer(sent):
                word = pm.group(1).split()[0]
                if (
                    word.lower() in self.lex.words("common_capitalized")
                    and len(pm.group(1).split()) == 1
                ):
                    continue
                if self._is_lexicon_word(word):
                    continue
                place = pm
                break
            if school:
                qi.append(f"school/workplace '{school.group()}'")
                kinds.append("geography")
            elif place:
                qi.append(f"place '{place.group(1)}'")
                kinds.append("geography")
            if self._org_care_link(si) or _FIRST_PERSON_CARE.search(sent):
                # being treated here is itself a detail ("our ER treated a toddler ...")
                qi.append("care by this organization")
                kinds.append("unique")
            # a date in the neighbouring sentence still dates the event
            if not any(k == "date" for k in kinds):
                for j in (si - 1,):
                    if j >= 0:
                        ps, pe = self.sents[j]
                        d = [i for i in self.idents if ps <= i.start < pe and i.kind == "date"]
                        if d and (hits or carry):
                            qi.append(f"date '{d[0].text}'")
                            kinds.append("date")
            if not (qi_strong or len(qi) >= 2):
                continue
            health_hits = hits or carry
            subject = _last_phrase(person.group()) if person else (only.group() if only else "")
            span_start = s + (person.start() if person else only.start() if only else 0)
            if any(lk.start <= span_start < lk.end for lk in existing):
                continue
            signals = [f"person '{subject}'", *qi_strong, *qi[:4]]
            signals.append(
                "health/care " + ", ".join(f"'{t}'" for t in _uniq(h.text for h in health_hits)[:3])
            )
            conf = 0.85 if qi_strong else 0.7
            leaks.append(Leak(s, e, subject, tuple(_uniq(kinds)), tuple(signals), conf))
        return leaks

    # -- reply guard --------------------------------------------------------
    def _reply_leaks(self) -> list[Leak]:
        text = self.text
        lex = self.lex
        signals: list[tuple[int, int, str, str]] = []  # start, end, signal, strength

        def usable(pos: int) -> bool:
            return _sent_index(self.sents, pos) not in self.privacy_sents

        for h in _hits(lex, "reply_confirmations", text):
            if usable(h.start):
                shown = regex.match(r"[^.!?,;]{0,40}", text[h.start :])
                quote = shown.group().strip() if shown else h.text
                signals.append((h.start, h.end, f"confirms a visit: '{quote}'", "strong"))
        for m in _SEE_YOU.finditer(text):
            si = _sent_index(self.sents, m.start())
            if usable(m.start()) and not _SEE_YOU_GENERIC.search(self.sent_text(si)):
                signals.append((m.start(), m.end(), f"future visit: '{m.group()}'", "strong"))
        for m in _CARE_BY_US.finditer(text):
            if usable(m.start()):
                signals.append(
                    (m.start(), m.end(), f"care given to the person: '{m.group()}'", "strong")
                )
        referral = lex.words("referral_nouns")
        care_re = _care_any(lex)
        for m in _YOUR.finditer(text):
            si = _sent_index(self.sents, m.start())
            if si in self.privacy_sents:
                continue
            s, e = self.sents[si]
            rest = text[m.end() : min(e, m.end() + 60)]
            first = regex.match(r"\s+([\w'’-]+)", rest)
            if not first:
                continue
            # your [next|last|6-week|Monday|...] <care noun> within 4 words
            words = regex.match(r"((?:\s+[\w#'’&/-]+){1,5})", rest)
            if not words:
                continue
            phrase = words.group(1)
            cm = care_re.search(phrase)
            if not cm:
                body = lex.pattern("body_parts").search(phrase)
                if body and _STATE_WORDS.search(text[m.end() : e]):
                    cm = body
                else:
                    continue
            # only the words before the care noun may sit between "your" and it
            between = phrase[: cm.start()].split()
            if len(between) > 3 or (between and first.group(1).lower() in referral):
                continue
            sent = text[s:e]
            before = text[s : m.start()]
            strongish = bool(
                regex.search(
                    r"\b(?:next|last|recent|upcoming|previous)\b", phrase[: cm.start()], regex.I
                )
            )
            if not strongish:
                if _BOOKING.search(before[-40:] + "your"):
                    continue
                if (
                    _PROMISE.search(sent)
                    or _IMPERATIVE_ADVICE.search(sent)
                    or _GENERIC_STATEMENT.search(sent)
                ):
                    continue
                if _MODAL.search(before) and not regex.search(
                    r"\b(?:glad|happy|thrilled|sorry|apologi[sz]e|hope|hopes|thanks?|thank you)\b",
                    before,
                    regex.I,
                ):
                    continue
            found = text[m.start() : m.end() + cm.end()]
            signals.append(
                (m.start(), m.end() + cm.end(), f"your + care: '{found.strip()}'", "strong")
            )
        for m in _RELATIVE.finditer(text):
            si = _sent_index(self.sents, m.start())
            if si in self.privacy_sents:
                continue
            s, e = self.sents[si]
            tail = text[m.end() : e]
            if (care_re.search(tail) or lex.pattern("outcomes").search(tail)) and not _MODAL.search(
                text[s : m.start()] + tail[:25]
            ):
                signals.append(
                    (
                        m.start(),
                        e,
                        f"family member's care: '{text[m.start() : e].strip()}'",
                        "strong",
                    )
                )
        for m in _WITH_CLINICIAN.finditer(text):
            si = _sent_index(self.sents, m.start())
            sent = self.sent_text(si)
            if si in self.privacy_sents or _SHARE_WITH.search(sent) or _MODAL.search(sent):
                continue
            signals.append((m.start(), m.end(), f"care with a clinician: '{m.group()}'", "strong"))
        roles = lex.pattern("patient_roles")
        for si, (s, e) in enumerate(self.sents):
            sent = text[s:e]
            if si in self.privacy_sents or not _SECOND_PERSON.search(sent) or _MODAL.search(sent):
                continue
            rm = roles.search(sent)
            if rm and not _GENERIC_DET.search(sent[: rm.start()]) and not _NEW_PATIENT.search(sent):
                signals.append(
                    (s + rm.start(), s + rm.end(), f"calls the person a {rm.group()}", "strong")
                )
            pm = _YOU_PAST.search(sent)
            if (
                pm
                and care_re.search(sent)
                and not regex.search(r"\b(?:of|to) you\b", sent, regex.I)
            ):
                signals.append(
                    (s + pm.start(), e, f"their care in the past: '{sent.strip()}'", "strong")
                )
        for m in _WAIT_WHEN.finditer(text):
            if _sent_index(self.sents, m.start()) not in self.privacy_sents:
                signals.append((m.start(), m.end(), f"confirms a visit: '{m.group()}'", "strong"))
        for m in _GLAD_CARE.finditer(text):
            si = _sent_index(self.sents, m.start())
            if si in self.privacy_sents:
                continue
            tail = text[m.end() : self.sents[si][1]]
            if care_re.search(tail[:40]) and _CARE_OUTCOME_VERB.search(tail[:80]):
                signals.append(
                    (
                        m.start(),
                        m.end() + len(tail),
                        f"care outcome: '{(m.group() + tail).strip()}'",
                        "strong",
                    )
                )
        for si, (s, e) in enumerate(self.sents):
            sent = text[s:e]
            if si in self.privacy_sents or not _SECOND_PERSON.search(sent):
                continue
            link = regex.search(
                r"\b(?:with us|here at|at our (?:office|clinic|practice|hospital))\b", sent, regex.I
            )
            if (
                link
                and care_re.search(sent)
                and not _MODAL.search(sent[: link.start()])
                and not _IMPERATIVE_ADVICE.search(sent)
                and not _BOOKING.search(sent)
            ):
                signals.append((s, e, f"care with us: '{sent.strip()}'", "strong"))
        vocatives = [
            mn
            for mn in self.mentions
            if mn.reason == "name addressed directly" and mn.role in ("unknown", "patient")
        ]
        care_terms = [h for h in self.health if usable(h.start)] + [
            b for b in self.body if usable(b.start)
        ]
        leaks: list[Leak] = []
        signals.sort(key=lambda sg: sg[0])
        if vocatives and (care_terms or signals):
            v = vocatives[0]
            details = _uniq(sg[2] for sg in signals[:3]) or [f"care detail '{care_terms[0].text}'"]
            start = min([v.start] + [sg[0] for sg in signals[:3]])
            end = max([v.end] + [sg[1] for sg in signals[:3]])
            leaks.append(
                Leak(
                    start,
                    end,
                    v.text,
                    ("name",),
                    (f"reviewer addressed by name '{v.text}'", *details),
                    0.95,
                    (v.text,),
                    True,
                )
            )
            for mn in vocatives:
                mn_obj = Mention(mn.start, mn.end, mn.text, mn.kind, "reviewer", mn.reason)
                self.mentions[self.mentions.index(mn)] = mn_obj
        if not leaks and signals:
            # one finding per reply: the first confirmation, explained by up to three signals
            reasons = tuple(_uniq(sg[2] for sg in signals[:3]))
            last = max(sg[1] for sg in signals[:3])
            leaks.append(Leak(signals[0][0], last, "the reviewer", (), reasons, 0.9, (), True))
        return leaks

    # -- identifiers that are not patient-linked ----------------------------------
    def _consider_identifiers(self, leaks: list[Leak]) -> None:
        org = self.policy.organization
        org_phones = {regex.sub(r"\D", "", p)[-10:] for p in org.phone}
        org_emails = {e.lower() for e in org.email}
        org_sites = {
            w.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.")
            for w in org.website
        }
        for ident in self.idents:
            if ident.kind in ("photo", "age"):
                continue
            if any(lk.start <= ident.start < lk.end for lk in leaks):
                continue
            reason = "not tied to a patient"
            if ident.kind in ("phone", "fax"):
                digits = regex.sub(r"\D", "", ident.text)[-10:]
                if digits in org_phones:
                    reason = "organization's own number (policy)"
                elif regex.search(
                    r"\b(?:call|text|fax|reach|line|at|us|our|office)\b[^.!?]{0,30}$",
                    self.text[max(0, ident.start - 40) : ident.start],
                    regex.I,
                ):
                    reason = "contact number offered by the organization"
            elif ident.kind == "email":
                if ident.text.lower() in org_emails or any(
                    ident.text.lower().endswith(s) for s in org_sites if s
                ):
                    reason = "organization's own e-mail (policy)"
                else:
                    reason = "e-mail not tied to a patient"
            elif ident.kind == "url":
                reason = "link not tied to a patient"
            elif ident.kind == "date":
                reason = "date not tied to a patient (event, hours, history)"
            elif ident.kind == "geography":
                reason = "address/place not tied to a patient"
            elif ident.kind in RECORD_KINDS:
                if not self.hypothetical:
                    continue
                reason = "record number in a text labelled synthetic/illustrative"
            self.considered.append(
                Considered(ident.start, ident.end, ident.text, ident.kind, reason)
            )


_FACILITY_ROOM = regex.compile(
    r"\b(?:exam|examination|waiting|conference|procedure|treatment|consult|consultation|break|"
    r"operating|community|meeting|class)\s+(?:room|rm\.?)",
    regex.I,
)


@dataclass(frozen=True, slots=True)
class _RoomMatch:
    """A room/bed identifier used in place of a person (quacks like a regex match)."""

    begin: int
    value: str

    def start(self) -> int:
        return self.begin

    def group(self) -> str:
        return self.value


_DERIVED: dict[tuple[int, str], regex.Pattern[str]] = {}


def _derived(lex: Lexicon, name: str) -> regex.Pattern[str]:
    """Patterns built from several lists, compiled once per lexicon."""
    key = (id(lex), name)
    pattern = _DERIVED.get(key)
    if pattern is None:
        if name == "person":
            nouns = lex.pattern("person_nouns").pattern
            pattern = regex.compile(
                r"\b(?:a|an|the|this|one|our|that)\s+(?:[\w'’]+[- ]){0,6}?"
                rf"((?:{nouns})|\d{{1,3}}[- ](?:year|month|week|day)s?[- ]old"
                r"|\w+(?=\s+from\s+(?:our\s+)?\p{Lu})|\w+(?=\s+who\s+(?:came in|was|had|has|got|is)\b))",
                regex.I,
            )
        else:
            raise KeyError(name)
        _DERIVED[key] = pattern
    return pattern


_CARE_ANY: dict[int, regex.Pattern[str]] = {}


def _care_any(lex: Lexicon) -> regex.Pattern[str]:
    pattern = _CARE_ANY.get(id(lex))
    if pattern is None:
        keys = ("visit_nouns", "care", "conditions")
        pattern = regex.compile("|".join(lex.pattern(k).pattern for k in keys), regex.I)
        _CARE_ANY[id(lex)] = pattern
    return pattern


def _strip_titles(name: str) -> str:
    name = regex.sub(r"^(?:Dr|Mr|Mrs|Ms|Mx|Nurse|Coach|Prof)\.?\s+", "", name.strip())
    return regex.sub(r",.*$", "", name)


def _label(kind: str) -> str:
    from .identifiers import SAFE_HARBOR

    if kind in SAFE_HARBOR:
        return SAFE_HARBOR[kind][1]
    return {"role": "patient role", "descriptor": "description"}.get(kind, kind)


def _uniq(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for i in items:
        key = i.lower()
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _dedupe(leaks: list[Leak]) -> list[Leak]:
    leaks = sorted(leaks, key=lambda lk: (lk.start, -lk.end))
    out: list[Leak] = []
    for lk in leaks:
        if out and lk.start < out[-1].end and lk.names == out[-1].names and not lk.reply:
            continue
        out.append(lk)
    return out


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

    analyzer = _Analyzer(text, kind, pol, doc_fn)
    if in_reply_to:
        analyzer.comment_staff = _staff_named_in(in_reply_to, analyzer.lex)
    return analyzer.run()


def _staff_named_in(comment: str, lex: Lexicon) -> set[str]:
    """First names the commenter gives a staff role: "my nurse Brooke", "Coach Ana", "Dr. Lee",
    "Brooke is the best injector"."""
    titles = lex.pattern("staff_titles")
    names: set[str] = set()
    for m in _TITLED.finditer(comment):
        if m.group(1).lower().rstrip(".") in _STAFF_TITLE_WORDS:
            names.update(_name_tokens(m.group(2))[:1])
    for m in _ROLE_THEN_NAME.finditer(comment):
        if titles.fullmatch(m.group(1)):
            names.add(_fold(m.group(2)))
    for m in _NAME_IS_ROLE.finditer(comment):
        if any(titles.fullmatch(w) for w in m.group(2).split()):
            names.add(_fold(m.group(1)))
    return names


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
