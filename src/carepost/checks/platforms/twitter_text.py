"""X (Twitter) text: entity extraction and the weighted length of a post.

A clean-room Python implementation of the behaviour specified by the twitter-text conformance
suite (github.com/twitter/twitter-text, ``conformance/*.yml``): URLs (with and without a
protocol, t.co slugs, IDN and punycode labels), hashtags, mentions and lists, cashtags and
replies, and ``parse_tweet`` with the v2/v3 weighting configurations. Indices are Python ``str``
indices (code points), like the suite's; the ``*_range_*`` fields of ``parse_tweet`` are UTF-16
code unit indices, as the suite (written against JavaScript) expects.

Two deliberate differences from the 2019 reference libraries, both documented by X:
every emoji sequence, including ZWJ sequences newer than Emoji 12 (``❤️‍🔥``, ``🧑‍🧑‍🧒``),
weighs as one emoji (see ``emoji.py``), and ``"\\r\\n"`` counts as two characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex
import yaml

from .emoji import emoji_spans

__all__ = [
    "CONFIG_V2",
    "CONFIG_V3",
    "Entity",
    "TweetConfig",
    "TweetParse",
    "extract_cashtags",
    "extract_entities",
    "extract_hashtags",
    "extract_mentions",
    "extract_mentions_or_lists",
    "extract_reply",
    "extract_urls",
    "parse_tweet",
]


@dataclass(frozen=True, slots=True)
class TweetConfig:
    """A twitter-text weighting configuration (``config/v2.json``, ``config/v3.json``)."""

    version: int
    max_weighted_length: int = 280
    scale: int = 100
    default_weight: int = 200
    transformed_url_length: int = 23
    emoji_parsing: bool = True
    ranges: tuple[tuple[int, int, int], ...] = (
        (0, 4351, 100),
        (8192, 8205, 100),
        (8208, 8223, 100),
        (8242, 8247, 100),
    )

    def weight(self, codepoint: int) -> int:
        for start, end, weight in self.ranges:
            if start <= codepoint <= end:
                return weight
        return self.default_weight


CONFIG_V2 = TweetConfig(version=2, emoji_parsing=False)
CONFIG_V3 = TweetConfig(version=3, emoji_parsing=True)


@dataclass(frozen=True, slots=True)
class Entity:
    """An extracted entity; ``start``/``end`` are ``str`` indices, ``end`` exclusive."""

    kind: str  # url | hashtag | mention | cashtag
    value: str  # the URL text, or the tag/name without its sign
    start: int
    end: int
    list_slug: str = ""


# --------------------------------------------------------------------------- character classes
_PUNCT = r"!'\"#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_INVALID_SET = frozenset("\ufffe\ufeff\uffff")
_CYRILLIC = r"\u0400-\u04FF"
_AT = "@＠"
_HASH = "#＃"

_DOMAIN_CHAR = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_SUBDOMAIN = rf"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_DOMAIN_NAME = rf"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_PUNYCODE = r"(?:xn--[\-0-9a-z]+)"
_TLD_END = r"(?=[^0-9a-zA-Z@+-]|$)"

_PATH_CHAR = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}]"
_BALANCED_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = rf"(?:[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|(?:{_BALANCED_PARENS}))"
_PATH = (
    rf"(?:(?:{_PATH_CHAR}*(?:{_BALANCED_PARENS}{_PATH_CHAR}*)*{_PATH_END})"
    rf"|(?:@{_PATH_CHAR}+/))"
)
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"
_URL_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|^)"
_DIRECTIONAL_ANY = rf"[{_DIRECTIONAL}]"


@cache
def _tlds() -> tuple[str, str]:
    raw: Any = yaml.safe_load(
        resources.files(__package__).joinpath("data/tld_lib.yml").read_text("utf-8")
    )

    def alternation(names: list[str]) -> str:
        ordered = sorted({str(n) for n in names}, key=lambda n: (-len(n), n))
        return "|".join(regex.escape(n) for n in ordered)

    return alternation(raw["generic"]), alternation(raw["country"])


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    gtld, cctld = _tlds()
    gtld_re = rf"(?:(?:{gtld}){_TLD_END})"
    cctld_re = rf"(?:(?:{cctld}){_TLD_END})"
    domain = rf"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}(?:{gtld_re}|{cctld_re}|{_PUNYCODE}))"
    flags = regex.IGNORECASE | regex.VERSION0
    letter = r"[\p{L}\p{M}]"
    alnum = r"[\p{L}\p{M}\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\xb7]"
    return {
        "url": regex.compile(
            rf"({_URL_PRECEDING})"  # 1 preceding
            rf"((https?://)?"  # 2 url, 3 protocol
            rf"({domain})"  # 4 domain
            r"(?::([0-9]+))?"  # 5 port
            rf"(/{_PATH}*)?"  # 6 path
            rf"(\?{_QUERY_CHAR}*{_QUERY_END})?)",  # 7 query
            flags,
        ),
        "ascii_domain": regex.compile(
            rf"(?:(?:[\-a-z0-9{_LATIN_ACCENTS}]+)\.)+(?:{gtld_re}|{cctld_re}|{_PUNYCODE})", flags
        ),
        "tco": regex.compile(
            rf"^https?://t\.co/([a-z0-9]+)(?:\?{_QUERY_CHAR}*{_QUERY_END})?", flags
        ),
        "hashtag": regex.compile(
            rf"((?:^|\uFE0E|\uFE0F|$|(?!{alnum}|&)[\s\S]))([{_HASH}])(?!\uFE0F|\u20E3)"
            rf"({alnum}*{letter}{alnum}*)",
            flags,
        ),
        "hashtag_end": regex.compile(rf"(?:[{_HASH}]|://)"),
        "mention": regex.compile(
            r"((?:^|[^a-zA-Z0-9_!#$%&*@＠]|(?:^|[^a-zA-Z0-9_+~.-])(?:rt|RT|rT|Rt):?))"
            rf"([{_AT}])([a-zA-Z0-9_]{{1,20}})(/[a-zA-Z][a-zA-Z0-9_\-]{{0,24}})?"
        ),
        "mention_end": regex.compile(rf"(?:[{_AT}]|[{_LATIN_ACCENTS}]|://)"),
        "reply": regex.compile(
            rf"^(?:[{_SPACES}]|{_DIRECTIONAL_ANY})*[{_AT}]([a-zA-Z0-9_]{{1,20}})"
        ),
        "cashtag": regex.compile(
            rf"(^|[{_SPACES}])(\$)([a-z]{{1,6}}(?:[._][a-z]{{1,2}})?)(?=$|\s|[{_PUNCT}])", flags
        ),
    }


_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40
_MAX_LABEL_LENGTH = 63


def _domain_is_valid(domain: str, url: str, protocol: str) -> bool:
    """Every DNS label fits in 63 characters once punycode-encoded, and the URL in 4,096."""
    p = _patterns()
    if domain.lower().startswith("xn--") and not p["ascii_domain"].search(domain):
        return False
    encoded_length = 0
    labels = domain.split(".")
    for label in labels:
        try:
            encoded = label.encode("idna") if label else b""
        except UnicodeError:
            try:
                encoded = b"xn--" + label.encode("punycode") if not label.isascii() else b""
            except UnicodeError:
                return False
            if label.isascii():
                encoded = label.encode("ascii")
        if not 1 <= len(encoded) <= _MAX_LABEL_LENGTH:
            return False
        encoded_length += len(encoded)
    encoded_length += len(labels) - 1
    return len(protocol) + len(url) + encoded_length - len(domain) <= _MAX_URL_LENGTH


_TOKEN_WITH_DOT = regex.compile(rf"[^{_SPACES}]*\.[^{_SPACES}]*")


def _url_matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)``, run only over space-free runs that contain a dot.

    No character class of a URL (domain, path, query) admits twitter-text's spaces, so every
    match lies in one such run, its preceding character being the run's own or the whitespace before it.
    Skipping the rest makes long posts several times faster and changes no match.
    """
    for token in _TOKEN_WITH_DOT.finditer(text):
        start = max(token.start() - 1, 0)
        yield from pattern.finditer(text, start, token.end())


