from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class WeightLossGutCheck(Rule):
    """
    What it does:
        Flags the weight-loss claims on the FTC "Gut Check" list: losing weight without diet or
        exercise, eating all you want, blocking fat absorption, permanent weight loss, fast loss
        over a time window ("30 pounds in 30 days"), and fat that melts away.

    Why it matters:
        The FTC calls these claims ones that "simply can't be true" and asks media not to run
        them; they are deceptive however they are qualified.

    Example:
        I lost 30 pounds in 30 days and still ate all my favorite foods!

    Use instead:
        State typical, substantiated results with diet and exercise, and the timeframe and
        population they apply to.

    Fix safety:
        No automatic fix: the claim has to be removed or rewritten by a person.

    References:
        - FTC, Gut Check: A Reference Guide for Media on Spotting False Weight-Loss Claims
        - shared reference claims.md §1.1, §2 rows 41-43
    """

    code = "CLM006"
    name = "weight-loss-gut-check"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Lose up to 2 pounds a day without diet or exercise!"),
        Example("Eat your fill of all the foods you crave and watch the weight disappear!"),
    )
    good_examples = (
        Example("Our dietitians help you build habits you can keep. Book a nutrition visit."),
        Example("Weigh-ins are Tuesdays and Thursdays at the Elm Street office."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "weight-loss")
