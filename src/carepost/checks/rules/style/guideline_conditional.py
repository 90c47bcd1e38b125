from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...guidelines.findings import EXAMPLE_POLICY, guideline_findings
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class GuidelineConditional(Rule):
    """
    What it does:
        Reports a term that the pack says needs another term in the same text (Vale
        ``conditional`` rules), typically an acronym that must be spelled out once, as in
        ``guidelines/examples/acronyms.yml``.

    Why it matters:
        Undefined acronyms are a barrier for readers with limited health literacy (CDC Clear
        Communication Index, language items).

    Example:
        Ask about CGM at your next visit.

    Use instead:
        Ask about a continuous glucose monitor (CGM) at your next visit.

    Fix safety:
        Substitutions carry the pack's replacement as an `unsafe` fix (a person should check
        the sentence still reads well); other guideline types have no fix.

    References:
        - Vale rule types (vale.sh/docs/topics/styles), shared reference claims.md §5.1
        - Default health pack: ``carepost/checks/guidelines/health/*.yml`` (sources in each file)
    """

    code = "STY005"
    name = "guideline-conditional"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (Example("Ask about CGM at your next visit.", policy=EXAMPLE_POLICY),)
    good_examples = (
        Example(
            "Ask about a continuous glucose monitor (CGM) at your next visit.",
            policy=EXAMPLE_POLICY,
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from guideline_findings(self, ctx, "conditional")
