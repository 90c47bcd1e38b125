"""The variant adapter: fits every platform and never silently drops what must stay."""

from __future__ import annotations

import pytest

from carepost.checks import ConsentRef, InputError, Policy, UnknownPlatformError
from carepost.checks.platforms.escaping import unescaped_reserved
from carepost.checks.platforms.twitter_text import extract_hashtags
from carepost.checks.variants import Utm, adapt, protected_items

POLICY = Policy.from_mapping(
    {"organization": {"name": "Riverside Clinic", "website": ["riverside-clinic.org"]}}
)
DISCLAIMER = POLICY.disclaimer_long
SEVEN = ["x", "instagram", "facebook", "linkedin", "tiktok", "threads", "bluesky"]
ALL = [*SEVEN, "mastodon", "linkedin_org", "youtube", "instagram_reels", "google_business"]

FILLER = (
    "Our nurses will check your vaccine record and answer questions about side effects. "
    "Bring your insurance card if you have one, though no one is turned away. "
    "Parking is free behind the building, and the entrance is step-free. "
)

MASTERS = {
    "short-with-disclaimer": f"Flu shots are in! Walk in Monday to Friday. {DISCLAIMER}",
    "doi-and-url": (
        "A 2023 review found flu vaccination cut hospital stays by about 40% "
        "(doi:10.1001/jama.2023.1234). The CDC recommends a yearly shot for everyone 6 months "
        "and older: https://www.cdc.gov/flu/prevent/flushot.htm. "
        + FILLER * 3
        + DISCLAIMER
        + " #FluSeason #FluShot #Vaccines #PublicHealth #Prevention #Health #Clinic"
    ),
    "pmid-mention-consent": (
        "Meet Maria Alvarez, who agreed to share how cardiac rehab helped her get back to "
        "hiking. Thanks to @rehab_team for the care. Evidence for rehab: PMID 31234567. "
        + FILLER * 6
        + "General info, not medical advice."
    ),
    "long-no-sentence-ends": " ".join(["word"] * 700) + " https://riverside-clinic.org/flu",
    "linkedin-reserved": (
        "Free flu shots (members and non-members) at 120 Main St *today* only; "
        "questions? flu_team@riverside-clinic.org ~ see https://riverside-clinic.org/flu_2026 "
        "#FluSeason. " + DISCLAIMER
    ),
}
CONSENTS = (ConsentRef(id="c1", person="Maria Alvarez", aliases=("Maria",)),)


def _variants(name: str, platforms: list[str]):  # type: ignore[no-untyped-def]
    return adapt(MASTERS[name], platforms, policy=POLICY, consents=CONSENTS).variants


@pytest.mark.parametrize("master", sorted(MASTERS))
@pytest.mark.parametrize("platform", ALL)
def test_variant_fits_and_keeps_protected_items(master: str, platform: str) -> None:
    (variant,) = _variants(master, [platform])
    assert variant.problems == (), variant.problems
    for report in variant.reports:
        assert report.platform is not None and report.platform.remaining >= 0
        assert not [f for f in report.findings if f.code == "PLT001"]
    shown = variant.text.replace("\\", "")
    items = protected_items(MASTERS[master], POLICY, CONSENTS)
    if items["disclaimer"]:
        assert (
            DISCLAIMER in shown or POLICY.disclaimer_short in shown or items["disclaimer"] in shown
        )
    for citation in items["citations"]:
        in_text = citation in shown or any(citation in m for m in variant.moved_links)
        assert in_text, citation
        if citation.startswith(("10.", "PMID")):
            assert citation in shown  # a DOI or PMID stays readable in the text itself
    for mention in items["mentions"]:
        assert mention in shown
    for name in items["names"]:
        assert name in shown


def test_impossible_fit_is_reported_not_silent() -> None:
    dois = " ".join(f"(doi:10.1001/jama.2023.{i:04d})" for i in range(6))
    master = f"Six reviews agree on flu shots {dois}. {DISCLAIMER}"
    (variant,) = adapt(master, ["youtube_title"], policy=POLICY).variants
    assert variant.blocking
    assert any("cannot fit" in p for p in variant.problems)


def test_x_thread_is_numbered_and_each_post_fits() -> None:
    (variant,) = _variants("doi-and-url", ["x"])
    n = len(variant.parts)
    assert n > 1
    for i, part in enumerate(variant.parts, start=1):
        assert part.endswith(f" {i}/{n}")
    assert all(r.platform and r.platform.length <= 280 for r in variant.reports)
    assert POLICY.disclaimer_short in variant.parts[-1]


def test_trim_marks_the_cut_with_an_ellipsis_at_a_sentence_boundary() -> None:
    (variant,) = _variants("pmid-mention-consent", ["threads"])
    (text,) = variant.parts
    assert "…" in text
    before = text.split("…")[0].rstrip()
    assert before.endswith((".", "!", "?"))
    assert "PMID 31234567" in text and "Maria Alvarez" in text and "@rehab_team" in text


