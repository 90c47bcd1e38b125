from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...privacy import PATIENT_HEALTH_DISCLOSURE, REPLY_CONFIRMS_PATIENT, analyze, match_consent
from ...rule import Example, Rule, RuleStatus, register


@register
class ConsentNotValid(Rule):
    """
    What it does:
        Flags a post that names a patient whose only consent reference was revoked, has
        expired, or does not cover the platform the post is for.

    Why it matters:
        An authorization covers only what it says: it ends on its expiry date or when the
        patient revokes it (45 CFR 164.508(b)(5)), and a consent for Instagram is not one for
        TikTok. Publishing under a dead consent is an unauthorized disclosure.

    Example:
        Before/after: Jessica's lip filler with our nurse injector! DM to book.

        (for TikTok, while consent AUTH-3 for Jessica Moore covers Instagram only)

    Use instead:
        Before/after: lip filler results with our nurse injector! DM to book.

        Remove the identifying details, or ask the patient for a new or wider authorization.

    Fix safety:
        No automatic fix: only the patient can renew consent.

    References:
        - 45 CFR 164.508(b)(5) (revocation), 164.508(c)(1)(v) (expiration)
        - shared reference privacy.md §2
    """

    code = "CNS002"
    name = "consent-not-valid"
    category = Category.CONSENT
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Before/after: Jessica's lip filler with our nurse injector! DM to book.",
            {
                "platform": "tiktok",
                "consents": [
                    {"id": "AUTH-3", "person": "Jessica Moore", "platforms": ["instagram"]}
                ],
            },
        ),
        Example(
            "Before/after: Jessica's lip filler with our nurse injector! DM to book.",
            {"consents": [{"id": "AUTH-4", "person": "Jessica Moore", "revoked": True}]},
        ),
    )
    good_examples = (
        Example(
            "Before/after: Jessica's lip filler with our nurse injector! DM to book.",
            {
                "platform": "instagram",
                "consents": [
                    {"id": "AUTH-3", "person": "Jessica Moore", "platforms": ["instagram"]}
                ],
            },
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.input.consents:
            return
        for leak in analyze(ctx).leaks:
            if not leak.names or leak.rule not in (
                PATIENT_HEALTH_DISCLOSURE,
                REPLY_CONFIRMS_PATIENT,
            ):
                continue
            match = match_consent(leak.names, ctx.input.consents, ctx.platform)
            if match is None or match.valid:
                continue
            yield self.finding(
                f"consent {match.consent.id} for '{leak.subject}' {match.problem}",
                span=(leak.start, leak.end),
                confidence=leak.confidence,
                explanation=f"consent {match.consent.id} matched '{leak.subject}'",
                data={"consent": match.consent.id, "problem": match.problem},
            )
