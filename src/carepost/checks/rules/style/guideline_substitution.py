from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...guidelines.findings import guideline_findings
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class GuidelineSubstitution(Rule):
    """
    What it does:
        Suggests the organization's preferred wording (Vale ``substitution`` rules): in the
        default health pack, person-first language ("people with diabetes", not "diabetics"),
        non-stigmatizing terms ("died by suicide", "person with a substance use disorder")
        and plain language for medical jargon ("high blood pressure", not "hypertension").

    Why it matters:
        Person-first and non-stigmatizing language is asked for by the AMA Manual of Style,
        CDC and NIDA; plain words are a CDC Clear Communication Index item and help the many
        adults with limited health literacy.

    Example:
        Free foot checks for diabetics this Saturday!

    Use instead:
        Free foot checks for people with diabetes this Saturday!

    Fix safety:
        Substitutions carry the pack's replacement as an `unsafe` fix (a person should check
        the sentence still reads well); other guideline types have no fix.

    References:
        - Vale rule types (vale.sh/docs/topics/styles), shared reference claims.md §5.1
        - Default health pack: ``carepost/checks/guidelines/health/*.yml`` (sources in each file)
    """

    code = "STY002"
    name = "guideline-substitution"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Free foot checks for diabetics this Saturday!"),
        Example("Know the signs of hypertension."),
    )
    good_examples = (Example("Free foot checks for people with diabetes this Saturday!"),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from guideline_findings(self, ctx, "substitution")
