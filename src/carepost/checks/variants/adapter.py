"""From one master post, a variant per platform, each checked by the engine.

For each surface the adapter: moves links the platform does not make clickable ("link in
bio"), adds UTM tags to the organization's own links, rewrites mentions into the target's
handle syntax, places hashtags the platform's way and within its cap, fits the disclaimer
(the policy's short form where the long one does not fit or the platform favours brevity),
fits the limit (trim at a sentence boundary with a visible "…", or a numbered thread where the
platform has threads), escapes LinkedIn's reserved characters, and checks every part.

What must survive: the disclaimer, every citation (DOI, PMID, URL) and every mention that
needs consent (an @mention, or a person named in the post's consents). The adapter trims around
them; a variant that still lost one is reported as blocking, never silently published.
"""

from __future__ import annotations

import itertools
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import regex

from ..engine import Engine
from ..errors import InputError
from ..model import CheckInput, ConsentRef, MediaRef, Report
from ..platforms import PlatformSpec, count, get_spec
from ..platforms.escaping import escape_reserved
from ..platforms.twitter_text import Entity, extract_hashtags, extract_urls
from ..policy import Policy
from ..sentences import split_sentences
from .utm import Utm, UtmError, build_utm_url

__all__ = ["AdaptResult", "Variant", "adapt", "protected_items"]

ELLIPSIS = "…"
_DOI = regex.compile(r"\b10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;:)\]]", regex.I)
_PMID = regex.compile(r"\bPMID:?\s*\d{5,9}\b", regex.I)
_DISCLAIMER_CUE = regex.compile(
    r"not (?:a substitute for|intended as|meant as|meant to replace)?\s*"
    r"(?:personal |professional |individual |your own )?medical advice"
    r"|not a substitute for"
    r"|for (?:general )?(?:information(?:al)?|educational) purposes"
    r"|general (?:health )?info(?:rmation)?(?: only)?\b"
    r"|does not replace (?:a |your )?(?:visit|consultation|doctor|clinician)",
    regex.I,
)
_HANDLE_SYNTAX = {
    "x": regex.compile(r"^[A-Za-z0-9_]{1,15}$"),
    "instagram": regex.compile(r"^[A-Za-z0-9._]{1,30}$"),
    "threads": regex.compile(r"^[A-Za-z0-9._]{1,30}$"),
    "tiktok": regex.compile(r"^[A-Za-z0-9._]{2,24}$"),
    "youtube": regex.compile(r"^[A-Za-z0-9._\-]{3,30}$"),
    "bluesky": regex.compile(r"^[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+$"),
    "mastodon": regex.compile(r"^[A-Za-z0-9_]+(?:@[A-Za-z0-9.\-]+)?$"),
}
_MENTION_ANY = regex.compile(
    r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9.\-]+[A-Za-z0-9])?)"
)


@dataclass(frozen=True, slots=True)
class Variant:
    """One platform's version of the master post.

    ``parts`` has one text, or several for a thread (in posting order). ``notes`` say what the
    adapter changed and what the person publishing must do (put a link in the bio...).
    ``problems`` are reasons the variant must not be published as is (a protected item lost,
    a link with personal data in its query). ``reports`` are the engine's, one per part; for a
    thread the parts get the platform rules and ``thread_report`` holds the content rules run
    over the whole thread (the disclaimer in the last post covers the advice in the first).
    """

    platform: str
    display: str
    parts: tuple[str, ...]
    reports: tuple[Report, ...]
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    moved_links: tuple[str, ...] = ()
    thread_report: Report | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)

    @property
    def blocking(self) -> bool:
        reports = (*self.reports, *((self.thread_report,) if self.thread_report else ()))
        return bool(self.problems) or any(r.blocking for r in reports)

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "display": self.display,
            "parts": list(self.parts),
            "thread": len(self.parts) > 1,
            "notes": list(self.notes),
            "problems": list(self.problems),
            "moved_links": list(self.moved_links),
            "blocking": self.blocking,
            "reports": [r.to_dict() for r in self.reports],
            "thread_report": self.thread_report.to_dict() if self.thread_report else None,
        }


