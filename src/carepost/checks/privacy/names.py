"""Names: every name-like mention in a text (titles, initials, handles, given names, the
parse's PERSON entities) and who each one is: staff, the organization, a public figure, a
hypothetical person, or someone who may be a patient."""

from __future__ import annotations

import regex

from .facts import TextFacts, first_names, fold, name_tokens, norm, strip_titles
from .lexicon import Lexicon, cue
from .results import Mention

__all__ = ["Candidate", "classify", "name_candidates", "needs_parse", "ner_candidates"]

#: (start, end, kind, signal, strength) of a name-like mention.
Candidate = tuple[int, int, str, str, float]

CAP_WORD = regex.compile(r"(?<![\w@#'’-])(\p{Lu}[\p{Ll}'’-]+|\p{Lu}{2,})(?![\w@-])")
TITLED = cue(r"\b({person_titles})\.?\s+((?:\p{Lu}[\p{Ll}'’-]+\s?){1,3})")
_INITIALS = regex.compile(r"(?<![\w.])(\p{Lu}\.\s?\p{Lu}\.(?:\s?\p{Lu}\.)?)(?!\w)")
_NAME_INITIAL = regex.compile(
    r"(?<![\w.])(\p{Lu}\p{Ll}{1,15}\s\p{Lu}\.)(?![\w.])(?!\s\p{Lu}\p{Ll})"
)
_HANDLE = regex.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_QUOTED_NAME = regex.compile(r"[‘'\"“](\p{Lu}\p{Ll}{1,15}(?:\s\p{Lu}\.?\p{Ll}*)?)[,.]?[’'\"”]")
_POSSESSIVE_NAME = regex.compile(r"(?<![\w@#])(\p{Lu}\p{Ll}{1,15})['’]s\b")
VOCATIVE_SIGNAL = "name addressed directly"
_VOCATIVE = cue(
    r"(?i:\b(?:{vocative_cues}))[,!]?\s+(\p{Lu}[\p{Ll}'’-]+|\p{Lu}{2,})"
    r"(?=\s*[,.!?:;💙❤️🎉]|\s*$|\s+for\b)"
)
_VOCATIVE_END = regex.compile(r",\s+(\p{Lu}\p{Ll}+|\p{Lu}{3,})\s*(?:[!.?]+|$|(?=\s\p{So}))")
_VOCATIVE_START = regex.compile(r"^(\p{Lu}\p{Ll}+),\s+(?=\p{Ll})")
_FAMILY_NAME = cue(r"\b[Tt]he\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)\s+(?:{family_groups})\b")
_INITIAL_SURNAME = regex.compile(r"(?<![\w.])(\p{Lu}\.\s?\p{Lu}\p{Ll}{2,})(?!\w)")
_AFTER_ROLE = cue(r"\b(?:{role_labels})[,:]?\s+(\p{L}+)(?:\s+(\p{L}+))?", regex.I)
_STOP_AFTER_NAME = cue(r"(?:{stop_after_name})", regex.I)
_GAZ_NAME = regex.compile(
    r"(?<![\w@#'’-])(\p{Lu}[\p{Ll}'’-]+)((?:\s+\p{Lu}[\p{Ll}'’-]+){0,2})(?![\w@-])"
)
_ROLE_THEN_NAME = regex.compile(
    r"\b(?i:my|our|the|your)\s+(?:\w+\s+){0,2}?([\w-]+)\s+(\p{Lu}\p{Ll}+)\b"
)
_NAME_IS_ROLE = regex.compile(
    r"\b(\p{Lu}\p{Ll}+)\s+(?i:is|was)\s+(?i:the|a|an|my|our)\s+((?:[\w-]+\s*){1,4})"
)
_STAFF_TITLE = cue(r"(?:{staff_title_words})", regex.I)
_PUBLIC_TITLE = cue(r"(?:{public_title_words})", regex.I)
_WORD_BEFORE = regex.compile(r"\b(\p{L}+)\.?\s*$")
_APPOS_BEFORE = regex.compile(r"\b(?i:our|my|your)\s+(?:[\w-]+\s+){0,3}?([\w-]+),?\s*$")
_CREDENTIAL = regex.compile(r"^,?\s*(?:\(?)([A-Za-z-]{2,6})\b")
_APPOS_AFTER = regex.compile(r"^,?\s*(?:is\s+|as\s+)?(?i:our|the|a|an)\s+((?:[\w-]+\s*){1,4})")
_ORG_HANDLE_BEFORE = cue(r"\b(?:{org_handle_before})\s*:?\s*$", regex.I)
_ORG_HANDLE_AFTER = cue(r"^(?:['’]s)?\s+(?:{org_handle_after})\b", regex.I)
_POSSESSIVE_END = regex.compile(r"(?:['’]s?)?$")  # "Maria Lopez's" is Maria Lopez
_SPORTS_COACH = "'Coach' with his/her care in the sentence (a sports coach)"


