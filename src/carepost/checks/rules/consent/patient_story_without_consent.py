from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level
from ...privacy import PATIENT_HEALTH_DISCLOSURE, analyze, match_consent
from ...rule import Example, Rule, RuleStatus, register


@register
class PatientStoryWithoutConsent(Rule):
    """
    What it does:
        Flags a patient story, testimonial, spotlight or before/after post that names a
        patient (name, initials or handle) when no consent reference in ``consents`` names
        that person.

    Why it matters:
        Testimonials and patient photos need a written HIPAA authorization (45 CFR 164.508)
        kept for six years. Practitioner guidance puts the control in the workflow: the post
        is not published until an authorization is linked to it.

    Example:
        “After three sessions of fat-freezing, my belly fat is gone!” — Megan L., Glow
        Aesthetics client (no consent attached)

    Use instead:
        Link the signed authorization (consent reference) to the post, or remove the
        identifying details.

    Fix safety:
        Display-only: the fix only says what to attach; nothing is changed automatically.

    References:
        - 45 CFR 164.508 (uses and disclosures requiring an authorization)
        - shared reference privacy.md §2 (testimonials and patient photos)
    """

    code = "CNS001"
    name = "patient-story-without-consent"
    category = Category.CONSENT
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "“After three sessions of fat-freezing, my stubborn belly fat is gone!” — Megan L., "
            "Glow Aesthetics client"
        ),
    )
    good_examples = (
        Example(
            "“After three sessions of fat-freezing, my stubborn belly fat is gone!” — Megan L., "
            "Glow Aesthetics client",
            {"consents": [{"id": "AUTH-12", "person": "Megan Lopez"}]},
        ),
        Example("Meet our nurse injector, Brooke Sanders, RN! She shares why she loves her job."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.kind == "reply":
            return
        analysis = analyze(ctx)
        if not analysis.story:
            return
        for leak in analysis.leaks_for(PATIENT_HEALTH_DISCLOSURE):
            if not leak.names:
                continue
            if match_consent(leak.names, ctx.input.consents, ctx.platform) is not None:
                continue
            yield self.finding(
                f"patient story names '{leak.subject}' but no consent reference covers them",
                span=(leak.start, leak.end),
                confidence=leak.confidence,
                explanation=leak.explanation(),
                data={"person_signal": leak.signals[0]},
                fix=Fix(
                    title="Attach the patient's signed authorization (consent reference)",
                    applicability=Applicability.DISPLAY_ONLY,
                ),
            )
            return
