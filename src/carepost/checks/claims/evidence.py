"""Citations in a post (DOI, PMID, PMCID, URL, named authority, named study) and the
credibility tier of each, from the curated list in ``sources.yaml``.

Tier 1 and 2 are credible evidence; 3 (news) and 4 (unknown, commercial, preprint) are not.
An unnamed source ("studies show", "clinically proven") is never a citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import DataFileError
from ..vocab import line_of, parse_yaml
from .phrases import lexicon, lexicon_regex

__all__ = [
    "DOI_CROSSREF",
    "DOI_WILEY_LEGACY",
    "Citation",
    "SourceList",
    "find_citations",
    "source_list",
]

#: Crossref's recommended DOI pattern (Gilmartin, Crossref blog, 2015), for running text.
DOI_CROSSREF = re.compile(r"\b10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")
#: The extra pattern Crossref gives for early Wiley DOIs (SICI style).
DOI_WILEY_LEGACY = re.compile(r"\b10\.1002/[^\s]+")
PMID_RE = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b", re.IGNORECASE)
PUBMED_URL_RE = re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})", re.IGNORECASE)
PMCID_RE = re.compile(r"\bPMC\d{4,9}\b")
URL_RE = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
BARE_DOMAIN_RE = re.compile(
    r"(?<![@\w.\-/])(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:gov|org|com|edu|int|net|uk|ca|au|eu|io|mil|health|example))"
    r"(?:/[^\s)\]]*)?(?![\w@])",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"”’"


@dataclass(frozen=True, slots=True)
class Citation:
    kind: str  # doi, pmid, pmcid, url, authority, study
    value: str
    start: int
    end: int
    tier: int
    source_class: str

    @property
    def credible(self) -> bool:
        return self.tier <= 2

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "tier": self.tier,
            "class": self.source_class,
        }


@dataclass(frozen=True)
class SourceList:
    domains: Mapping[str, tuple[int, str]]
    suffixes: tuple[tuple[str, int, str], ...]
    preprint_prefixes: tuple[str, ...]
    authorities: tuple[tuple[re.Pattern[str], int, str], ...]
    journals: re.Pattern[str]

    def classify_domain(self, host: str) -> tuple[int, str]:
        host = host.lower().removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            candidate = ".".join(parts[i:])
            if candidate in self.domains:
                return self.domains[candidate]
        for suffix, tier, cls in self.suffixes:
            if host.endswith(suffix):
                return tier, cls
        return 4, "unknown"


def parse_sources(raw: Any, *, path: str) -> SourceList:
    if not isinstance(raw, Mapping):
        raise DataFileError("expected a mapping", path=path, line=1)

    def fail(message: str, container: Any, key: str | int | None, name: str) -> DataFileError:
        return DataFileError(message, path=path, line=line_of(container, key), key=name)

    def tier_of(entry: Any, container: Any, i: int, name: str) -> tuple[int, str]:
        tier = entry.get("tier")
        if tier not in (1, 2, 3, 4):
            raise fail("'tier' must be 1, 2, 3 or 4", container, i, name)
        cls = entry.get("class")
        if not isinstance(cls, str) or not cls:
            raise fail("'class' must be a non-empty string", container, i, name)
        return tier, cls

    domains: dict[str, tuple[int, str]] = {}
    raw_domains = raw.get("domains") or []
    for i, entry in enumerate(raw_domains):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("domain"), str):
            raise fail("each entry needs a 'domain'", raw_domains, i, "domains")
        domains[entry["domain"].lower()] = tier_of(entry, raw_domains, i, "domains")
    suffixes: list[tuple[str, int, str]] = []
    raw_suffixes = raw.get("suffix_tiers") or []
    for i, entry in enumerate(raw_suffixes):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("suffix"), str):
            raise fail("each entry needs a 'suffix'", raw_suffixes, i, "suffix_tiers")
        suffixes.append((entry["suffix"].lower(), *tier_of(entry, raw_suffixes, i, "suffix_tiers")))
    authorities: list[tuple[re.Pattern[str], int, str]] = []
    raw_auth = raw.get("authorities") or []
    for i, entry in enumerate(raw_auth):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise fail("each entry needs a 'name' pattern", raw_auth, i, "authorities")
        try:
            pattern = re.compile(rf"(?<![\w-])(?:{entry['name']})(?![\w-])")
        except re.error as exc:
            raise fail(f"invalid pattern: {exc}", raw_auth, i, "authorities") from None
        authorities.append((pattern, *tier_of(entry, raw_auth, i, "authorities")))
    raw_journals = raw.get("journals") or []
    for i, j in enumerate(raw_journals):
        try:
            re.compile(j)
        except (re.error, TypeError) as exc:
            raise fail(f"invalid pattern: {exc}", raw_journals, i, "journals") from None
    journals = re.compile("|".join(f"(?:{j})" for j in raw_journals) or "(?!)")
    prefixes = tuple(str(p) for p in raw.get("preprint_doi_prefixes") or ())
    return SourceList(domains, tuple(suffixes), prefixes, tuple(authorities), journals)


@cache
def source_list() -> SourceList:
    name = "sources.yaml"
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    path = f"carepost/checks/claims/{name}"
    return parse_sources(parse_yaml(text, path=path), path=path)


def _strip_trailing(value: str) -> str:
    while value and value[-1] in _TRAILING:
        value = value[:-1]
    # drop an unbalanced closing bracket taken from the surrounding prose
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1]
    while value and value[-1] in _TRAILING:
        value = value[:-1]
    return value


@cache
def _attribution_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    before = "|".join(lex["attribution_before"])
    verbs = "|".join(rf"{v}\w*" for v in lex["attribution_verbs"])
    nouns = "|".join(lex["attribution_nouns"])
    pre = re.compile(rf"(?:{before})\s+(?:the\s+)?(?:[\w.'’]+\s+){{0,3}}$", re.IGNORECASE)
    post = re.compile(
        rf"^(?:['’]s)?(?:\s+\([A-Z]+\))?(?:\s+[\w.'’-]+){{0,3}}?\s+(?:{verbs}|{nouns})\b"
        rf"|^(?:['’]s)?\s+(?:{nouns})\b|^\s*\(?,?\s*(?:19|20)\d{{2}}",
        re.IGNORECASE,
    )
    return pre, post


_STUDY_IN = re.compile(
    r"\b(?:(?:19|20)\d{2}\s+)?(?:study|studies|trial|review|meta-analysis|analysis|paper|report|"
    r"research|survey)\s+(?:published\s+)?in\s+(?:the\s+)?",
    re.IGNORECASE,
)
_ET_AL = re.compile(
    r"\b[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?\s+et\s+al\.?(?:,?\s*\(?(?:19|20)\d{2}\)?)?"
)
#: "a 2019 Harvard study", "researchers at Stanford University", "the FIDELITY trial"
_NAMED_STUDY = re.compile(
    r"\b(?:(?:a|the)\s+)?(?:(?:19|20)\d{2}\s+)?(?:[A-Z][\w&'’.-]*\s+){1,4}(?:University|Medical School|"
    r"School of Medicine|School of Public Health|Medical Center|Institute|Hospital)?\s*"
    r"(?:study|trial|cohort|meta-analysis|systematic review)\b(?=\s+(?:of|in|on|with|found|showed|shows|"
    r"reported|published|followed|tracked|concluded|from|\()|\s*[,;(])"
    r"|\bresearchers (?:at|from) (?:the )?(?:[A-Z][\w&'’.-]*\s*){1,5}",
)
_STUDY_STOP = {
    "A",
    "The",
    "New",
    "Recent",
    "One",
    "This",
    "That",
    "Our",
    "Latest",
    "Small",
    "Large",
    "Big",
    "Another",
    "In",
    "Clinical",
    "Randomized",
    "Pilot",
    "Preliminary",
    "Early",
}
_PAREN_CITE = re.compile(r"\(([^()]{0,160}?(?:19|20)\d{2}[^()]{0,80})\)")


def _common_word(word: str) -> bool:
    """A health, self-care or procedure word ("Sleep Study" is a test, not a named study)."""
    low = word.lower()
    return any(
        lexicon_regex(name).fullmatch(low)
        for name in ("health_terms", "self_care_terms", "procedure_terms", "supplement_terms")
    )


def find_citations(
    text: str, extra_sources: Iterable[str] = (), own_sites: Iterable[str] = ()
) -> list[Citation]:
    """Every citation in ``text`` plus the post's attached ``extra_sources`` (offsets -1)."""
    sl = source_list()
    own = {
        s.lower()
        .removeprefix("https://")
        .removeprefix("http://")
        .removeprefix("www.")
        .split("/")[0]
        for s in own_sites
    }
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def add(c: Citation) -> None:
        if c.start >= 0 and any(c.start < e and s < c.end for s, e in taken):
            return
        found.append(c)
        if c.start >= 0:
            taken.append((c.start, c.end))

    def doi_tier(doi: str) -> tuple[int, str]:
        if any(doi.lower().startswith(p) for p in sl.preprint_prefixes):
            return 4, "preprint"
        return 1, "identifier"

    for pattern in (DOI_WILEY_LEGACY, DOI_CROSSREF):
        for m in pattern.finditer(text):
            value = _strip_trailing(m.group(0))
            add(Citation("doi", value, m.start(), m.start() + len(value), *doi_tier(value)))
    for m in PMCID_RE.finditer(text):
        add(Citation("pmcid", m.group(0), m.start(), m.end(), 1, "identifier"))
    for m in PMID_RE.finditer(text):
        add(Citation("pmid", m.group(1), m.start(), m.end(), 1, "identifier"))
    for m in PUBMED_URL_RE.finditer(text):
        add(Citation("pmid", m.group(1), m.start(), m.end(), 1, "identifier"))
    for m in URL_RE.finditer(text):
        value = _strip_trailing(m.group(0))
        host = re.sub(r"^https?://", "", value, flags=re.IGNORECASE).split("/")[0].split(":")[0]
        tier, cls = (
            (4, "own-site")
            if host.lower().removeprefix("www.") in own
            else sl.classify_domain(host)
        )
        add(Citation("url", value, m.start(), m.start() + len(value), tier, cls))
    for m in BARE_DOMAIN_RE.finditer(text):
        host = m.group(1)
        value = _strip_trailing(m.group(0))
        tier, cls = (4, "own-site") if host.lower() in own else sl.classify_domain(host)
        add(Citation("url", value, m.start(), m.start() + len(value), tier, cls))

    pre, post = _attribution_res()
    for pattern, tier, cls in sl.authorities:
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 60) : m.start()]
            after = text[m.end() : m.end() + 60]
            in_parens = before.rstrip().endswith("(") or bool(re.match(r"^[^()]{0,40}\)", after))
            if pre.search(before) or post.search(after) or in_parens:
                add(Citation("authority", m.group(0), m.start(), m.end(), tier, cls))
    for m in _STUDY_IN.finditer(text):
        j = sl.journals.match(text, m.end())
        if j and j.group(0).strip():
            add(
                Citation(
                    "study", text[m.start() : j.end()].strip(), m.start(), j.end(), 1, "journal"
                )
            )
    for m in _PAREN_CITE.finditer(text):
        inner = m.group(1)
        if sl.journals.search(inner) and re.search(r"[A-Z]", inner):
            add(Citation("study", inner, m.start(), m.end(), 1, "journal"))
    for m in _ET_AL.finditer(text):
        add(Citation("study", m.group(0), m.start(), m.end(), 1, "journal"))
    for m in _NAMED_STUDY.finditer(text):
        names = [
            w
            for w in re.findall(r"[A-Z][\w&'’.-]*", m.group(0))
            if w not in _STUDY_STOP and not _common_word(w)
        ]
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if not names or re.search(r"\b(?:our|your|my|book|schedule|join)\s*$", before):
            continue  # "A new study found", "book your Sleep Study": not a named study
        add(Citation("study", m.group(0).strip(), m.start(), m.end(), 2, "named-study"))
    for raw in extra_sources:
        value = raw.strip()
        if not value:
            continue
        sub = find_citations(value)
        if sub:
            for c in sub:
                found.append(Citation(c.kind, c.value, -1, -1, c.tier, c.source_class))
        else:
            found.append(Citation("attached", value, -1, -1, 4, "unknown"))
    found.sort(key=lambda c: (c.start, c.end))
    return found
