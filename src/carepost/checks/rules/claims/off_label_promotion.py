from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class OffLabelPromotion(Rule):
    """
    What it does:
        Flags promotion of a drug for an unapproved use: "off-label" offers, and known pairs
        such as semaglutide for anti-aging, Botox for depression, ivermectin for COVID.

    Why it matters:
        FDA does not allow firms or their paid clinicians to promote unapproved uses to
        consumers; the 2025 SIUU guidance allows scientific exchange with health-care
        providers only.

    Example:
        Now offering off-label Botox for depression!

    Use instead:
        Promote approved uses, or discuss investigational uses only with a balanced,
        sourced summary and without a call to buy.

    Fix safety:
        No automatic fix: the claim has to be removed or rewritten by a person.

    References:
        - FDA guidance on communications about unapproved uses (SIUU), 7 January 2025
        - shared reference claims.md §1.3
    """

    code = "CLM009"
    name = "off-label-promotion"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Now offering off-label Botox for depression!"),
        Example("Microdosed semaglutide for anti-aging and longevity!"),
    )
    good_examples = (
        Example(
            "Botox is FDA approved for chronic migraine in adults; ask our neurologist whether it fits you."
        ),
        Example("Our label-reading class covers what is on a prescription label."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "off-label")
