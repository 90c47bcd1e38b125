from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class CompoundedDrugSameness(Rule):
    """
    What it does:
        Flags claims that a compounded GLP-1 drug is the same as, or a generic of, an FDA-approved
        brand (Ozempic, Wegovy, Mounjaro, Zepbound), or that a compounded drug is FDA approved.

    Why it matters:
        Compounded drugs are not FDA approved and are not generics; FDA's September 2025
        letters to telehealth companies cite exactly these "sameness" and approval claims.

    Example:
        Weekly injectable GLP-1 with the same active ingredient as Ozempic and Wegovy.

    Use instead:
        Say that the medication is compounded, is not FDA approved, and why a clinician may
        prescribe it; include its risks.

    Fix safety:
        No automatic fix: the claim has to be removed or rewritten by a person.

    References:
        - FDA letters to telehealth firms, 9 September 2025
        - shared reference claims.md §1.3, §2 rows 37-40
    """

    code = "CLM007"
    name = "compounded-drug-sameness"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Weekly injectable GLP-1 with the same active ingredient as Ozempic and Wegovy."),
        Example("Now offering SEMAGLUTIDE (generic Ozempic) at half the price!"),
    )
    good_examples = (
        Example(
            "Compounded semaglutide is not FDA approved and is not a generic of Ozempic; ask your clinician about risks."
        ),
        Example("Our pharmacy now stocks Ozempic pens for existing prescriptions."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "glp1-sameness")
