"""What every privacy recognizer reads about one text: its sentences, the vocabulary hits in
them (health, care, patient roles, outcomes, staff and public-news context), its identifiers
and the organization's own names, computed once per text."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from ..errors import DataFileError
from ..policy import Policy
from ..sentences import sentence_index, split_sentences
from .identifiers import SAFE_HARBOR, find_identifiers
from .lexicon import Lexicon, cue, load_lexicon

__all__ = [
    "Hit",
    "TextFacts",
    "first_names",
    "fold",
    "hits",
    "label",
    "last_phrase",
    "name_tokens",
    "norm",
    "strip_titles",
    "uniq",
]


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a vocabulary list in the text."""

    start: int
    end: int
    text: str
    key: str


def hits(lex: Lexicon, key: str, text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), m.group(), key) for m in lex.pattern(key).finditer(text)]


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


def fold(word: str) -> str:
    """Lower-case without accents ("María" -> "maria") for the given-name list."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def norm(name: str) -> str:
    return regex.sub(r"[^\p{L} ]", "", name).strip().lower()


def name_tokens(name: str) -> list[str]:
    return [t for t in norm(name).split() if t]


def strip_titles(name: str) -> str:
    name = regex.sub(r"^(?:Dr|Mr|Mrs|Ms|Mx|Nurse|Coach|Prof)\.?\s+", "", name.strip())
    return regex.sub(r",.*$", "", name)


def label(kind: str) -> str:
    if kind in SAFE_HARBOR:
        return SAFE_HARBOR[kind][1]
    return {"role": "patient role", "descriptor": "description"}.get(kind, kind)


def uniq(items: Iterable[str]) -> list[str]:
    """Items in order, without case-insensitive repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for i in items:
        key = i.lower()
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


_DETERMINER = regex.compile(r"\b(?:a|an|the|this|one|our|that)\s", regex.I)


def last_phrase(phrase: str) -> str:
    """'our ER team treated a teenager' -> 'a teenager' (the last determiner phrase)."""
    starts = [m.start() for m in _DETERMINER.finditer(phrase)]
    return phrase[starts[-1] :] if starts else phrase


GENERIC_DET = cue(r"\b(?:{generic_determiners})\s+(?:\w+\s+){0,2}$", regex.I)
POSSESSIVE_PRON = regex.compile(r"\b(?:his|her|their|su|sus)\b", regex.I)
_ROLE_COMPOUND = cue(r"\s+(?:{role_compounds})\b", regex.I)
_ROLE_EXAMPLE = cue(r"\b(?:patients?|clients?|residents?)\s+(?:{example_markers})\s*$", regex.I)
_REAL_CASE = cue(r"(?<!not a )(?<!not )\b(?:{real_case_markers})\b", regex.I)
_HERE = cue(r"\b(?:{care_here})\b", regex.I)
_WE_OUR = regex.compile(r"\b(?:we|our)\b", regex.I)


class TextFacts:
    """The text, its sentences and its vocabulary hits, shared by every recognizer."""

    def __init__(
        self,
        text: str,
        kind: str,
        policy: Policy,
        doc_fn: Callable[[], Any],
        comment_staff: set[str] | None = None,
    ) -> None:
        self.text = text
        self.kind = kind
        self.policy = policy
        self.doc_fn = doc_fn
        self.lex = lex = load_lexicon()
        self.split = split_sentences(text)
        self.sents = self.split or [(0, len(text))]
        # being someone's patient is itself health information (reference/privacy.md §2)
        self.roles = [
            h
            for h in hits(lex, "patient_roles", text)
            if not GENERIC_DET.search(text[max(0, h.start - 30) : h.start])
            and not _ROLE_COMPOUND.match(text[h.end : h.end + 20])
        ]
        self.health = sorted(
            hits(lex, "conditions", text) + hits(lex, "care", text) + self.roles,
            key=lambda h: h.start,
        )
        self._health_by_sent: dict[int, list[Hit]] | None = None
        self.body = hits(lex, "body_parts", text)
        self.outcomes = hits(lex, "outcomes", text)
        self.idents = find_identifiers(text)
        self.hypothetical_hits = hits(lex, "hypothetical", text)
        self.public_hits = hits(lex, "public_news", text)
        self.staff_ctx = hits(lex, "staff_context", text)
        self.privacy_sents = {self.sent_of(h.start) for h in hits(lex, "privacy_frames", text)}
        self.org_tokens = self._org_tokens()
        self.staff_names = {t for n in policy.staff for t in name_tokens(strip_titles(n))}
        self.public_names = {t for n in policy.public_figures for t in name_tokens(n)}
        self.comment_staff: set[str] = comment_staff or set()
        self.hypothetical = bool(self.hypothetical_hits) and not _REAL_CASE.search(text)

    def _org_tokens(self) -> set[str]:
        org = self.policy.organization
        words: set[str] = set()
        for n in (org.name, *org.aliases):
            words.update(name_tokens(n))
        for h in org.handles:
            words.add(h.lstrip("@").lower())
        return words

    def sent_of(self, pos: int) -> int:
        """Index of the sentence holding ``pos``."""
        return sentence_index(self.sents, pos)

    def sent_text(self, i: int) -> str:
        s, e = self.sents[i]
        return self.text[s:e]

    def in_sent(self, pos: int, i: int) -> bool:
        s, e = self.sents[i]
        return s <= pos < e

    def health_in(self, i: int) -> list[Hit]:
        if self._health_by_sent is None:
            by: dict[int, list[Hit]] = {}
            for h in self.health:
                by.setdefault(self.sent_of(h.start), []).append(h)
            self._health_by_sent = by
        return self._health_by_sent.get(i, [])

    def is_lexicon_word(self, word: str) -> bool:
        lex = self.lex
        return any(
            lex.pattern(k).fullmatch(word)
            for k in ("conditions", "care", "staff_titles", "body_parts", "hypothetical")
        )

    def own_care_in_sentence(self, si: int) -> bool:
        """'his/her/their' + a care or condition word in the sentence."""
        sent = self.sent_text(si)
        care, conditions = self.lex.pattern("care"), self.lex.pattern("conditions")
        for pm in POSSESSIVE_PRON.finditer(sent):
            after = sent[pm.end() : pm.end() + 40]
            if care.search(after) or conditions.search(after):
                return True
        return False

    def patient_role_near(self, start: int, end: int) -> bool:
        lo, hi = max(0, start - 40), end + 40
        if any(lo <= h.start < hi for h in self.roles):
            return True
        # "clients like K.T.", "patients such as ..."
        return bool(_ROLE_EXAMPLE.search(self.text[lo:start]))

    def public_context(self, si: int) -> bool:
        if any(self.in_sent(h.start, si) for h in self.public_hits):
            return True
        # the public framing usually comes first; allow the previous sentence to carry it
        return si > 0 and any(self.in_sent(h.start, si - 1) for h in self.public_hits)

    def org_care_link(self, si: int) -> bool:
        """The sentence ties care to this organization ("at our clinic", "we treated")."""
        sent = self.sent_text(si)
        if _HERE.search(sent):
            return bool(self.health_in(si))
        if _WE_OUR.search(sent) and self.lex.pattern("care_verbs").search(sent):
            return True
        return bool(
            self.org_tokens
            and any(t in name_tokens(sent) for t in self.org_tokens)
            and self.health_in(si)
        )