def _common(f: TextFacts, word: str) -> bool:
    return word.lower() in f.lex.words("common_capitalized") or f.is_lexicon_word(word)


# ----------------------------------------------------------------------------- candidates
def name_candidates(f: TextFacts) -> list[Candidate]:
    """Every name-like mention the patterns find."""
    text = f.text
    common = f.lex.words("common_capitalized")
    out: list[Candidate] = []
    for m in TITLED.finditer(text):
        end = m.start(2) + len(m.group(2).rstrip())
        out.append((m.start(), end, "name", f"title '{m.group(1)}'", 0.9))
    for m in _INITIALS.finditer(text):
        if m.group(1).replace(" ", "") not in f.lex.exact("not_initials"):
            out.append((m.start(1), m.end(1), "initials", "initials", 0.7))
    for m in _NAME_INITIAL.finditer(text):
        if m.group(1).split()[0].lower() not in common:
            out.append((m.start(1), m.end(1), "initials", "first name + initial", 0.8))
    for m in _FAMILY_NAME.finditer(text):
        out.append((m.start(1), m.end(1), "name", "family name", 0.8))
    for m in _INITIAL_SURNAME.finditer(text):
        if m.group(1).split(".")[-1].strip().lower() not in common:
            out.append((m.start(1), m.end(1), "initials", "initial + surname", 0.8))
    for m in _HANDLE.finditer(text):
        out.append((m.start(), m.end(), "handle", "social handle", 0.9))
    for m in _QUOTED_NAME.finditer(text):
        if m.group(1).split()[0].lower() not in common:
            out.append((m.start(1), m.end(1), "name", "quoted name", 0.8))
    for m in _POSSESSIVE_NAME.finditer(text):
        # only given names: "Kardiva's band" is a brand (the parse decides unknown words)
        if fold(m.group(1)) in first_names():
            out.append((m.start(1), m.end(1), "name", "possessive name", 0.7))
    out.extend(_vocatives(f))
    out.extend(_after_role(f))
    out.extend(_given_names(f))
    return out


def _vocatives(f: TextFacts) -> list[Candidate]:
    out: list[Candidate] = []
    for pattern in (_VOCATIVE, _VOCATIVE_END, _VOCATIVE_START):
        for m in pattern.finditer(f.text):
            word = m.group(1)
            if _common(f, word):
                continue
            # "Generally, ..." / "..., Honestly." are adverbs; a bare "Name," needs a given name
            if word.lower().endswith("ly") and fold(word) not in first_names():
                continue
            if pattern is _VOCATIVE_START and fold(word) not in first_names():
                continue
            out.append((m.start(1), m.end(1), "name", VOCATIVE_SIGNAL, 0.85))
    return out


def _after_role(f: TextFacts) -> list[Candidate]:
    out: list[Candidate] = []
    names = first_names()
    for m in _AFTER_ROLE.finditer(f.text):
        if m.group(1).lower() in names:
            end = (
                m.end(2) if m.group(2) and not _STOP_AFTER_NAME.fullmatch(m.group(2)) else m.end(1)
            )
            out.append((m.start(1), end, "name", "name after a patient-role word", 0.85))
    return out


def _given_names(f: TextFacts) -> list[Candidate]:
    """A given name from the list, with the capitalized words after it that can be a surname."""
    text = f.text
    names = first_names()
    sent_starts = {s for s, _e in f.sents}
    out: list[Candidate] = []
    for m in _GAZ_NAME.finditer(text):
        word = m.group(1)
        if fold(word) not in names:
            continue
        if word.lower() in f.lex.words("ambiguous_names") and (
            m.start() in sent_starts
            or (not m.group(2) and not regex.match(r"\s*[,!?]", text[m.end() :]))
        ):
            continue
        keep = []
        for t in m.group(2).split():
            if _common(f, t) or t.lower() in f.org_tokens:
                break
            keep.append(t)
        end = m.start(1) + len(word)
        if keep:
            end = text.index(keep[-1], end) + len(keep[-1])
        out.append((m.start(1), end, "name", "given name", 0.75))
    return out


