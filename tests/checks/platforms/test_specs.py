"""Platform specs: every surface present, every value sourced, bad files rejected with file:line."""

from __future__ import annotations

import pytest

from carepost.checks import DataFileError, check
from carepost.checks.platforms import count, get_spec, known_platforms, load_specs, parse_ratio

SURFACES = [
    "x",
    "instagram",
    "instagram_reels",
    "instagram_stories",
    "instagram_carousel",
    "facebook",
    "linkedin",
    "linkedin_org",
    "tiktok",
    "threads",
    "youtube",
    "youtube_title",
    "youtube_shorts",
    "bluesky",
    "mastodon",
    "google_business",
    "google_reviews",
    "yelp",
]


def test_every_surface_has_a_spec() -> None:
    assert set(SURFACES) <= set(known_platforms())


@pytest.mark.parametrize("name", SURFACES)
def test_every_value_carries_a_source(name: str) -> None:
    spec = get_spec(name)
    assert spec.source.strip()
    blocks = [spec.hashtags, spec.mentions, spec.links, spec.reserved, *spec.extra_limits]
    for block in blocks:
        if block is not None:
            assert block.source.strip()
    if spec.media is not None:
        assert spec.media.source.strip()
        for kind in spec.media.by_kind.values():
            assert kind.source.strip()


@pytest.mark.parametrize(
    ("name", "limit", "unit"),
    [
        ("x", 280, "weighted"),
        ("threads", 500, "threads"),
        ("instagram", 2200, "utf16"),
        ("tiktok", 2200, "utf16"),
        ("linkedin", 3000, "utf16"),
        ("youtube_title", 100, "utf16"),
        ("youtube", 5000, "bytes"),
        ("bluesky", 300, "graphemes"),
        ("mastodon", 500, "mastodon"),
    ],
)
def test_text_limits(name: str, limit: int, unit: str) -> None:
    spec = get_spec(name)
    assert (spec.limit, spec.unit) == (limit, unit)


def test_documented_entity_rules() -> None:
    assert get_spec("instagram").hashtags.max == 5  # type: ignore[union-attr]
    assert get_spec("instagram").hashtags.verified is False  # type: ignore[union-attr]
    assert get_spec("threads").links.max == 5  # type: ignore[union-attr]
    assert get_spec("linkedin_org").reserved.chars == "\\|{}@[]()<>#*_~"  # type: ignore[union-attr]
    assert get_spec("youtube_title").reserved.action == "forbid"  # type: ignore[union-attr]
    assert get_spec("bluesky").extra_limits[0].limit == 3000
    assert get_spec("bluesky").media.alt_text.required is True  # type: ignore[union-attr]
    assert get_spec("twitter") is get_spec("x")


def test_unverified_limit_warns_instead_of_blocking() -> None:
    report = check("a" * 3001, platform="linkedin")
    (finding,) = [f for f in report.findings if f.code == "PLT001"]
    assert finding.level.value == "warning"
    assert not report.blocking


def test_mastodon_instance_limit_from_policy() -> None:
    from carepost.checks import Policy

    policy = Policy.from_mapping({"options": {"platform": {"limits": {"mastodon": 1000}}}})
    assert count("x" * 600, "mastodon", policy).to_dict()["remaining"] == 400
    assert count("x" * 600, "mastodon").remaining == -100


@pytest.mark.parametrize(("value", "expected"), [("4:5", 0.8), ("1.91:1", 1.91), (2, 2.0)])
def test_parse_ratio(value: object, expected: float) -> None:
    assert parse_ratio(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ("x:\n  text: {limit: 5, unit: furlongs, source: s}\n", "t.yaml:2: x.text.unit"),
        ("x:\n  display: X\n  text: {limit: 5, unit: bytes}\n", "t.yaml:3: x.text"),
        ("x:\n  text: {limit: -1, unit: bytes, source: s}\n", "t.yaml:2: x.text.limit"),
        (
            "x:\n  text: {limit: 5, unit: bytes, source: s}\n  media:\n    source: s\n"
            "    image: {min_aspect: 4-5, source: s}\n",
            "t.yaml:5: x.media.image.min_aspect",
        ),
        ("x:\n  text: {limit: 5, unit: bytes, source: s}\n  colour: red\n", "t.yaml:3: x.colour"),
        (
            "x:\n  text: {limit: 5, unit: bytes, source: s}\ny:\n  aliases: [x]\n"
            "  text: {limit: 5, unit: bytes, source: s}\n",
            "t.yaml:3: y",
        ),
        ("x: [\n", "t.yaml:2"),
    ],
)
def test_invalid_spec_files_name_file_line_and_key(document: str, where: str) -> None:
    with pytest.raises(DataFileError) as info:
        load_specs(document, path="t.yaml")
    assert str(info.value).startswith(where)
