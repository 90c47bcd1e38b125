from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class CovidTreatmentClaim(Rule):
    """
    What it does:
        Flags text claiming that a product or service treats, cures, prevents or protects
        against COVID-19 (or "the virus"): IV vitamin C, ozone, supplements, "natural vaccine
        alternatives".

    Why it matters:
        The FTC's COVID-19 Consumer Protection Act (2020) makes such unsubstantiated claims
        subject to civil penalties; FDA and FTC sent hundreds of joint warning letters to
        clinics, spas and sellers for exactly these posts.

    Example:
        Coronavirus prevention with our high-dose vitamin C IV drip!

    Use instead:
        Point to authorized vaccines and treatments with an agency source ("The CDC
        recommends staying up to date with COVID-19 vaccines: cdc.gov/covid").

    Fix safety:
        No automatic fix: the claim has to be removed or rewritten by a person.

    References:
        - FTC blog, April 2020 and April 2021 (COVID claims warning letters)
        - COVID-19 Consumer Protection Act, Pub. L. 116-260, div. FF, title XIV
        - shared reference claims.md §2 rows 1-18
    """

    code = "CLM004"
    name = "covid-treatment-claim"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Our ozone therapy treats COVID-19 and boosts immunity against the virus."),
        Example("Coronavirus prevention with high-dose vitamin C IV drips, book now!"),
    )
    good_examples = (
        Example(
            "According to the CDC, updated COVID-19 vaccines lower the risk of severe illness. cdc.gov/covid"
        ),
        Example("Our COVID-19 testing site is open 8am to noon on weekdays."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "covid")