def ner_candidates(f: TextFacts, doc: object) -> list[Candidate]:
    """PERSON entities from the spaCy parse, filtered to name-like spans."""
    text = f.text
    out: list[Candidate] = []
    for ent in getattr(doc, "ents", ()):
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start_char, ent.end_char
        name = regex.sub(r"['’]s?$", "", text[start:end]).strip()
        end = start + len(name)
        words = regex.findall(r"[\p{L}'’-]+", name)
        if not words or not all(w[0].isupper() for w in words):
            continue
        if all(_common(f, w) for w in words):
            continue
        # drop leading non-name words the model swallowed ("👋 See Riley")
        while words and _common(f, words[0]):
            cut = name.find(words[0]) + len(words[0])
            start += cut
            name = name[cut:]
            words = words[1:]
        start += len(name) - len(name.lstrip(" \t\n,.!?:;-"))
        if words and start < end:
            out.append((start, end, "name", "spaCy PERSON", 0.75))
    return out


def needs_parse(f: TextFacts) -> bool:
    """Whether a capitalized word the patterns cannot explain sits next to health words
    (only then can the parse's PERSON entities change the decision)."""
    if (not f.health and not f.outcomes) or f.hypothetical:
        return False
    health_sents = {f.sent_of(h.start) for h in f.health}
    near = {j for i in health_sents for j in (i - 1, i, i + 1)}
    ambiguous = f.lex.words("ambiguous_names")
    for i in sorted(near):
        if not 0 <= i < len(f.sents):
            continue
        chunk = f.sent_text(i)
        for m in CAP_WORD.finditer(chunk):
            word = m.group(1)
            if m.start() == 0 or chunk[: m.start()].strip() == "":
                continue
            if word.isupper() and len(word) <= 5:
                continue
            if word.lower() in f.lex.words("common_capitalized") or word.lower() in f.org_tokens:
                continue
            if (fold(word) in first_names() and word.lower() not in ambiguous) or (
                f.is_lexicon_word(word)
            ):
                continue
            return True
    return False


# ----------------------------------------------------------------------------- roles
def classify(f: TextFacts, cands: list[Candidate]) -> list[Mention]:
    """One mention per overlapping group of candidates, each with its role."""
    cands = sorted(cands, key=lambda c: (c[0], -(c[1] - c[0])))
    merged: list[Candidate] = []
    for c in cands:
        if merged and c[0] < merged[-1][1]:
            prev = merged[-1]
            # keep the longer span, but remember the stronger signal
            if c[1] > prev[1]:
                merged[-1] = (prev[0], c[1], prev[2], prev[3], max(prev[4], c[4]))
            continue
        merged.append(c)
    # first pass: staff by title, so that a later bare first name resolves to staff
    known_staff: set[str] = set()
    for start, end, kind, signal, _s in merged:
        if role_of(f, start, end, kind, signal, known_staff)[0] == "staff":
            toks = name_tokens(strip_titles(f.text[start:end]))
            if toks:
                known_staff.add(toks[0])
    mentions = []
    for start, end, kind, signal, _s in merged:
        if kind != "handle":
            end -= len(_POSSESSIVE_END.search(f.text[start:end]).group())  # type: ignore[union-attr]
        role, why = role_of(f, start, end, kind, signal, known_staff)
        mentions.append(Mention(start, end, f.text[start:end], kind, role, why))
    return mentions


def role_of(
    f: TextFacts, start: int, end: int, kind: str, signal: str, known_staff: set[str]
) -> tuple[str, str]:
    """(role, reason) of the mention at ``start:end``."""
    return (
        _listed_role(f, start, end, kind)
        or _title_role(f, start, signal)
        or _appositive_role(f, start, end)
        or _context_role(f, start, end, known_staff)
        or ("unknown", signal)
    )