def test_instagram_moves_links_to_the_bio_and_caps_hashtags() -> None:
    (variant,) = _variants("doi-and-url", ["instagram"])
    text = variant.text
    assert "https://" not in text
    assert "cdc.gov" in text and "link in bio" in text
    assert variant.moved_links == ("https://www.cdc.gov/flu/prevent/flushot.htm",)
    assert len(extract_hashtags(text)) == 5
    assert any("bio" in n for n in variant.notes)


@pytest.mark.parametrize(("platform", "cap"), [("x", 2), ("threads", 1), ("linkedin", 3)])
def test_hashtag_caps(platform: str, cap: int) -> None:
    (variant,) = _variants("doi-and-url", [platform])
    assert len(extract_hashtags(variant.text.replace("\\", ""))) == cap


def test_linkedin_variant_is_fully_escaped_and_keeps_hashtags() -> None:
    (variant,) = _variants("linkedin-reserved", ["linkedin"])
    (text,) = variant.parts
    assert unescaped_reserved(text) == []
    assert "#FluSeason" in text and "\\(members" in text


def test_invalid_handles_become_plain_text_with_a_note() -> None:
    (variant,) = adapt("Thanks @riverside.clinic!", ["x"], policy=POLICY).variants
    assert variant.parts == ("Thanks riverside.clinic!",)
    assert any("not a valid X handle" in n for n in variant.notes)


def test_mention_mapping_from_the_policy() -> None:
    policy = Policy.from_mapping(
        {
            "options": {
                "platform": {
                    "mentions": {
                        "@riverside.clinic": {
                            "x": "@RiversideClinic",
                            "linkedin": "@[Riverside Clinic](urn:li:organization:42)",
                        }
                    }
                }
            }
        }
    )
    x, li = adapt("Thanks @riverside.clinic!", ["x", "linkedin"], policy=policy).variants
    assert x.parts == ("Thanks @RiversideClinic!",)
    assert li.parts == ("Thanks @[Riverside Clinic](urn:li:organization:42)!",)
    assert x.problems == () and li.problems == ()


def test_utm_tags_go_on_own_links_only() -> None:
    text = "Book at https://riverside-clinic.org/flu and read https://www.cdc.gov/flu"
    (variant,) = adapt(text, ["facebook"], policy=POLICY, utm=Utm(campaign="flu-2026")).variants
    (out,) = variant.parts
    assert (
        "https://riverside-clinic.org/flu?utm_source=facebook&utm_medium=social"
        "&utm_campaign=flu-2026" in out
    )
    assert "https://www.cdc.gov/flu" in out and "cdc.gov/flu?" not in out


def test_link_with_patient_data_in_its_query_blocks_the_variant() -> None:
    text = "Results ready: https://riverside-clinic.org/portal?patient=jane-doe"
    (variant,) = adapt(text, ["facebook"], policy=POLICY, utm=Utm(campaign="x")).variants
    assert variant.blocking
    assert any("query parameter 'patient'" in p for p in variant.problems)
    assert all("jane" not in p for p in variant.problems)


def test_short_disclaimer_where_the_platform_favours_brevity() -> None:
    (x_variant, fb) = _variants("short-with-disclaimer", ["x", "facebook"])
    assert POLICY.disclaimer_short in x_variant.text and DISCLAIMER not in x_variant.text
    assert DISCLAIMER in fb.text


def test_bad_input() -> None:
    with pytest.raises(UnknownPlatformError):
        adapt("hi", ["myspace"])
    with pytest.raises(InputError, match="empty"):
        adapt("  ", ["x"])
    with pytest.raises(InputError, match="no platforms"):
        adapt("hi", [])


def test_every_variant_is_checked_by_the_engine() -> None:
    result = adapt(MASTERS["doi-and-url"], SEVEN, policy=POLICY)
    assert [v.platform for v in result.variants] == SEVEN
    for v in result.variants:
        assert len(v.reports) == len(v.parts)
        d = v.to_dict()
        assert d["reports"][0]["platform"]["name"] == v.platform


def test_thread_content_is_checked_as_a_whole() -> None:
    (variant,) = _variants("doi-and-url", ["x"])
    assert len(variant.parts) > 1
    assert variant.thread_report is not None
    assert not [f for f in variant.thread_report.findings if f.code.startswith("PLT")]
    assert not [f for f in variant.thread_report.findings if f.code.startswith("DSC")]
    for report in variant.reports:
        assert {f.code[:3] for f in report.findings} <= {"PLT"}


def test_media_needed_note() -> None:
    ig, fb = adapt("Flu shots are in.", ["instagram", "facebook"], policy=POLICY).variants
    assert any("need at least 1 image or video" in n for n in ig.notes)
    assert not any("need at least" in n for n in fb.notes)


def test_a_title_leaves_the_disclaimer_to_the_description_and_says_so() -> None:
    master = f"Sore throat? Gargle warm salt water and drink fluids. {DISCLAIMER} #Health"
    title, description = adapt(master, ["youtube_title", "youtube"], policy=POLICY).variants
    assert title.parts == ("Sore throat? Gargle warm salt water and drink fluids.",)
    assert title.problems == ()
    assert any("goes in the accompanying text" in n for n in title.notes)
    assert DISCLAIMER in description.text
