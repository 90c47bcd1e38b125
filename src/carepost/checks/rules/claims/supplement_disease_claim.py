from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class SupplementDiseaseClaim(Rule):
    """
    What it does:
        Flags a supplement, CBD, herbal or other natural product (capsules, gummies, syrup,
        IV drip, vitamins ...) presented as treating, curing or preventing a disease ("our
        elderberry syrup knocks out the flu", "probiotic drops prevent colic").

    Why it matters:
        A supplement may carry a structure/function claim with the DSHEA disclaimer, never a
        disease claim: FDA and FTC warning letters (CBD for Alzheimer's and cancer, COVID
        "immune" products, Operation CBDeceit) treat such posts as selling an unapproved drug.
        The DSHEA disclaimer does not cure a disease claim.

    Example:
        Our kids' immune gummies prevent ear infections! Give 2 a day.

    Use instead:
        A structure/function statement with the FDA disclaimer, or remove the product
        claim: "Vitamin D supports normal immune function.†" plus the DSHEA sentence.

    Fix safety:
        No automatic fix: the claim has to be removed or rewritten by a person.

    References:
        - 21 CFR 101.93 (structure/function claims and the disclaimer)
        - FDA warning letters to Curaleaf (2019), Organic Ease; FTC Operation CBDeceit (2020)
        - shared reference claims.md §1.3, §2 rows 29-32, 48, 50
    """

    code = "CLM003"
    name = "supplement-disease-claim"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our house-made elderberry syrup is 100% natural and knocks out the flu in 24 hours."
        ),
        Example(
            "Vitalyn Gut Reset capsules heal leaky gut and reverse autoimmune disease in 30 days."
        ),
    )
    good_examples = (
        Example(
            "Our pharmacists can help you choose a vitamin D supplement. General info only, not medical advice."
        ),
        Example("Elderberry syrup is back in stock at the front counter."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "supplement-disease")