def extract_urls(text: str, *, without_protocol: bool = True) -> list[Entity]:
    """URLs as X detects (and counts) them."""
    if len(text) > _CACHE_TEXT_LIMIT:  # keep the cache small: posts, not documents
        return _extract_urls(text, without_protocol=without_protocol)
    return list(_extract_urls_cached(text, without_protocol))


_CACHE_TEXT_LIMIT = 10_000


@lru_cache(maxsize=256)
def _extract_urls_cached(text: str, without_protocol: bool) -> tuple[Entity, ...]:
    return tuple(_extract_urls(text, without_protocol=without_protocol))


def _extract_urls(text: str, *, without_protocol: bool = True) -> list[Entity]:
    if not text or ("." not in text if without_protocol else ":" not in text):
        return []
    p = _patterns()
    urls: list[Entity] = []
    for m in _url_matches(p["url"], text):
        before, url, protocol, domain, path = m.group(1, 2, 3, 4, 6)
        start, end = m.start(2), m.end(2)
        if not _domain_is_valid(domain, url, protocol or "https://"):
            continue
        if not protocol:
            if not without_protocol or regex.search(r"[-_./]$", before):
                continue
            last: list[int] | None = None
            pos = 0
            for am in p["ascii_domain"].finditer(domain):
                a_start = domain.index(am.group(0), pos)
                pos = a_start + len(am.group(0))
                last = [start + a_start, start + pos]
                urls.append(Entity("url", am.group(0), last[0], last[1]))
            if last is None:
                continue
            if path:
                # the last ASCII domain carries the path and query
                if urls and urls[-1].start == last[0]:
                    urls[-1] = Entity("url", text[last[0] : end], last[0], end)
                else:
                    urls.append(Entity("url", text[last[0] : end], last[0], end))
        else:
            tco = p["tco"].match(url)
            if tco:
                if len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                    continue
                url = tco.group(0)
                end = start + len(url)
            urls.append(Entity("url", url, start, end))
    return urls


