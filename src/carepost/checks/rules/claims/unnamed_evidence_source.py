from __future__ import annotations

from collections.abc import Iterator

from ...claims import analyze
from ...claims.rulekit import hit_finding
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class UnnamedEvidenceSource(Rule):
    """
    What it does:
        Flags appeals to evidence that name no evidence — "studies show", "research proves",
        "doctors agree", "science-backed" — in a post about health that cites no credible
        source.

    Why it matters:
        The FTC reads "tests show" as a claim of a specific level of support that must be met
        by competent and reliable scientific evidence; an unnamed study lets no reader check
        it, and the shared corpus conventions count it as no source at all.

    Example:
        Studies show that collagen reverses skin aging.

    Use instead:
        Name the study (journal and year, DOI or PMID) or the agency, or drop the appeal.

    Fix safety:
        No automatic fix.

    References:
        - FTC Health Products Compliance Guidance (2022): establishment claims
        - shared reference claims.md §2 row 54, §8 item 3
    """

    code = "CLM012"
    name = "unnamed-evidence-source"
    category = Category.CLAIMS
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (Example("Studies show that collagen reverses skin aging."),)
    good_examples = (
        Example(
            "A 2023 study in JAMA Dermatology found that daily sunscreen use slowed skin aging."
        ),
        Example("Research shows our volunteers logged 2,000 hours this year!"),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        if analysis.credible:
            return
        for hit in analysis.hits_of(kind="unnamed-source"):
            yield hit_finding(self, hit, analysis)
            return
