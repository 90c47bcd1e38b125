"""Load the third-party conformance suites vendored unchanged in ``tests/data/conformance``.

Used by the tests and by ``bench/conformance.py`` (which prints pass counts per section).
A missing suite is an error, never a skip (see tests/data/conformance/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from carepost.checks.platforms import twitter_text as tt

ROOT = Path(__file__).resolve().parents[3]


CONFORMANCE = ROOT / "tests" / "data" / "conformance"
TWITTER = CONFORMANCE / "twitter-text"
ATPROTO = CONFORMANCE / "atproto"


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(
            f"conformance data missing: {path} (vendored in tests/data/conformance)"
        )
    return path


@cache
def load_yaml(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_require(TWITTER / name).read_text("utf-8"))
    return data


def _config(version: int) -> tt.TweetConfig:
    raw = json.loads(_require(TWITTER / "config" / f"v{version}.json").read_text("utf-8"))
    return tt.TweetConfig(
        version=raw["version"],
        max_weighted_length=raw["maxWeightedTweetLength"],
        scale=raw["scale"],
        default_weight=raw["defaultWeight"],
        transformed_url_length=raw["transformedURLLength"],
        emoji_parsing=bool(raw.get("emojiParsingEnabled", False)),
        ranges=tuple((r["start"], r["end"], r["weight"]) for r in raw["ranges"]),
    )


def _parse(version: int) -> Callable[[str], Any]:
    def run(text: str) -> dict[str, Any]:
        r = tt.parse_tweet(text, _config(version))
        return {
            "weightedLength": r.weighted_length,
            "valid": r.valid,
            "permillage": r.permillage,
            "displayRangeStart": r.display_range_start,
            "displayRangeEnd": r.display_range_end,
            "validRangeStart": r.valid_range_start,
            "validRangeEnd": r.valid_range_end,
        }

    return run


def _values(fn: Callable[[str], list[tt.Entity]]) -> Callable[[str], Any]:
    return lambda text: [e.value for e in fn(text)]


def _urls_with_indices(text: str) -> Any:
    return [{"url": e.value, "indices": [e.start, e.end]} for e in tt.extract_urls(text)]


def _hashtags_with_indices(text: str) -> Any:
    return [{"hashtag": e.value, "indices": [e.start, e.end]} for e in tt.extract_hashtags(text)]


def _mentions_with_indices(text: str) -> Any:
    return [
        {"screen_name": e.value, "indices": [e.start, e.end]} for e in tt.extract_mentions(text)
    ]


def _mentions_or_lists_with_indices(text: str) -> Any:
    return [
        {"screen_name": e.value, "list_slug": e.list_slug, "indices": [e.start, e.end]}
        for e in tt.extract_mentions_or_lists(text)
    ]


def _cashtags_with_indices(text: str) -> Any:
    return [{"cashtag": e.value, "indices": [e.start, e.end]} for e in tt.extract_cashtags(text)]


#: (file, section) -> function computing the expected value from the text
SECTIONS: dict[tuple[str, str], Callable[[str], Any]] = {
    ("validate.yml", "WeightedTweetsCounterTest"): _parse(2),
    ("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest"): _parse(3),
    ("validate.yml", "UnicodeDirectionalMarkerCounterTest"): _parse(3),
    ("extract.yml", "urls"): _values(tt.extract_urls),
    ("extract.yml", "urls_with_indices"): _urls_with_indices,
    ("extract.yml", "urls_with_directional_markers"): _urls_with_indices,
    ("extract.yml", "tco_urls_with_params"): _values(tt.extract_urls),
    ("extract.yml", "hashtags"): _values(tt.extract_hashtags),
    ("extract.yml", "hashtags_from_astral"): _values(tt.extract_hashtags),
    ("extract.yml", "hashtags_with_indices"): _hashtags_with_indices,
    ("extract.yml", "mentions"): _values(tt.extract_mentions),
    ("extract.yml", "mentions_with_indices"): _mentions_with_indices,
    ("extract.yml", "mentions_or_lists_with_indices"): _mentions_or_lists_with_indices,
    ("extract.yml", "replies"): tt.extract_reply,
    ("extract.yml", "cashtags"): _values(tt.extract_cashtags),
    ("extract.yml", "cashtags_with_indices"): _cashtags_with_indices,
    ("tlds.yml", "country"): _values(tt.extract_urls),
    ("tlds.yml", "generic"): _values(tt.extract_urls),
}


@dataclass(frozen=True)
class Case:
    file: str
    section: str
    index: int
    description: str
    text: str
    expected: Any

    @property
    def id(self) -> str:
        return f"{self.file}:{self.section}:{self.index}"


def twitter_cases() -> Iterator[Case]:
    for file, section in SECTIONS:
        for i, case in enumerate(load_yaml(file)["tests"][section]):
            expected = case.get("expected")
            yield Case(file, section, i, case.get("description", ""), case["text"], expected)


def run_case(case: Case) -> Any:
    return SECTIONS[(case.file, case.section)](case.text)


@dataclass(frozen=True)
class LengthCase:
    """A string field of the atproto interop record data with its lexicon length bounds."""

    name: str
    field: str  # graphemeString (graphemes) or lenString (UTF-8 bytes)
    text: str
    minimum: int
    maximum: int
    expected_valid: bool


def atproto_length_cases() -> Iterator[LengthCase]:
    """Length-constrained strings of ``record-data-{valid,invalid}.json``.

    Only invalid records whose name says which length rule they break count as "invalid";
    other invalid records break unrelated rules, so their length fields must still be valid.
    """
    lexicon = ATPROTO / "lexicon"
    catalog = json.loads(_require(lexicon / "catalog" / "record.json").read_text("utf-8"))
    props = catalog["defs"]["main"]["record"]["properties"]
    bounds = {
        "graphemeString": (
            props["graphemeString"]["minGraphemes"],
            props["graphemeString"]["maxGraphemes"],
        ),
        "lenString": (props["lenString"]["minLength"], props["lenString"]["maxLength"]),
    }
    marks = {"graphemeString": "(graphemes)", "lenString": "string too"}
    for file, valid in (("record-data-valid.json", True), ("record-data-invalid.json", False)):
        for record in json.loads(_require(lexicon / file).read_text("utf-8")):
            for field, (lo, hi) in bounds.items():
                value = record["data"].get(field)
                if not isinstance(value, str):
                    continue
                name = record["name"]
                breaks = (
                    not valid
                    and marks[field] in name
                    and (field == "graphemeString" or "(graphemes)" not in name)
                )
                yield LengthCase(name, field, value, lo, hi, not breaks)