@dataclass(frozen=True, slots=True)
class AdaptResult:
    variants: tuple[Variant, ...]
    elapsed_ms: float

    @property
    def blocking(self) -> bool:
        return any(v.blocking for v in self.variants)

    def to_dict(self) -> dict[str, Any]:
        return {
            "variants": [v.to_dict() for v in self.variants],
            "blocking": self.blocking,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


@dataclass
class _Protected:
    disclaimer: str | None = None
    citations: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # without "@"
    names: list[str] = field(default_factory=list)  # consented people named in the text
    shown: list[str] = field(default_factory=list)  # citations as rewritten in a variant

    def markers(self) -> list[str]:
        words = [w for n in self.names for w in n.split() if len(w) > 1]
        return [*self.citations, *self.shown, *self.mentions, *self.names, *words]


# --------------------------------------------------------------------------- analysis
def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _segments(text: str) -> list[str]:
    """Sentences (and lines), each with the whitespace that follows it; joins back to text."""
    starts = [0] + [s for s, _e in split_sentences(text)[1:]] + [len(text)]
    return [text[a:b] for a, b in itertools.pairwise(starts) if a < b]


def _master_segments(text: str, policy: Policy) -> list[str]:
    """Segments of the master, with the policy's disclaimer cut off from any text before it
    (a sentence without a full stop can run into the disclaimer)."""
    anchors = [
        _segments(d)[0].strip().casefold()
        for d in (policy.disclaimer_long, policy.disclaimer_short)
        if d.strip()
    ]
    out: list[str] = []
    for seg in _segments(text):
        folded = seg.casefold()
        cut = min((i for a in anchors if (i := folded.find(a)) > 0), default=-1)
        if cut > 0 and seg[:cut].strip():
            out.extend([seg[:cut], seg[cut:]])
        else:
            out.append(seg)
    return out


def _disclaimer_segments(segments: list[str], policy: Policy) -> list[int]:
    known = [_norm(policy.disclaimer_long), _norm(policy.disclaimer_short)]
    found: list[int] = []
    for i, seg in enumerate(segments):
        n = _norm(seg)
        if any(k and k in n for k in known) or _DISCLAIMER_CUE.search(seg):
            found.append(i)
    # a long disclaimer spans sentences: pull in the policy text's other sentences
    long_norm = _norm(policy.disclaimer_long)
    for i, seg in enumerate(segments):
        n = _norm(seg).strip()
        if i not in found and n and len(n) > 12 and n in long_norm:
            found.append(i)
    return sorted(found)


def _citations(text: str) -> list[str]:
    found = [m.group(0) for m in _DOI.finditer(text)]
    found += [m.group(0) for m in _PMID.finditer(text)]
    found += [u.value for u in extract_urls(text) if not any(u.value in c for c in found)]
    return found


def protected_items(
    text: str, policy: Policy | None = None, consents: Sequence[ConsentRef] = ()
) -> dict[str, Any]:
    """What an adapted variant must keep: the disclaimer, citations, consent-needing mentions."""
    policy = policy or Policy()
    p = _analyse(text, policy, consents)
    return {
        "disclaimer": p.disclaimer,
        "citations": p.citations,
        "mentions": p.mentions,
        "names": p.names,
    }


def _analyse(text: str, policy: Policy, consents: Sequence[ConsentRef]) -> _Protected:
    segs = _master_segments(text, policy)
    disc = _disclaimer_segments(segs, policy)
    names: list[str] = []
    folded = _norm(text)
    for c in consents:
        for name in (c.person, *c.aliases):
            if name and _norm(name) in folded and name not in names:
                names.append(name)
    return _Protected(
        disclaimer="".join(segs[i] for i in disc).strip() or None,
        citations=_citations(text),
        mentions=[m.group(1) for m in _MENTION_ANY.finditer(text)],
        names=names,
    )


# --------------------------------------------------------------------------- rewriting
def _rewrite_links(
    text: str,
    spec: PlatformSpec,
    policy: Policy,
    utm: Utm | None,
    names: Sequence[str],
    notes: list[str],
    problems: list[str],
    rewrites: dict[str, str],
) -> tuple[str, list[str]]:
    """Add UTM tags to own links; move links the platform does not make clickable."""
    own = {h.lower().removeprefix("www.") for h in (_host(w) for w in policy.organization.website)}
    mode = spec.habits.links if spec.links is None or not spec.links.clickable else "inline"
    moved: list[str] = []
    pieces: list[str] = []
    pos = 0
    for i, url in enumerate(extract_urls(text), start=1):
        target = url.value
        host = _host(target)
        if utm is not None and host in own:
            try:
                target = build_utm_url(
                    target, utm.params(spec.network or spec.name), protected_names=names
                )
            except UtmError as exc:
                problems.append(f"link {i}: {exc}")
        else:
            try:
                build_utm_url(target, {}, protected_names=names)
            except UtmError as exc:
                problems.append(f"link {i}: {exc}")
        pieces.append(text[pos : url.start])
        rewrites[url.value] = target
        if mode == "inline":
            pieces.append(target)
            rewrites[f"shown:{url.value}"] = target
        else:
            moved.append(target)
            label = {"bio": "link in bio", "button": "link on the button", "drop": "link below"}[
                mode
            ]
            inside_parens = text[: url.start].endswith("(")
            shown = _citation_label(url.value)
            pieces.append(f"{shown}, {label}" if inside_parens else f"{shown} ({label})")
            rewrites[f"shown:{url.value}"] = shown
        pos = url.end
    pieces.append(text[pos:])
    if moved:
        where = {
            "bio": "put it in the profile's bio link",
            "button": "put it on the post's call-to-action button",
            "drop": "put it in the description",
        }[mode]
        notes.append(
            f"{spec.display} does not make links in the text clickable: {len(moved)} link"
            f"{'s' if len(moved) != 1 else ''} moved out; {where}: {', '.join(moved)}"
        )
    return "".join(pieces), moved


_PUBMED = regex.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d{5,9})", regex.I)