def extract_hashtags(text: str, *, check_url_overlap: bool = True) -> list[Entity]:
    if not text or not regex.search(f"[{_HASH}]", text):
        return []
    p = _patterns()
    tags: list[Entity] = []
    pos = 0
    while True:
        m = p["hashtag"].search(text, pos)
        if m is None:
            break
        pos = m.end() if m.end() > m.start() else m.end() + 1
        if p["hashtag_end"].match(text, m.end()):
            continue
        start = m.start(2)
        tags.append(Entity("hashtag", m.group(3), start, m.end(3)))
    if check_url_overlap and tags:
        urls = extract_urls(text)
        if urls:
            kept = _remove_overlaps([*tags, *urls])
            tags = [e for e in kept if e.kind == "hashtag"]
    return tags


def extract_mentions_or_lists(text: str) -> list[Entity]:
    if not text or not regex.search(f"[{_AT}]", text):
        return []
    p = _patterns()
    found: list[Entity] = []
    for m in p["mention"].finditer(text):
        if p["mention_end"].match(text, m.end()):
            continue
        found.append(Entity("mention", m.group(3), m.start(2), m.end(), m.group(4) or ""))
    return found


def extract_mentions(text: str) -> list[Entity]:
    """Mentions of accounts (``@name``), not lists (``@name/list``)."""
    return [e for e in extract_mentions_or_lists(text) if not e.list_slug]


def extract_reply(text: str) -> str | None:
    """The screen name a post replies to (a mention at the very start), if any."""
    p = _patterns()
    m = p["reply"].match(text or "")
    if m is None or p["mention_end"].match(text, m.end()):
        return None
    return m.group(1)


def extract_cashtags(text: str) -> list[Entity]:
    if not text or "$" not in text:
        return []
    return [
        Entity("cashtag", m.group(3), m.start(2), m.end(3))
        for m in _patterns()["cashtag"].finditer(text)
    ]


def extract_entities(text: str) -> list[Entity]:
    """URLs, mentions, hashtags and cashtags without overlaps, in text order."""
    entities = [
        *extract_urls(text),
        *extract_mentions_or_lists(text),
        *extract_hashtags(text, check_url_overlap=False),
        *extract_cashtags(text),
    ]
    return _remove_overlaps(entities)


def _remove_overlaps(entities: list[Entity]) -> list[Entity]:
    ordered = sorted(entities, key=lambda e: e.start)
    kept: list[Entity] = []
    for e in ordered:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return kept


# --------------------------------------------------------------------------- weighted length
@dataclass(frozen=True, slots=True)
class TweetParse:
    """What twitter-text's ``parseTweet`` returns (ranges in UTF-16 code units, inclusive)."""

    weighted_length: int
    valid: bool
    permillage: int
    display_range_start: int
    display_range_end: int
    valid_range_start: int
    valid_range_end: int


def _utf16(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def parse_tweet(text: str, config: TweetConfig = CONFIG_V3) -> TweetParse:
    normalized = unicodedata.normalize("NFC", text)
    urls = {e.start: e.end for e in extract_urls(normalized)}
    emojis = dict(emoji_spans(normalized)) if config.emoji_parsing else {}
    weighted = 0
    valid = True
    valid_index = 0  # UTF-16 index of the last code unit that still fits
    unit_index = -1  # UTF-16 index of the last code unit consumed
    limit = config.max_weighted_length * config.scale
    i = 0
    n = len(normalized)
    while i < n:
        if i in urls:
            end = urls[i]
            weighted += config.transformed_url_length * config.scale
        elif i in emojis:
            end = emojis[i]
            weighted += config.default_weight
        else:
            end = i + 1
            weighted += config.weight(ord(normalized[i]))
        chunk = normalized[i:end]
        unit_index += len(chunk) if chunk.isascii() else sum(_utf16(c) for c in chunk)
        if valid and not _INVALID_SET.isdisjoint(chunk):
            valid = False
        if valid and weighted <= limit:
            valid_index = unit_index
        i = end
    original_units = sum(_utf16(c) for c in text)
    normalized_units = unit_index + 1
    length = weighted // config.scale
    return TweetParse(
        weighted_length=length,
        valid=valid and 0 < length <= config.max_weighted_length,
        permillage=(weighted * 1000) // limit,
        display_range_start=0,
        display_range_end=max(original_units - 1, 0),
        valid_range_start=0,
        valid_range_end=valid_index + original_units - normalized_units,
    )


def weighted_length(text: str, config: TweetConfig = CONFIG_V3) -> int:
    return parse_tweet(text, config).weighted_length
