from __future__ import annotations

from collections.abc import Iterator

from ...claims import analyze
from ...claims.rulekit import hit_finding
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class TestimonialAsTypicalResult(Rule):
    """
    What it does:
        Flags testimonials and before/after results presented as what everyone gets ("You can
        too!", "Results like these are what we do every day", "Every patient leaves with a
        smile like this") as errors, and testimonials or before/after results with no statement
        of the generally expected result as warnings. "Results may vary" on its own is not such
        a statement.

    Why it matters:
        Under 16 CFR 255.2(b) an endorsement about a central attribute implies the result is
        typical; when it is not, the ad must disclose the generally expected performance. The
        old "results not typical" safe harbor was removed in 2009, so "results may vary" does
        not cure an atypical testimonial.

    Example:
        "I lost 60 pounds on Dr. Patel's program!" — Donna W. You can too!

    Use instead:
        Add what patients generally achieve, with its source: "Patients in our program lose
        an average of 6% of body weight in 6 months."

    Fix safety:
        No automatic fix: the generally expected result has to come from the practice's data.

    References:
        - 16 CFR 255.2(b) (typicality) and 255.1
        - FTC Health Products Compliance Guidance (2022), testimonials
        - shared reference claims.md §1.2, §8 item 5
    """

    code = "CLM010"
    name = "testimonial-as-typical-result"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "“I lost 60 pounds on Dr. Patel's program!” — Donna W., Riverbend patient. You can too!"
        ),
        Example(
            "Before ➡️ After: Jessica's lip filler with our nurse injector! Results like these are what we do every day."
        ),
        Example(
            "“Dr. Nguyen fixed my TMJ pain in one visit. I'd been suffering for years!” — James P."
        ),
    )
    good_examples = (
        Example(
            "Patient testimonial: Carla talks about her rotator cuff repair and recovery. Individual results vary."
        ),
        Example("“The front desk team was so kind and the parking was easy.” — Sam R."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        typical = analysis.hits_of(family="typicality")
        if typical:
            yield hit_finding(self, typical[0], analysis)
            return
        outcome = [c for c in analysis.claims if c.testimonial or c.trigger == "before/after"]
        if not outcome:
            return
        claim = outcome[0]
        qualifier = analysis.hits_of(kind="qualifier")
        note = (
            f"; {qualifier[0].text!r} is not a statement of the generally expected result"
            if qualifier
            else ""
        )
        yield self.finding(
            "a testimonial or before/after result is shown without the generally expected "
            f"result{note}",
            span=(claim.trigger_start, claim.trigger_end),
            confidence=0.75,
            explanation="; ".join(claim.signals) + (" (testimonial)" if claim.testimonial else ""),
            level=Level.WARNING,
            data={"sentence": claim.text.strip()},
        )
