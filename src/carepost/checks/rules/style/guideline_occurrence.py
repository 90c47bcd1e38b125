from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...guidelines.findings import guideline_findings
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class GuidelineOccurrence(Rule):
    """
    What it does:
        Counts a token per post or sentence against the pack's limit (Vale ``occurrence``
        rules): in the default health pack at most 5 hashtags and 3 exclamation marks.

    Why it matters:
        Hashtag walls look like spam and bury the message; strings of exclamation marks read
        as hype or alarm in health communication.

    Example:
        #health #wellness #tips #doctor #clinic #care #love

    Use instead:
        Keep the two or three hashtags that matter.

    Fix safety:
        Substitutions carry the pack's replacement as an `unsafe` fix (a person should check
        the sentence still reads well); other guideline types have no fix.

    References:
        - Vale rule types (vale.sh/docs/topics/styles), shared reference claims.md §5.1
        - Default health pack: ``carepost/checks/guidelines/health/*.yml`` (sources in each file)
    """

    code = "STY003"
    name = "guideline-occurrence"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Flu shots today! #flu #vaccine #health #wellness #pharmacy #community #fall"),
    )
    good_examples = (Example("Flu shots today! #flu #vaccine"),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from guideline_findings(self, ctx, "occurrence")
