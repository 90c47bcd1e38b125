from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ...claims import analyze
from ...claims.phrases import lexicon_regex
from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level, Span
from ...rule import Example, Rule, RuleStatus, register

DSHEA_DISCLAIMER = (
    "This statement has not been evaluated by the Food and Drug Administration. This product "
    "is not intended to diagnose, treat, cure, or prevent any disease."
)
_DSHEA_RE = re.compile(
    r"not been evaluated by the (?:Food and Drug Administration|FDA)", re.IGNORECASE
)


@cache
def _structure_function() -> re.Pattern[str]:
    """A structure/function verb, then a body function within 30 characters."""
    verbs = lexicon_regex("structure_function_verbs").pattern
    targets = lexicon_regex("structure_function_targets").pattern
    return re.compile(rf"{verbs}[\w' -]{{0,30}}{targets}", re.IGNORECASE)


@register
class MissingSupplementDisclaimer(Rule):
    """
    What it does:
        Flags a structure/function claim for a dietary supplement ("supports immune health",
        "improves sleep quality", "boosts energy") without the FDA disclaimer required by
        DSHEA. Posts that make a disease claim for the supplement are left to CLM003, and a
        cure claim to CLM002: no disclaimer fixes either. A service that uses a supplement
        ingredient (an IV vitamin drip, a B12 shot) is not a dietary supplement, so the DSHEA
        disclaimer is never suggested for it.

    Why it matters:
        21 CFR 101.93(c) requires the exact sentence, adjacent to the claim or linked by a
        symbol, whenever a supplement carries a structure/function claim.

    Example:
        Magnesium glycinate at bedtime improves sleep quality. Try 200 mg tonight.

    Use instead:
        Add: "This statement has not been evaluated by the Food and Drug Administration. This
        product is not intended to diagnose, treat, cure, or prevent any disease."

    Fix safety:
        The fix appends the exact DSHEA sentence; `unsafe` because the claim itself may still
        need substantiation and a person must place the disclaimer next to it.

    References:
        - 21 CFR 101.93(c) (DSHEA disclaimer)
        - shared reference claims.md §1.3, §8 item 8
    """

    code = "DSC002"
    name = "missing-supplement-disclaimer"
    category = Category.DISCLAIMER
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Magnesium glycinate at bedtime improves sleep quality. Try 200 mg tonight."),
    )
    good_examples = (
        Example(
            "Our vitamin D3 gummies support normal immune function.* *This statement has not "
            "been evaluated by the Food and Drug Administration. This product is not intended "
            "to diagnose, treat, cure, or prevent any disease."
        ),
        Example("Vitamins and supplements are 20% off this week at the pharmacy counter."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.text
        if _DSHEA_RE.search(text) or not lexicon_regex("supplement_terms").search(text):
            return
        if not lexicon_regex("supplement_forms").search(text):
            return  # "red light therapy boosts collagen": the protein, not a supplement
        if lexicon_regex("service_terms").search(text):
            return  # "our IV vitamin drip": a service, not a dietary supplement
        analysis = analyze(ctx)
        if analysis.hits_of(family="supplement-disease") or analysis.hits_of(
            family="cure-language"
        ):
            return  # no disclaimer can fix a disease or cure claim (CLM003, CLM002)
        m = _structure_function().search(text)
        if m is None:
            return
        yield self.finding(
            "a supplement structure/function claim needs the FDA (DSHEA) disclaimer",
            span=(m.start(), m.end()),
            confidence=0.75,
            explanation=f"supplement term and structure/function wording {m.group(0)!r}",
            fix=Fix(
                title="Add the DSHEA disclaimer",
                applicability=Applicability.UNSAFE,
                replacement="\n\n" + DSHEA_DISCLAIMER,
                span=Span(len(text), len(text)),
            ),
        )
