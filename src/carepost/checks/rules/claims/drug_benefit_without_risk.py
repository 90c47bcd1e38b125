from __future__ import annotations

from collections.abc import Iterator

from ...claims import analyze
from ...claims.rulekit import hit_finding
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class DrugBenefitWithoutRisk(Rule):
    """
    What it does:
        Flags a post that names a prescription drug (Ozempic, semaglutide, Botox, isotretinoin,
        ketamine ...) and makes an unsupported benefit claim or shows results, without any risk
        information (side effects, warnings, "may cause", Important Safety Information).

    Why it matters:
        FDA's fair-balance rule (21 CFR 202.1) and its 2014 draft guidance for
        character-limited platforms want the most serious risks in the same message as the
        benefit; a link to risk information alone does not cure the omission (Diclegis
        Instagram letter, 2015).

    Example:
        Our ketamine therapy cures treatment-resistant depression in just 6 sessions.

    Use instead:
        Pair the benefit with the most serious risks and a risk link, or remove the benefit
        claim: "Isotretinoin can clear severe acne; it has serious risks, including birth
        defects. Ask your dermatologist."

    Fix safety:
        No automatic fix: risk wording must come from the drug's labeling.

    References:
        - 21 CFR 202.1(e) (brief summary, fair balance)
        - FDA draft guidance, Internet/Social Media Platforms with Character Space Limitations (2014)
        - shared reference claims.md §1.3, §2 rows 33-36
    """

    code = "CLM008"
    name = "drug-benefit-without-risk"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Our ketamine therapy cures treatment-resistant depression in just 6 sessions."),
        Example(
            "Swipe for Tanya's results 12 weeks after her first semaglutide injection! Down 3 dress sizes!"
        ),
    )
    good_examples = (
        Example(
            "Before and after: Kevin's acne after 5 months of isotretinoin. Individual results "
            "vary; isotretinoin has serious risks, so ask your dermatologist whether it's right for you."
        ),
        Example("We'll have your next Ozempic pen ready for pickup on the 15th."),
        Example(
            "According to the FDA, naloxone can rapidly reverse an opioid overdose. Ask us for a "
            "free demo! General info only."
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        hits = analysis.hits_of(family="fair-balance")
        if not hits:
            return
        unsupported = [
            c for c in analysis.claims if not analysis.claim_supported(c) and not c.duration
        ]
        if not (unsupported or analysis.before_after):
            return  # an attributed, sourced statement is education, not a benefit claim
        yield hit_finding(self, hits[0], analysis)
