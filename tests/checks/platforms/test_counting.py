"""Counting per platform unit: our own tables beyond the third-party suites."""

from __future__ import annotations

import pytest

from carepost.checks import check
from carepost.checks.platforms import count
from carepost.checks.platforms.counting import count_text
from carepost.checks.platforms.emoji import emoji_spans
from carepost.checks.platforms.twitter_text import CONFIG_V2, parse_tweet

# Emoji newer than the Emoji 12 tables of the 2019 reference libraries: each is one sequence
# and X weighs it 2 (its documentation: any emoji counts 2 regardless of complexity).
NEW_EMOJI = [
    ("\u2764\ufe0f\u200d\U0001f525", "heart on fire (Emoji 13.1)"),
    ("\u2764\ufe0f\u200d\U0001fa79", "mending heart (Emoji 13.1)"),
    ("\U0001f62e\u200d\U0001f4a8", "face exhaling (Emoji 13.1)"),
    ("\U0001f635\u200d\U0001f4ab", "face with spiral eyes (Emoji 13.1)"),
    ("\U0001f9d1\u200d\U0001f9d1\u200d\U0001f9d2", "family: adult, adult, child (Emoji 15.1)"),
    ("\U0001f9d1\u200d\U0001f9d2\u200d\U0001f9d2", "family: adult, child, child (Emoji 15.1)"),
    ("\U0001f426\u200d\U0001f525", "phoenix (Emoji 15.1)"),
    ("\U0001f34b\u200d\U0001f7e9", "lime (Emoji 15.1)"),
    ("\U0001f6b6\u200d\u27a1\ufe0f", "person walking facing right (Emoji 15.1)"),
    ("\U0001f9d1\U0001f3fd\u200d\U0001fa7c", "person with white cane, medium skin (Emoji 12.1)"),
    ("\U0001f9d1\U0001f3fe\u200d\u2695\ufe0f", "health worker, medium-dark skin (Emoji 12.1)"),
    ("\U0001fac6", "fingerprint (Emoji 16.0)"),
    ("\U0001faf6\U0001f3fd", "heart hands, medium skin (Emoji 14.0)"),
    ("\U0001f1fa\U0001f1f8", "flag (regional indicators)"),
    ("\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "flag: Scotland"),
    ("#\ufe0f\u20e3", "keycap #"),
]


@pytest.mark.parametrize(("emoji", "label"), NEW_EMOJI, ids=[label for _, label in NEW_EMOJI])
def test_new_emoji_sequences_weigh_two_on_x(emoji: str, label: str) -> None:
    assert count_text(emoji, "weighted") == 2, label
    assert count_text(f"Hi {emoji}!", "weighted") == 6, label
    assert emoji_spans(emoji) == [(0, len(emoji))]
    assert count_text(emoji, "graphemes") == 1  # Bluesky: one grapheme too


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\r\n", 2),  # like the JavaScript reference library
        ("a\r\nb", 4),
        ("©", 1),  # text presentation: an ordinary Latin-1 character
        ("©\ufe0f", 2),  # emoji presentation: one emoji
        ("1", 1),
        ("1\ufe0f\u20e3", 2),
        ("™", 2),  # U+2122 lies outside the weight-1 ranges
        ("“quoted” — fine…", 17),  # general punctuation weighs 1, but "…" (U+2026) 2
        ("See https://example.org/a/very/long/path/that/is/long", 27),
        ("www.cdc.gov/flu", 23),
        ("A\u0301", 1),  # NFC first
    ],
)
def test_x_weighted_length(text: str, expected: int) -> None:
    assert count_text(text, "weighted") == expected


def test_v2_config_counts_each_code_point_of_a_sequence() -> None:
    assert parse_tweet("\u2764\ufe0f\u200d\U0001f525", CONFIG_V2).weighted_length == 7


@pytest.mark.parametrize(
    ("text", "graphemes", "utf8"),
    [
        ("", 0, 0),
        ("a", 1, 1),
        ("ö", 1, 2),
        ("o\u0308", 1, 3),
        ("नमस्ते", 3, 18),
        ("👩‍👩‍👧‍👧", 1, 25),
        ("🇩🇪🏳️‍🌈", 2, 22),
        ("\r\n", 1, 2),
        ("한국어", 3, 9),
    ],
)
def test_bluesky_graphemes_and_bytes(text: str, graphemes: int, utf8: int) -> None:
    assert count_text(text, "graphemes") == graphemes
    assert count_text(text, "bytes") == utf8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello", 5),
        ("Read https://example.org/" + "x" * 80, 5 + 23),
        ("cc @nurse@mastodon.example.org", 9),  # remote mention counts as @nurse
        ("cc @nurse", 9),
        ("email nurse@example.org", 23),  # an address is not a mention
        ("👩‍👩‍👧‍👧 ok", 4),
        ("example.org without scheme", 26),  # only http(s) URLs are shortened
    ],
)
def test_mastodon_counting(text: str, expected: int) -> None:
    assert count_text(text, "mastodon") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hello", 5), ("Hi 😷", 3 + 4), ("❤️‍🔥", 13), ("é", 1)],
)
def test_threads_counts_emoji_as_utf8_bytes(text: str, expected: int) -> None:
    assert count_text(text, "threads") == expected


@pytest.mark.parametrize(("text", "expected"), [("a", 1), ("😷", 2), ("❤️‍🔥", 5), ("\r\n", 2)])
def test_utf16(text: str, expected: int) -> None:
    assert count_text(text, "utf16") == expected


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown counting unit 'furlongs'"):
        count_text("a", "furlongs")


@pytest.mark.parametrize(
    ("platform", "text", "length", "limit", "unit"),
    [
        ("x", "Flu shots 💉 at https://example.org/flu", 39, 280, "weighted"),
        ("bluesky", "🇩🇪 hi", 4, 300, "graphemes"),
        ("mastodon", "hi @a@b.example", 5, 500, "mastodon"),
        ("threads", "hi 😷", 7, 500, "threads"),
        ("tiktok", "hi 😷", 5, 2200, "utf16"),
        ("instagram", "hi", 2, 2200, "utf16"),
        ("linkedin", "hi", 2, 3000, "utf16"),
        ("youtube", "é", 2, 5000, "bytes"),
    ],
)
def test_platform_block_for_every_unit(
    platform: str, text: str, length: int, limit: int, unit: str
) -> None:
    expected = {
        "name": platform,
        "length": length,
        "limit": limit,
        "unit": unit,
        "remaining": limit - length,
    }
    assert count(text, platform).to_dict() == expected
    assert check(text, platform=platform).to_dict()["platform"] == expected