def _citation_label(url: str) -> str:
    """What stays visible when a link moves out: the DOI, the PMID, or the site's name."""
    doi = _DOI.search(url)
    if doi:
        return f"doi:{doi.group(0)}"
    pmid = _PUBMED.search(url)
    if pmid:
        return f"PMID {pmid.group(1)}"
    return _host(url)


def _host(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return (parts.hostname or "").lower().removeprefix("www.")


def _rewrite_mentions(
    text: str, spec: PlatformSpec, policy: Policy, notes: list[str], rewrites: dict[str, str]
) -> str:
    """Each @mention in the target's handle syntax: the policy's mapping
    (``[options.platform.mentions]``), else kept when valid, else plain text with a note."""
    mapping = policy.option("platform", "mentions", {}) or {}
    syntax = _HANDLE_SYNTAX.get(spec.network)

    def repl(m: regex.Match[str]) -> str:
        handle = m.group(1)
        mapped = mapping.get(f"@{handle}") if isinstance(mapping, Mapping) else None
        if isinstance(mapped, Mapping):
            target = mapped.get(spec.name) or mapped.get(spec.network)
            if isinstance(target, str) and target:
                rewrites[f"mention:{handle}"] = target
                return target
        if spec.network == "linkedin":
            notes.append(
                f"@{handle} is not a LinkedIn mention (LinkedIn needs @[Name](urn:li:...)); "
                "kept as plain text: map it with [options.platform.mentions]"
            )
            return handle
        if syntax is not None and not syntax.match(handle):
            notes.append(
                f"@{handle} is not a valid {spec.display} handle; kept as plain text: map it "
                "with [options.platform.mentions]"
            )
            return handle
        return m.group(0)

    return _MENTION_ANY.sub(repl, text)


def _place_hashtags(
    text: str, spec: PlatformSpec, policy: Policy, notes: list[str]
) -> tuple[str, list[str]]:
    """Strip the trailing hashtag block and return (body, tags to append)."""
    tags = extract_hashtags(text)
    cap = spec.habits.hashtag_count
    limit = spec.hashtags.max if spec.hashtags is not None else None
    overrides = policy.option("platform", "max_hashtags", {}) or {}
    if isinstance(overrides, dict) and isinstance(overrides.get(spec.name), int):
        limit = overrides[spec.name]
    if limit is not None:
        cap = min(cap, limit)
    # the trailing block: hashtags separated only by whitespace at the end
    block_start = len(text.rstrip())
    trailing: list[Entity] = []
    for tag in reversed(tags):
        if text[tag.end : block_start].strip() == "":
            trailing.insert(0, tag)
            block_start = tag.start
        else:
            break
    body = text[:block_start].rstrip()
    inline = [t for t in tags if t not in trailing]
    if spec.habits.hashtags == "none":
        cap = 0
    # inline tags over the cap lose their sign but keep the word
    keep_inline = inline[:cap]
    stripped = [t for t in inline if t not in keep_inline]
    for t in sorted(stripped, key=lambda t: -t.start):
        body = body[: t.start] + body[t.start + 1 :]
    room = max(cap - len(keep_inline), 0)
    seen = {t.value.casefold() for t in keep_inline}
    append: list[str] = []
    for t in trailing:
        if t.value.casefold() not in seen and len(append) < room:
            append.append("#" + t.value)
            seen.add(t.value.casefold())
    dropped = len(tags) - len(keep_inline) - len(append)
    if dropped > 0:
        notes.append(
            f"{spec.display}: kept {len(keep_inline) + len(append)} of {len(tags)} hashtags "
            f"(habit and cap: {cap})"
        )
    return body, append


# --------------------------------------------------------------------------- fitting
def _assemble(body: str, disclaimer: str | None, tags: list[str]) -> str:
    blocks = [body.strip()] if body.strip() else []
    if disclaimer:
        blocks.append(disclaimer.strip())
    if tags:
        blocks.append(" ".join(tags))
    return "\n\n".join(blocks)


def _length(text: str, spec: PlatformSpec, policy: Policy) -> tuple[int, int]:
    c = count(text, spec.name, policy)
    return c.length, c.limit


def _fits(text: str, spec: PlatformSpec, policy: Policy) -> bool:
    if spec.reserved is not None and spec.reserved.action == "escape":
        # measured as published: the escaping backslashes count (the conservative reading)
        text = escape_reserved(text, spec.reserved.chars)
    length, limit = _length(text, spec, policy)
    if length > limit:
        return False
    return all(_extra_ok(text, spec))


def _extra_ok(text: str, spec: PlatformSpec) -> list[bool]:
    from ..platforms.counting import count_text

    return [count_text(text, e.unit) <= e.limit for e in spec.extra_limits]


def _must_keep(seg: str, prot: _Protected) -> bool:
    return any(m and m in seg for m in prot.markers())


def _trim(
    body: str,
    disclaimer: str | None,
    tags: list[str],
    spec: PlatformSpec,
    policy: Policy,
    prot: _Protected,
) -> tuple[str, bool]:
    """Drop whole unprotected sentences from the end until it fits; mark cuts with "…"."""
    segs = _segments(body)
    protected = [_must_keep(seg, prot) for seg in segs]
    free = [i for i, p in enumerate(protected) if not p]

    def render(k: int) -> str:
        """Protected sentences plus the first ``k`` others, in order."""
        allowed = set(free[:k])
        out: list[str] = []
        cut = False
        for i, seg in enumerate(segs):
            if protected[i] or i in allowed:
                if cut:
                    out.append(f"{ELLIPSIS} ")
                    cut = False
                out.append(seg)
            else:
                cut = True
        text = "".join(out).rstrip()
        if cut:
            text = f"{text} {ELLIPSIS}" if text else ELLIPSIS
        return text

    if _fits(_assemble(render(len(free)), disclaimer, tags), spec, policy):
        return render(len(free)), False
    lo, hi = 0, len(free) - 1  # the most sentences that still fit (binary search: long posts)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(_assemble(render(mid), disclaimer, tags), spec, policy):
            lo = mid
        else:
            hi = mid - 1
    if _fits(_assemble(render(lo), disclaimer, tags), spec, policy):
        return render(lo), True
    return _trim_words(render(0), disclaimer, tags, spec, policy, prot), True


def _trim_words(
    body: str,
    disclaimer: str | None,
    tags: list[str],
    spec: PlatformSpec,
    policy: Policy,
    prot: _Protected,
) -> str:
    """No sentence boundary left to cut at: drop unprotected words from the end ("…")."""
    words = body.split(" ")
    # a word is protected when it overlaps a protected item ("PMID 123456" spans two words)
    spans: list[tuple[int, int]] = []
    for marker in prot.markers():
        start = body.find(marker) if marker else -1
        while start != -1:
            spans.append((start, start + len(marker)))
            start = body.find(marker, start + 1)
    protected: list[bool] = []
    offset = 0
    for w in words:
        end = offset + len(w)
        protected.append(any(a < end and offset < b for a, b in spans) or _must_keep(w, prot))
        offset = end + 1
    free = [i for i, p in enumerate(protected) if not p]

    def render(k: int) -> str:
        allowed = set(free[:k])
        out: list[str] = []
        cut = False
        for i, w in enumerate(words):
            if protected[i] or i in allowed:
                if cut:
                    out.append(ELLIPSIS)
                    cut = False
                out.append(w)
            else:
                cut = True
        if cut:
            out.append(ELLIPSIS)
        return " ".join(out)

    lo, hi = 0, len(free)
    while lo < hi:  # the most words that still fit
        mid = (lo + hi + 1) // 2
        if _fits(_assemble(render(mid), disclaimer, tags), spec, policy):
            lo = mid
        else:
            hi = mid - 1
    return render(lo)


def _thread(
    body: str, disclaimer: str | None, tags: list[str], spec: PlatformSpec, policy: Policy
) -> list[str]:
    """Split into numbered posts ("1/3"); sentences stay whole unless one alone is too long."""
    for total_guess in (9, 99):
        suffix_room = f" {total_guess}/{total_guess}"
        # (text, separator before it): paragraph breaks of the master survive in the thread
        pieces: list[tuple[str, str]] = []
        separator = ""
        for seg in _segments(body):
            for j, piece in enumerate(_split_long(seg.strip(), spec, policy, suffix_room)):
                pieces.append((piece, separator if j == 0 else " "))
            trailing = seg[len(seg.rstrip()) :]
            separator = "\n\n" if "\n\n" in trailing else ("\n" if "\n" in trailing else " ")
        tail = [p for p in (disclaimer, " ".join(tags) if tags else None) if p]
        pieces += [(p, "\n\n") for p in tail]
        parts: list[str] = []
        current = ""
        for piece, sep in pieces:
            candidate = f"{current}{sep}{piece}" if current else piece
            if _fits(candidate + suffix_room, spec, policy):
                current = candidate
            else:
                if current:
                    parts.append(current)
                current = piece
        if current:
            parts.append(current)
        if len(parts) <= total_guess:
            n = len(parts)
            return [f"{p} {i}/{n}" for i, p in enumerate(parts, start=1)] if n > 1 else parts
    return parts


def _split_long(seg: str, spec: PlatformSpec, policy: Policy, suffix: str) -> list[str]:
    if _fits(seg + suffix, spec, policy):
        return [seg]
    words = seg.split(" ")
    out: list[str] = []
    current = ""
    for w in words:
        candidate = f"{current} {w}" if current else w
        if _fits(candidate + suffix, spec, policy) or not current:
            current = candidate
        else:
            out.append(current)
            current = w
    if current:
        out.append(current)
    return out


# --------------------------------------------------------------------------- the adapter
def _adapt_one(
    text: str,
    spec: PlatformSpec,
    policy: Policy,
    engine: Engine,
    prot: _Protected,
    *,
    media: tuple[MediaRef, ...],
    consents: tuple[ConsentRef, ...],
    utm: Utm | None,
) -> Variant:
    notes: list[str] = []
    problems: list[str] = []
    segs = _master_segments(text, policy)
    disc_idx = _disclaimer_segments(segs, policy)
    body = "".join(s for i, s in enumerate(segs) if i not in disc_idx)
    disclaimer = prot.disclaimer
    rewrites: dict[str, str] = {}
    body, moved = _rewrite_links(body, spec, policy, utm, prot.names, notes, problems, rewrites)
    prot = _Protected(
        prot.disclaimer,
        prot.citations,
        prot.mentions,
        prot.names,
        [v for k, v in rewrites.items() if k.startswith("shown:")],
    )
    if disclaimer:
        disclaimer, more = _rewrite_links(
            disclaimer, spec, policy, None, prot.names, notes, problems, rewrites
        )
        moved += more
    body = _rewrite_mentions(body, spec, policy, notes, rewrites)
    body, tags = _place_hashtags(body, spec, policy, notes)
    if (
        disclaimer
        and spec.habits.disclaimer == "short"
        and len(policy.disclaimer_short) < len(disclaimer)
    ):
        disclaimer = policy.disclaimer_short
        notes.append("disclaimer: the policy's short form (this platform favours brevity)")
    elsewhere = bool(disclaimer) and spec.habits.disclaimer == "none"
    if elsewhere:
        # a title is not a post: its disclaimer belongs with the text it goes with
        disclaimer = None
        notes.append(
            f"the disclaimer is not part of a {spec.display}: it goes in the accompanying "
            "text (adapt for the description too)"
        )

    parts: list[str]
    full = _assemble(body, disclaimer, tags)
    if _fits(full, spec, policy):
        parts = [full]
    elif spec.habits.thread:
        parts = _thread(body, disclaimer, tags, spec, policy)
        notes.append(f"split into a numbered thread of {len(parts)} posts")
    else:
        if (
            disclaimer
            and disclaimer != policy.disclaimer_short
            and not _fits(
                _assemble(_trim(body, disclaimer, tags, spec, policy, prot)[0], disclaimer, tags),
                spec,
                policy,
            )
        ):
            disclaimer = policy.disclaimer_short
            notes.append("disclaimer: the policy's short form (the long one does not fit)")
        trimmed, cut = _trim(body, disclaimer, tags, spec, policy, prot)
        while not _fits(_assemble(trimmed, disclaimer, tags), spec, policy) and tags:
            tags = tags[:-1]
            notes.append("dropped a trailing hashtag to fit")
        parts = [_assemble(trimmed, disclaimer, tags)]
        if cut:
            notes.append(
                f"trimmed at a sentence boundary to fit the {spec.display} limit (marked {ELLIPSIS})"
            )
        if not _fits(parts[0], spec, policy):
            problems.append(
                f"cannot fit the {spec.display} limit without dropping the disclaimer, a citation "
                "or a mention that needs consent; shorten the master post"
            )
    if spec.reserved is not None and spec.reserved.action == "escape":
        parts = [escape_reserved(p, spec.reserved.chars) for p in parts]
        notes.append("escaped LinkedIn's reserved characters (\\ | { } @ [ ] ( ) < > # * _ ~)")
    if spec.reserved is not None and spec.reserved.action == "forbid":
        table = str.maketrans({"<": "‹", ">": "›"})
        if any(ch in p for p in parts for ch in spec.reserved.chars):
            parts = [p.translate(table) for p in parts]
            notes.append(f"replaced characters {spec.display} refuses (< >) with ‹ ›")

    kept = replace(prot, disclaimer=None) if elsewhere else prot
    problems.extend(_lost(parts, kept, moved, rewrites, policy))
    if not media and spec.media is not None and spec.media.min_items > 0:
        kinds = " or ".join(spec.media.kinds or tuple(spec.media.by_kind)) or "media"
        notes.append(
            f"{spec.display} posts need at least {spec.media.min_items} {kinds}; attach one"
        )
    thread_report: Report | None = None
    if len(parts) == 1:
        reports: tuple[Report, ...] = (
            engine.check(
                CheckInput(
                    text=parts[0], platform=spec.name, media=media, consents=consents, id=spec.name
                )
            ),
        )
    else:
        # Each post of a thread: the platform rules and its counter block. The content rules
        # read the thread as a whole (a reader sees the disclaimer in the last post).
        part_engine = Engine(policy, select=["PLT"])
        reports = tuple(
            part_engine.check(
                CheckInput(
                    text=p,
                    platform=spec.name,
                    media=media if i == 0 else (),
                    consents=consents,
                    id=f"{spec.name}#{i + 1}",
                )
            )
            for i, p in enumerate(parts)
        )
        whole = engine.check(
            CheckInput(
                text="\n\n".join(parts),
                platform=spec.name,
                consents=consents,
                id=f"{spec.name}#thread",
            )
        )
        thread_report = replace(
            whole,
            findings=tuple(f for f in whole.findings if not f.code.startswith("PLT")),
            platform=None,
        )
    return Variant(
        platform=spec.name,
        display=spec.display,
        parts=tuple(parts),
        reports=reports,
        notes=tuple(dict.fromkeys(notes)),
        problems=tuple(problems),
        moved_links=tuple(moved),
        thread_report=thread_report,
    )


def _lost(
    parts: Sequence[str],
    prot: _Protected,
    moved: Sequence[str],
    rewrites: dict[str, str],
    policy: Policy,
) -> list[str]:
    """Protected items missing from the variant (the adapter never drops them silently)."""
    whole = "\n".join(parts)
    plain = whole.replace("\\", "")  # LinkedIn escapes
    lost: list[str] = []
    if prot.disclaimer:
        n = _norm(plain)
        if _norm(prot.disclaimer) not in n and _norm(policy.disclaimer_short) not in n:
            lost.append("the disclaimer was lost")
    for c in prot.citations:
        final = rewrites.get(c, c)
        if c in plain or final in plain:
            continue
        if final in moved and _citation_label(c) in plain:
            continue
        if any(c in m and _citation_label(m) in plain for m in moved):
            continue  # a DOI or PMID inside a moved link, shown by its label
        lost.append("a citation (DOI, PMID or link) was lost")
    for m in prot.mentions:
        mapped = rewrites.get(f"mention:{m}")
        if m not in plain and not (mapped and mapped.replace("\\", "") in plain):
            lost.append("a mention was lost")
    for name in prot.names:
        if _norm(name) not in _norm(plain):
            lost.append("a consented person's mention was lost")
    return list(dict.fromkeys(lost))


def adapt(
    text: str,
    platforms: Sequence[str],
    *,
    policy: Policy | None = None,
    engine: Engine | None = None,
    media: Sequence[MediaRef] = (),
    consents: Sequence[ConsentRef] = (),
    utm: Utm | None = None,
) -> AdaptResult:
    """A checked variant of ``text`` per platform (names or aliases; unknown ones raise)."""
    started = time.perf_counter()
    if not text.strip():
        raise InputError("the master post is empty (nothing to adapt)")
    if not platforms:
        raise InputError("no platforms given (e.g. x,instagram,linkedin)")
    policy = policy or (engine.policy if engine else Policy())
    engine = engine or Engine(policy)
    specs = list({get_spec(p).name: get_spec(p) for p in platforms}.values())
    prot = _analyse(text, policy, consents)
    variants = tuple(
        _adapt_one(
            text,
            spec,
            policy,
            engine,
            prot,
            media=tuple(media),
            consents=tuple(consents),
            utm=utm,
        )
        for spec in specs
    )
    return AdaptResult(variants=variants, elapsed_ms=(time.perf_counter() - started) * 1000)
