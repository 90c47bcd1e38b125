from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...guidelines.findings import guideline_findings
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class ReadingLevel(Rule):
    """
    What it does:
        Computes the pack's readability formula (Vale ``metric`` rules) over the text; the
        default health pack flags a Flesch-Kincaid grade above 8 on posts of 30 words or more.
        Set ``[options.style] grade_target = 6`` in the policy to aim lower.

    Why it matters:
        NIH and CDC guidance put patient materials at or below a grade 8 reading level, with
        grade 6 as the target; about 14% of US adults read below basic level (NAAL 2003).

    Example:
        Individuals experiencing persistent musculoskeletal discomfort subsequent to strenuous
        physical exertion should consider consultation with a qualified rehabilitation
        professional regarding individualized therapeutic interventions, including
        progressive resistance exercise, neuromuscular re-education and comprehensive
        ergonomic assessment.

    Use instead:
        Sore after a hard workout? Rest, drink water and stretch gently. If the pain lasts
        more than a week, see a physical therapist. We can help you get back to what you
        love.

        Short sentences and everyday words.

    Fix safety:
        Substitutions carry the pack's replacement as an `unsafe` fix (a person should check
        the sentence still reads well); other guideline types have no fix.

    References:
        - Vale rule types (vale.sh/docs/topics/styles), shared reference claims.md §5.1
        - Default health pack: ``carepost/checks/guidelines/health/*.yml`` (sources in each file)
    """

    code = "STY006"
    name = "reading-level"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Individuals experiencing persistent musculoskeletal discomfort subsequent to strenuous physical exertion should consider consultation with a qualified rehabilitation professional regarding individualized therapeutic interventions, including progressive resistance exercise, neuromuscular re-education and comprehensive ergonomic assessment."
        ),
    )
    good_examples = (
        Example(
            "Sore after a hard workout? Rest, drink water and stretch gently. If the pain lasts more than a week, see a physical therapist. We can help you get back to what you love."
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from guideline_findings(self, ctx, "metric")
