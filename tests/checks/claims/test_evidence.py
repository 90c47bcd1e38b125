"""Citation parsing and source tiers."""

from __future__ import annotations

import pytest

from carepost.checks.claims.evidence import DOI_CROSSREF, find_citations


def kinds(text: str) -> list[tuple[str, str, int]]:
    return [(c.kind, c.value, c.tier) for c in find_citations(text)]


@pytest.mark.parametrize(
    ("doi", "ok"),
    [
        ("10.31478/202107a", True),
        ("10.1016/S0953-7562(09)80401-2", True),
        ("10.18653/v1/2021.findings-emnlp.297", True),
        ("10.1056/NEJMoa1905877", True),
        ("10.1002/(SICI)1097-4636(199706)35:4<451::AID-JBM5>3.0.CO;2-I", False),
    ],
)
def test_crossref_pattern_matches_the_documented_cases(doi: str, ok: bool) -> None:
    m = DOI_CROSSREF.fullmatch(doi)
    assert bool(m) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See doi:10.1056/NEJMoa1905877.", ("doi", "10.1056/NEJMoa1905877", 1)),
        ("(https://doi.org/10.31478/202107a)", ("doi", "10.31478/202107a", 1)),
        (
            "Wiley: 10.1002/(SICI)1097-4636(199706)35:4<451::AID-JBM5>3.0.CO;2-I, see there",
            ("doi", "10.1002/(SICI)1097-4636(199706)35:4<451::AID-JBM5>3.0.CO;2-I", 1),
        ),
        ("medRxiv 10.1101/2020.04.01.20050005", ("doi", "10.1101/2020.04.01.20050005", 4)),
        ("PMID: 23193287", ("pmid", "23193287", 1)),
        ("pubmed.ncbi.nlm.nih.gov/34611600/", ("pmid", "34611600", 1)),
        ("free full text PMC3531190", ("pmcid", "PMC3531190", 1)),
        ("Learn more at cdc.gov/flu", ("url", "cdc.gov/flu", 1)),
        (
            "https://www.who.int/news-room/fact-sheets",
            ("url", "https://www.who.int/news-room/fact-sheets", 1),
        ),
        (
            "Source: https://www.mayoclinic.org/diseases",
            ("url", "https://www.mayoclinic.org/diseases", 2),
        ),
        ("via healthline.com/nutrition", ("url", "healthline.com/nutrition", 3)),
        ("shop at vitaminworld.com", ("url", "vitaminworld.com", 4)),
        ("state data at health.ny.gov", ("url", "health.ny.gov", 1)),
        ("According to the CDC, adults need sleep.", ("authority", "CDC", 1)),
        (
            "The American Academy of Pediatrics recommends",
            ("authority", "American Academy of Pediatrics", 2),
        ),
        ("WHO guidelines say 150 minutes", ("authority", "WHO", 1)),
        ("a 2023 study in JAMA Pediatrics found", ("study", "2023 study in JAMA Pediatrics", 1)),
        ("(Green et al., J Clin Oncol 2011)", ("study", "Green et al., J Clin Oncol 2011", 1)),
        ("A 2019 Harvard study found that", ("study", "2019 Harvard study", 2)),
        ("In the FIDELITY trial, surgery was", ("study", "the FIDELITY trial", 2)),
        (
            "researchers at Stanford University found",
            ("study", "researchers at Stanford University", 2),
        ),
    ],
)
def test_citations_and_tiers(text: str, expected: tuple[str, str, int]) -> None:
    assert expected in kinds(text), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Studies show it works.",
        "Clinically proven results!",
        "Science says so.",
        "She trained at Johns Hopkins and joined us in 2015.",
        "FDA-approved fillers only.",
        "Email us at hello@riverside.example",
        "Call (555) 010-2000",
        "Who needs a flu shot? Everyone 6 months and older.",
        "A new study found that walking helps.",
        "A recent clinical trial showed promising results.",
        "A randomized trial found fewer readmissions.",
        "Book your Sleep Study with us on Monday.",
        "Our Diabetes Study group meets on Tuesdays.",
    ],
)
def test_not_sources(text: str) -> None:
    assert not [c for c in find_citations(text) if c.credible], kinds(text)


def test_own_website_is_not_a_source() -> None:
    (c,) = find_citations("Read more at riverside.example/sleep", own_sites=["riverside.example"])
    assert c.tier == 4 and c.source_class == "own-site"


def test_attached_sources_count() -> None:
    cites = find_citations(
        "Sunscreen lowers skin cancer risk.", extra_sources=["doi:10.1200/JCO.2010.28.7078"]
    )
    assert any(c.credible and c.start == -1 for c in cites)
