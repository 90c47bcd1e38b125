from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class StemCellClinicClaim(Rule):
    """
    What it does:
        Flags efficacy claims for stem-cell, exosome, umbilical, amniotic or other
        "regenerative" injections: regrowing cartilage, reversing damage, avoiding surgery.

    Why it matters:
        Apart from blood-forming cord-blood products, no stem-cell or exosome product is FDA
        approved for these uses; FDA warning letters and the FTC case against Regenerative
        Medical Group (2018) targeted such clinic advertising.

    Example:
        Our stem cell injections regrow cartilage so you can skip knee replacement forever.

    Use instead:
        Describe what is known and unknown, and cite it; do not present investigational
        therapy as proven.

    Fix safety:
        No automatic fix: the claim has to be removed or rewritten by a person.

    References:
        - FDA consumer alert on stem-cell and exosome products
        - FTC v. Regenerative Medical Group (2018)
        - shared reference claims.md §2 rows 19-21
    """

    code = "CLM005"
    name = "stem-cell-clinic-claim"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our stem cell injections regrow cartilage so you can skip knee replacement forever."
        ),
        Example("Exosome therapy reverses nerve damage in weeks."),
    )
    good_examples = (
        Example(
            "Our team explains what stem cell therapy can and cannot do, and what the evidence says, at Thursday's seminar."
        ),
        Example(
            "We do not offer stem cell injections; ask us about physical therapy for knee pain."
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "stem-cell")