def _listed_role(f: TextFacts, start: int, end: int, kind: str) -> tuple[str, str] | None:
    """The organization's own names and handles, the policy's staff and public figures, and
    staff the comment being answered names."""
    name = f.text[start:end]
    tokens = name_tokens(name)
    if kind == "handle" and name.lstrip("@").lower() in f.org_tokens:
        return "org", "organization's own handle"
    if kind == "handle" and (
        _ORG_HANDLE_BEFORE.search(f.text[max(0, start - 20) : start])
        or _ORG_HANDLE_AFTER.match(f.text[end : end + 20])
    ):
        return "org", "handle the text introduces as the organization"
    if not tokens:
        return None
    if kind != "handle" and all(t in f.org_tokens for t in tokens):
        return "org", "organization name"
    if norm(name) in {norm(strip_titles(n)) for n in f.policy.staff} or (
        tokens[0] in f.staff_names and len(tokens) <= 2
    ):
        return "staff", "listed in policy staff"
    if fold(tokens[0]) in f.comment_staff and len(tokens) <= 2:
        return "staff", "named as staff in the comment being answered"
    if any(t in f.public_names for t in tokens) and not f.org_care_link(f.sent_of(start)):
        return "public", "listed in policy public_figures"
    return None


def _title_role(f: TextFacts, start: int, signal: str) -> tuple[str, str] | None:
    si = f.sent_of(start)
    m = _WORD_BEFORE.search(f.text[max(0, start - 40) : start])
    if m and m.group(1).lower() == "coach" and f.own_care_in_sentence(si):
        return "unknown", _SPORTS_COACH
    if m and _STAFF_TITLE.fullmatch(m.group(1)):
        return "staff", f"after staff title '{m.group(1)}'"
    if signal.startswith("title"):
        word = signal.split("'")[1].lower().rstrip(".")
        if word == "coach" and f.own_care_in_sentence(si):
            return "unknown", _SPORTS_COACH
        if _STAFF_TITLE.fullmatch(word):
            return "staff", f"staff title '{word}'"
        if _PUBLIC_TITLE.fullmatch(word) and not f.org_care_link(si):
            return "public", f"public title '{word}'"
    return None


def _appositive_role(f: TextFacts, start: int, end: int) -> tuple[str, str] | None:
    """ "our hygienist, Tasha" / "Tasha, our practice manager" / "X, RN"."""
    title_re = f.lex.pattern("staff_titles")
    before = f.text[max(0, start - 40) : start]
    after = f.text[end : end + 40]
    patient_near = f.patient_role_near(start, end)
    appos_before = _APPOS_BEFORE.search(before)
    if appos_before and title_re.fullmatch(appos_before.group(1)) and not patient_near:
        return "staff", f"appositive staff role '{appos_before.group(1)}'"
    cred = _CREDENTIAL.match(after)
    if cred and cred.group(1).isupper() and title_re.fullmatch(cred.group(1)):
        return "staff", f"credential '{cred.group(1)}'"
    appos_after = _APPOS_AFTER.match(after)
    if appos_after and not patient_near:
        for word in appos_after.group(1).split():
            if title_re.fullmatch(word):
                return "staff", f"appositive staff role '{word}'"
    return None


def _context_role(
    f: TextFacts, start: int, end: int, known_staff: set[str]
) -> tuple[str, str] | None:
    tokens = name_tokens(f.text[start:end])
    si = f.sent_of(start)
    if tokens and tokens[0] in known_staff:
        return "staff", "same first name as a staff member named in the text"
    if f.staff_ctx and not f.patient_role_near(start, end):
        if not f.health_in(si):
            return "staff", f"staff context '{f.staff_ctx[0].text}'"
        if any(f.in_sent(h.start, si) for h in f.staff_ctx):
            return "staff", "staff context in the sentence"
    if f.hypothetical:
        return "hypothetical", f"hypothetical marker '{f.hypothetical_hits[0].text}'"
    if f.public_context(si) and not f.org_care_link(si) and not f.patient_role_near(start, end):
        return "public", "public-news context without care by this organization"
    return None


def staff_named_in(comment: str, lex: Lexicon) -> set[str]:
    """First names the commenter gives a staff role: "my nurse Brooke", "Coach Ana", "Dr. Lee",
    "Brooke is the best injector"."""
    titles = lex.pattern("staff_titles")
    names: set[str] = set()
    for m in TITLED.finditer(comment):
        if _STAFF_TITLE.fullmatch(m.group(1).lower().rstrip(".")):
            names.update(name_tokens(m.group(2))[:1])
    for m in _ROLE_THEN_NAME.finditer(comment):
        if titles.fullmatch(m.group(1)):
            names.add(fold(m.group(2)))
    for m in _NAME_IS_ROLE.finditer(comment):
        if any(titles.fullmatch(w) for w in m.group(2).split()):
            names.add(fold(m.group(1)))
    return names
