"""Platform text and media rules: positives and hard negatives."""

from __future__ import annotations

from typing import Any

import pytest

from carepost.checks import Engine, check
from carepost.checks.model import CheckInput, MediaRef
from carepost.checks.platforms.escaping import escape_reserved, unescaped_reserved


def codes(text: str, platform: str, **fields: Any) -> dict[str, str]:
    report = Engine(select=["PLT"]).check(CheckInput(text=text, platform=platform, **fields))
    return {f.code: f.level.value for f in report.findings}


def img(**kw: Any) -> MediaRef:
    base: dict[str, Any] = {"kind": "image", "format": "jpeg", "alt_text": "A clinic sign"}
    base.update(kw)
    return MediaRef(**base)


@pytest.mark.parametrize(
    ("text", "platform", "expected"),
    [
        ("#a1 #b #c #d #e #f", "instagram", {"PLT002": "warning"}),  # unverified cap: warning
        ("#a #b #c #d #e", "instagram", {}),
        ("#flu #shots", "threads", {"PLT002": "warning"}),
        ("Flu shots #1 priority", "threads", {}),  # '#1' is not a hashtag
        ("Tags: " + " ".join(f"#t{i}x" for i in range(16)), "youtube", {"PLT002": "warning"}),
        ("Resources " + " ".join(f"e{i}.org" for i in range(6)), "threads", {"PLT004": "error"}),
        ("Resources " + " ".join(f"e{i}.org" for i in range(6)), "x", {}),
        ("Visit cdc.gov/flu for more", "instagram", {"PLT007": "warning"}),
        ("Source: cdc.gov (link in bio)", "instagram", {}),
        ("Visit cdc.gov/flu for more", "tiktok", {"PLT007": "warning"}),
        ("Email flu@clinic.example", "instagram", {}),  # an address is not a link
        ("Kids <5", "youtube", {"PLT006": "error"}),
        ("a > b", "youtube_title", {"PLT006": "error"}),
        ("Kids <5", "tiktok", {}),
        ("Open (Mon–Fri)", "linkedin", {"PLT005": "warning"}),
        ("Open \\(Mon–Fri\\) #FluSeason", "linkedin", {}),
        ("Thanks @[Riverside Clinic](urn:li:organization:123)", "linkedin_org", {}),
    ],
)
def test_text_rules(text: str, platform: str, expected: dict[str, str]) -> None:
    assert codes(text, platform) == expected


def test_linkedin_escape_keeps_hashtags_and_mentions() -> None:
    text = "Flu (shots) *free* #FluSeason @[Dr Lee](urn:li:person:ab-1) a_b ~x~ \\(ok\\)"
    escaped = escape_reserved(text)
    assert escaped == (
        "Flu \\(shots\\) \\*free\\* #FluSeason @[Dr Lee](urn:li:person:ab-1) a\\_b \\~x\\~ \\(ok\\)"
    )
    assert unescaped_reserved(escaped) == []


def test_linkedin_fix_is_safe_and_complete() -> None:
    report = check("Open (Mon–Fri) for walk-ins", platform="linkedin")
    (finding,) = [f for f in report.findings if f.code == "PLT005"]
    assert finding.fix is not None and finding.fix.applicability.value == "safe"
    assert finding.fix.apply("Open (Mon–Fri) for walk-ins") == "Open \\(Mon–Fri\\) for walk-ins"


@pytest.mark.parametrize(
    ("platform", "media", "expected"),
    [
        ("instagram", [img(width=1080, height=1920)], {"PLT011": "error"}),
        ("instagram", [img(width=1080, height=1350)], {}),  # exactly 4:5
        ("instagram", [img(width=1080, height=566)], {}),  # 1.908:1
        ("instagram_stories", [img(width=1080, height=1920)], {}),
        ("instagram", [img(width=1080, height=1080, format="png")], {"PLT010": "error"}),
        ("instagram", [img(width=1080, height=1080, format="jpg")], {}),  # jpg is JPEG
        ("instagram", [img(size_bytes=9 * 1024 * 1024)], {"PLT012": "error"}),
        ("instagram_carousel", [img()], {"PLT014": "error"}),
        ("instagram_carousel", [img(), img()], {}),
        (
            "instagram_carousel",
            [img(width=1080, height=1080), img(width=1080, height=1350)],
            {"PLT011": "error"},
        ),
        ("instagram_reels", [img()], {"PLT010": "error"}),
        ("x", [img()] * 5, {"PLT014": "error"}),
        ("x", [MediaRef(kind="video", format="mp4", duration_s=30), img()], {"PLT014": "error"}),
        ("x", [MediaRef(kind="video", format="mp4", duration_s=0.2)], {"PLT013": "error"}),
        ("x", [MediaRef(kind="video", format="mp4", width=1200, height=200)], {"PLT011": "error"}),
        ("x", [img(alt_text="x" * 1001)], {"PLT017": "error"}),
        ("x", [img(alt_text=None)], {"PLT015": "warning"}),
        ("bluesky", [img(alt_text=None)], {"PLT015": "error"}),
        ("bluesky", [img(size_bytes=2_000_001)], {"PLT012": "error"}),
        ("instagram_reels", [MediaRef(kind="video", format="mp4", duration_s=20)], {}),
        (
            "instagram_stories",
            [MediaRef(kind="video", format="mp4", duration_s=75)],
            {"PLT013": "error"},
        ),
        (
            "facebook_reels",
            [MediaRef(kind="video", format="mp4", duration_s=120)],
            {"PLT013": "error"},
        ),
        ("linkedin", [MediaRef(kind="video", format="mp4", duration_s=2)], {"PLT013": "warning"}),
        ("tiktok", [img(format="png")], {"PLT010": "warning"}),  # unverified: warning
        ("mastodon", [img(width=8000, height=6000)], {"PLT016": "error"}),
        ("youtube", [img()], {"PLT010": "error"}),
        ("yelp", [img()], {"PLT014": "warning"}),
        ("x", [MediaRef(kind="image")], {"PLT015": "warning"}),  # unknown fields: not checked
    ],
)
def test_media_rules(platform: str, media: list[MediaRef], expected: dict[str, str]) -> None:
    assert codes("Flu shots are here.", platform, media=tuple(media)) == expected


def test_aspect_message_names_the_way_out() -> None:
    report = check("Hi", platform="instagram", media=(img(width=1080, height=1920),))
    (finding,) = [f for f in report.findings if f.code == "PLT011"]
    assert finding.message == (
        "Instagram feed images must be between 4:5 and 1.91:1; attachment 1 is 9:16 — "
        "post it as a Story, or crop"
    )


def test_count_message_suggests_a_carousel_and_never_names_the_file() -> None:
    media = (img(path="/photos/jane_doe_after_surgery.jpg"), img(path="/photos/b.jpg"))
    report = check("Hi", platform="instagram", media=media)
    (finding,) = [f for f in report.findings if f.code == "PLT014"]
    assert finding.message.endswith("post it as a carousel, or split it")
    for f in report.findings:
        if f.code.startswith("PLT"):
            assert "jane" not in f.message and "jane" not in str(f.data)
