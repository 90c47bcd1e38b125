from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...guidelines.findings import guideline_findings
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class GuidelineBannedTerm(Rule):
    """
    What it does:
        Reports terms the organization's guideline packs ban (Vale ``existence`` rules), for
        example ALL-CAPS shouting in the default health pack.

    Why it matters:
        Banned terms are the organization's own editorial decisions (legal, brand, tone); a
        checker that enforces them on every post keeps them consistent across staff.

    Example:
        CALL US NOW FOR RESULTS!

    Use instead:
        The wording the pack's message suggests.

    Fix safety:
        Substitutions carry the pack's replacement as an `unsafe` fix (a person should check
        the sentence still reads well); other guideline types have no fix.

    References:
        - Vale rule types (vale.sh/docs/topics/styles), shared reference claims.md §5.1
        - Default health pack: ``carepost/checks/guidelines/health/*.yml`` (sources in each file)
    """

    code = "STY001"
    name = "guideline-banned-term"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (Example("FLU SHOTS ARE HERE TODAY! Walk in anytime."),)
    good_examples = (Example("Flu shots are here today. Walk in anytime."),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from guideline_findings(self, ctx, "existence")
