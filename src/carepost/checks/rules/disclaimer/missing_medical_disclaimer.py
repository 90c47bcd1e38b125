from __future__ import annotations

from collections.abc import Iterator

from ...claims.advice import advice
from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level, Span
from ...platforms import count, get_spec
from ...rule import Example, Rule, RuleStatus, register

#: Platforms whose limit calls for the short disclaimer.
SHORT_FORM_PLATFORMS = frozenset({"x", "threads", "bluesky"})


@register
class MissingMedicalDisclaimer(Rule):
    """
    What it does:
        Flags text that gives general health advice or education — self-care instructions
        ("ice it for 20 minutes", "start retinol 2 nights a week"), population
        recommendations ("the AAP recommends ...", "adults should ..."), or general health
        claims — and carries no "general information, not a substitute for personal medical
        advice" disclaimer. Many phrasings count as the disclaimer ("General info only",
        "This is not medical advice", "Educational content only, not a substitute for
        professional care"); "consult your doctor" alone and "results may vary" alone do not.

        Not flagged: a pure 911/988 redirect (first-aid steps next to it still are), pure
        promotion of the practice's own service, team, office and event posts.

    Why it matters:
        Hospitals and professional bodies pair public health education with a statement that
        it is general information and creates no clinician-patient relationship (for example
        Summit Health's and Sarasota Memorial's social-media terms); without it readers may act
        on advice that does not fit their situation.

    Example:
        Rolled your ankle? Rest, ice for 20 minutes at a time, compress and elevate.

    Use instead:
        Add the organization's disclaimer (``[disclaimer] long`` / ``short`` in the policy).

    Fix safety:
        The fix appends the policy's disclaimer (the short form on X, Threads and Bluesky, or
        when the long form would not fit the platform's limit). It is `unsafe`: a person should
        check it reads well with the post.

    References:
        - Summit Health and Sarasota Memorial social-media terms (claims.md §4.1)
        - AMA Code of Medical Ethics Opinion 2.3.2
        - shared corpus FORMAT.md conventions
    """

    code = "DSC001"
    name = "missing-medical-disclaimer"
    category = Category.DISCLAIMER
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Rolled your ankle? Rest, ice for 20 minutes at a time, compress and elevate above your heart."
        ),
        Example(
            "The AAP recommends avoiding screen time for children younger than 18 months. Try reading together instead!",
            {"platform": "threads"},
        ),
        Example(
            "Can't sleep? Keep the same wake-up time every day and put your phone in another room."
        ),
    )
    good_examples = (
        Example(
            "Rolled your ankle? Rest, ice for 20 minutes at a time and elevate it. General info only, not medical advice."
        ),
        Example(
            "Please call 911 right now. Don't wait for an appointment and don't drive yourself."
        ),
        Example(
            "Happy birthday to our amazing hygienist, Tasha! Drop her some birthday love below!"
        ),
        Example("Join us Saturday for free blood pressure checks and flu shots at 900 Elm Street."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        a = advice(ctx)
        if a.disclaimer is not None or not a.gives_advice:
            return
        signal = a.signals[0]
        disclaimer = _disclaimer_for(ctx)
        sep = " " if len(ctx.text) < 200 and "\n" not in ctx.text else "\n\n"
        fix = Fix(
            title="Add the organization's general-information disclaimer",
            applicability=Applicability.UNSAFE,
            replacement=sep + disclaimer,
            span=Span(len(ctx.text), len(ctx.text)),
        )
        kinds = sorted({s.kind for s in a.signals})
        yield self.finding(
            "general health advice without a 'general information, not medical advice' disclaimer",
            span=(signal.start, signal.end),
            confidence=min(0.95, 0.6 + 0.1 * len(a.signals)),
            explanation=f"advice signals: {', '.join(kinds)}; first: {signal.text[:80]!r}",
            data={"signals": [s.kind for s in a.signals], "disclaimer": disclaimer},
            fix=fix,
        )


def _disclaimer_for(ctx: Context) -> str:
    long_form, short_form = ctx.policy.disclaimer_long, ctx.policy.disclaimer_short
    platform = ctx.platform
    if not platform:
        return long_form
    spec = get_spec(platform)
    if spec.name in SHORT_FORM_PLATFORMS:
        return short_form
    if count(ctx.text + "\n\n" + long_form, spec.name).remaining < 0:
        return short_form
    return long_form
