from __future__ import annotations

from collections.abc import Iterator

from ...claims import analyze
from ...context import Context
from ...model import Category, Finding, Level, Span
from ...rule import Example, Rule, RuleStatus, register

_WHY = {
    3: "news or consumer health media, not evidence on its own",
    4: "an unknown or commercial source",
}


@register
class WeakCitation(Rule):
    """
    What it does:
        Notes citations in a post that makes a health claim when the cited source is not
        credible evidence: a preprint (medRxiv, bioRxiv, arXiv, DOI prefix 10.1101), news or
        consumer health media, or an unknown or commercial site (including the practice's own
        website). Tiers come from the curated list in ``claims/sources.yaml``.

    Why it matters:
        NAM's 2021 principles for credible health sources ask for peer-reviewed, science-based
        sources; preprints are not peer reviewed and news stories are not evidence, so a claim
        resting on them is still unsupported.

    Example:
        Turmeric beats ibuprofen for joint pain (medrxiv.org/content/10.1101/2024.01.01.123).

    Use instead:
        Cite the peer-reviewed article, a systematic review, or a government or professional
        society source.

    Fix safety:
        No automatic fix.

    References:
        - Kington et al., NAM Perspectives 2021, doi:10.31478/202107a
        - shared reference claims.md §3.1-3.3
    """

    code = "CLM013"
    name = "weak-citation"
    category = Category.CLAIMS
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Turmeric eases joint pain, per medrxiv.org/content/10.1101/2024.01.01.24300001."),
    )
    good_examples = (
        Example("Turmeric eased knee pain in a trial (doi:10.1186/s12906-021-03465-6)."),
        Example("Read our hours at riverside.example/hours."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        if not analysis.claims:
            return
        for c in analysis.citations:
            if c.credible or c.start < 0:
                continue
            why = "a preprint (not peer reviewed)" if c.source_class == "preprint" else _WHY[c.tier]
            yield self.finding(
                f"{c.value!r} is {why}; it does not support the claim",
                span=Span(c.start, c.end),
                confidence=0.8,
                explanation=f"{c.kind} classified as tier {c.tier} ({c.source_class}) by sources.yaml",
                data=c.to_dict(),
            )
