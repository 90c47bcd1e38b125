"""The privacy family's vocabularies, read by the checker's one YAML loader (``checks.vocab``)
and validated on load: a mistake is a ``DataFileError`` naming the file, line and list.

* ``lexicon.yaml``: word lists (conditions, care, patient roles, staff titles, ...), compiled to
  one phrase regex per list (plural endings, ``*`` wildcards, capitals match as written).
* ``signals.yaml``: phrase lists of the reply-care and described-patient recognizers
  (``*`` alone stands for up to three words).
* ``patterns.yaml``: the cue words inside the recognizers' regular expressions (titles,
  greetings, relatives, care verbs, ...), each entry a regular expression; code writes
  ``cue(r"\\b(?:{courtesy_titles})\\.?\\s+...")`` and the ``{name}`` slot becomes the list.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..vocab import Vocabulary, load_vocabulary, parse_vocabulary

__all__ = [
    "CUES",
    "LEXICON_KEYS",
    "PATTERN_KEYS",
    "SIGNAL_KEYS",
    "Cue",
    "Lexicon",
    "compile_phrases",
    "compile_signal_phrases",
    "cue",
    "cues",
    "load_lexicon",
    "parse_lexicon",
    "signal_patterns",
]

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
SIGNALS_PATH = Path(__file__).with_name("signals.yaml")
PATTERNS_PATH = Path(__file__).with_name("patterns.yaml")

LEXICON_KEYS = (
    "conditions",
    "care",
    "visit_nouns",
    "body_parts",
    "care_verbs",
    "patient_roles",
    "outcomes",
    "staff_titles",
    "staff_context",
    "hypothetical",
    "public_news",
    "org_links",
    "privacy_frames",
    "reply_confirmations",
    "referral_nouns",
    "common_capitalized",
    "ambiguous_names",
    "not_initials",
    "person_nouns",
    "occupations",
)

SIGNAL_KEYS = (
    "care_objects",
    "team_linked_objects",
    "care_team",
    "body_parts",
    "progress",
    "milestones",
    "family_milestones",
    "person_roles",
    "care_terms",
    "status",
    "public_news",
    "hypothetical",
    "staff_cues",
)


# ----------------------------------------------------------------------------- lexicon.yaml
@dataclass(frozen=True, eq=False)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    patterns: dict[str, regex.Pattern[str]]
    _lower: dict[str, frozenset[str]] = field(init=False, repr=False)
    _exact: dict[str, frozenset[str]] = field(init=False, repr=False)

    def pattern(self, key: str) -> regex.Pattern[str]:
        return self.patterns[key]

    def words(self, key: str) -> frozenset[str]:
        return self._lower[key]

    def exact(self, key: str) -> frozenset[str]:
        return self._exact[key]

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_lower", {k: frozenset(p.lower() for p in v) for k, v in self.lists.items()}
        )
        object.__setattr__(self, "_exact", {k: frozenset(v) for k, v in self.lists.items()})


#: lists whose words must match exactly (a plural "patients" is a statistic, not a person)
SINGULAR_ONLY = frozenset(
    {"patient_roles", "staff_titles", "reply_confirmations", "referral_nouns"}
)


def _phrase_regex(phrase: str, plural: bool = True) -> str:
    suffix = phrase.startswith("*")
    star = phrase.endswith("*")
    core = phrase.strip("*")
    body = r"\s+".join(regex.escape(part) for part in core.split())
    if suffix:
        body = r"\w{2,}" + body  # "*ectomy": any word ending so
    if star:
        body += r"\w*"
    elif plural and len(core) > 3 and core[-1].isalpha() and core[-1] not in "sS":
        body += "(?:s|es)?"  # plural of the last word
    if any(c.isupper() for c in phrase):
        body = f"(?-i:{body})"
    return rf"(?<![\w@#&-]){body}(?![\w&]|-\w)"


def compile_phrases(phrases: tuple[str, ...], plural: bool = True) -> regex.Pattern[str]:
    # longest first so that "knee replacement" wins over "knee"
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return regex.compile("|".join(_phrase_regex(p, plural) for p in ordered), regex.I)


def _lexicon(vocab: Vocabulary) -> Lexicon:
    patterns = {k: compile_phrases(v, k not in SINGULAR_ONLY) for k, v in vocab.lists.items()}
    return Lexicon(dict(vocab.lists), patterns)


def parse_lexicon(text: str, path: str) -> Lexicon:
    return _lexicon(parse_vocabulary(text, path=path, required=LEXICON_KEYS))


@functools.cache
def load_lexicon(path: str | None = None) -> Lexicon:
    return _lexicon(load_vocabulary(path or LEXICON_PATH, required=LEXICON_KEYS))


# ----------------------------------------------------------------------------- signals.yaml
_WILD_WORD = r"(?:[\w&'’-]+\s+){0,2}[\w&'’-]+"


def _signal_phrase_regex(phrase: str) -> str:
    parts: list[str] = []
    for word in phrase.split():
        if word == "*":
            parts.append(_WILD_WORD)
            continue
        body = regex.escape(word.strip("*"))
        if word.startswith("*"):
            body = r"[\w-]*" + body
        if word.endswith("*"):
            body += r"\w*"
        parts.append(body)
    return r"\s+".join(parts)


def compile_signal_phrases(phrases: tuple[str, ...]) -> regex.Pattern[str]:
    """One pattern for a phrase list: lower-case phrases in any case, others as written."""
    folded = [_signal_phrase_regex(p) for p in phrases if p == p.lower()]
    exact = [_signal_phrase_regex(p) for p in phrases if p != p.lower()]
    alts: list[str] = []
    if folded:
        alts.append("(?i:" + "|".join(sorted(folded, key=len, reverse=True)) + ")")
    if exact:
        alts.append("(?:" + "|".join(sorted(exact, key=len, reverse=True)) + ")")
    return regex.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])")


@functools.cache
def signal_patterns(path: Path = SIGNALS_PATH) -> dict[str, regex.Pattern[str]]:
    """Compiled pattern per list of the signal file (cached per path)."""
    vocab = load_vocabulary(path, required=SIGNAL_KEYS)
    return {key: compile_signal_phrases(phrases) for key, phrases in vocab.lists.items()}


# ----------------------------------------------------------------------------- patterns.yaml
PATTERN_KEYS = (
    "generic_determiners",
    "role_compounds",
    "example_markers",
    "real_case_markers",
    "care_here",
    "person_titles",
    "staff_title_words",
    "public_title_words",
    "vocative_cues",
    "family_groups",
    "role_labels",
    "org_handle_before",
    "org_handle_after",
    "stop_after_name",
    "care_settings",
    "own_condition_verbs",
    "school_suffixes",
    "first_person_care_verbs",
    "facility_rooms",
    "descriptor_titles",
    "slot_words",
    "who_care_phrases",
    "organization_words",
    "citation_cues",
    "record_cues",
    "handle_credits",
    "donor_cues",
    "event_cues",
    "person_words",
    "team_words",
    "body_progress",
    "member_nouns",
    "patient_labels",
    "identifier_labels",
    "person_identifier_labels",
    "see_you_next",
    "see_you_generic",
    "care_givers",
    "care_given_verbs",
    "recovery_states",
    "booking_verbs",
    "promise_cues",
    "generic_statements",
    "advice_imperatives",
    "modal_words",
    "relatives",
    "clinician_nouns",
    "share_verbs",
    "you_past_verbs",
    "visit_days",
    "glad_words",
    "care_outcome_verbs",
    "reply_feelings",
    "visit_times",
    "care_with_us",
    "advice_markers",
    "reply_imperatives",
    "referral_verbs",
    "congrats_cues",
    "glad_cues",
    "clinician_subjects",
    "clinician_actions",
    "return_phrases",
    "spanish_confirmations",
    "order_states",
    "result_praise",
    "count_words",
    "provider_words",
    "story_cues",
    "contact_cues",
)

_SLOT = regex.compile(r"\{([a-z_]+)\}")

#: every ``Cue`` created (a test checks each compiles and every list is used)
CUES: list[Cue] = []


@functools.cache
def cues(path: Path = PATTERNS_PATH) -> Vocabulary:
    """The cue lists of ``patterns.yaml`` (each entry a regular expression)."""
    return load_vocabulary(path, required=PATTERN_KEYS, patterns=True)


class Cue:
    """A regular expression whose ``{name}`` slots are lists of ``patterns.yaml``, compiled on
    first use (importing the checker reads no file)."""

    __slots__ = ("_compiled", "flags", "template")

    def __init__(self, template: str, flags: int = 0) -> None:
        self.template = template
        self.flags = flags
        self._compiled: regex.Pattern[str] | None = None
        CUES.append(self)

    @property
    def slots(self) -> list[str]:
        return _SLOT.findall(self.template)

    @property
    def re(self) -> regex.Pattern[str]:
        if self._compiled is None:
            vocab = cues()
            source = _SLOT.sub(lambda m: "(?:" + "|".join(vocab[m.group(1)]) + ")", self.template)
            self._compiled = regex.compile(source, self.flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.re.pattern

    def search(self, string: str, *args: Any) -> regex.Match[str] | None:
        return self.re.search(string, *args)

    def match(self, string: str, *args: Any) -> regex.Match[str] | None:
        return self.re.match(string, *args)

    def fullmatch(self, string: str, *args: Any) -> regex.Match[str] | None:
        return self.re.fullmatch(string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[regex.Match[str]]:
        return self.re.finditer(string, *args)

    def findall(self, string: str, *args: Any) -> list[Any]:
        return self.re.findall(string, *args)


def cue(template: str, flags: int = 0) -> Cue:
    return Cue(template, flags)
