from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...guidelines.findings import EXAMPLE_POLICY, guideline_findings
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class GuidelineCapitalization(Rule):
    """
    What it does:
        Checks the case of each sentence against the pack's style (Vale ``capitalization``
        rules: $sentence, $title, $lower, $upper or a regular expression). The default health
        pack has none; organizations add them for headings or campaign lines.

    Why it matters:
        Consistent case is part of an organization's style guide; sentence case is easier to
        read than title case or capitals.

    Example:
        flu shots are here. walk in anytime.

        (with a pack rule ``match: $sentence``: sentences start with a capital)

    Use instead:
        Flu shots are here. Walk in anytime.

    Fix safety:
        Substitutions carry the pack's replacement as an `unsafe` fix (a person should check
        the sentence still reads well); other guideline types have no fix.

    References:
        - Vale rule types (vale.sh/docs/topics/styles), shared reference claims.md §5.1
        - Default health pack: ``carepost/checks/guidelines/health/*.yml`` (sources in each file)
    """

    code = "STY004"
    name = "guideline-capitalization"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (Example("flu shots are here. walk in anytime.", policy=EXAMPLE_POLICY),)
    good_examples = (Example("Flu shots are here. Walk in anytime.", policy=EXAMPLE_POLICY),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from guideline_findings(self, ctx, "capitalization")
