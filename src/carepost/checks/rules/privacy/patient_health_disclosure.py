from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level, Span
from ...privacy import PATIENT_HEALTH_DISCLOSURE, Leak, analyze, match_consent
from ...rule import Example, Rule, RuleStatus, register


@register
class PatientHealthDisclosure(Rule):
    """
    What it does:
        Flags a text that identifies a patient of the organization together with their health
        information: a name, initials, @handle, photo reference or a description unique enough
        to point to one person (room or bed number, age over 89, "the only ... in <small
        town>", age + occupation + place + date) next to a condition, treatment, visit,
        medication, result or the fact of being a patient. Names are first classified as
        staff (titles, credentials, policy staff list, team context), the organization,
        public figures (policy list or public-news context) or hypothetical people; only the
        rest can be patients.

        When a consent reference (``consents``) covers the named person and is neither revoked,
        expired nor limited to other platforms, the finding is a warning naming the consent.

    Why it matters:
        Publishing a patient's identity with their health information without a signed
        authorization is a HIPAA disclosure (45 CFR 164.502, 164.508). Real leaks often carry
        no name at all (the Texas Children's measles post), while staff introductions and
        birthdays are not PHI, so a name detector alone is both noisy and blind.

    Example:
        Congrats to Marcus Delgado, who rang the bell today after his last round of
        chemotherapy at our cancer center!

    Use instead:
        Celebrate the milestone without the person ("Bell-ringing day at our cancer center!"),
        or attach the patient's signed authorization to the post.

    Fix safety:
        Display-only: the suggested redaction replaces the identifying span with a neutral
        phrase; a person must rewrite the post. Patient content is never rewritten
        automatically.

    References:
        - 45 CFR 164.514(b)(2) (Safe Harbor identifiers), 164.508 (authorization)
        - shared reference privacy.md §1–§3, §6.5
    """

    code = "PHI001"
    name = "patient-health-disclosure"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Huge congratulations to Marcus Delgado, who rang the bell today after finishing "
            "his last round of chemotherapy for lymphoma at our cancer center!"
        ),
        Example(
            "Shoutout to the sweet gentleman in Room 412 who is teaching our nurses cribbage "
            "while he recovers from pneumonia."
        ),
        Example(
            "Before/after: our patient Sofia (@sofia.glows) after 3 rounds of laser for melasma."
        ),
    )
    good_examples = (
        Example(
            "Happy birthday to our amazing hygienist, Tasha! Tasha has been making smiles "
            "sparkle for 8 years."
        ),
        Example(
            "Hypothetical example (not a real patient): 'Sam,' 45, has a blood pressure "
            "reading of 138/88 at a checkup. What happens next?"
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        for leak in analysis.leaks_for(PATIENT_HEALTH_DISCLOSURE):
            level = Level.ERROR
            consent_note = ""
            data: dict[str, object] = {
                "identifiers": list(leak.identifier_kinds),
                "signals": list(leak.signals),
            }
            match = (
                match_consent(leak.names, ctx.input.consents, ctx.platform) if leak.names else None
            )
            if match is not None:
                data["consent"] = match.consent.id
                if match.valid:
                    level = Level.WARNING
                    consent_note = f"; covered by consent {match.consent.id}"
                else:
                    consent_note = f"; consent {match.consent.id} {match.problem}"
            kinds = ", ".join(leak.identifier_kinds) or "unique details"
            yield self.finding(
                f"identifies a patient ({kinds}) with health information{consent_note}",
                span=(leak.start, leak.end),
                confidence=leak.confidence,
                explanation=leak.explanation(),
                data=data,
                level=level,
                fix=Fix(
                    title="Remove the identifying details or attach the patient's authorization",
                    applicability=Applicability.DISPLAY_ONLY,
                    replacement="[a patient]" if leak.names else None,
                    span=_name_span(ctx.text, leak),
                ),
            )


def _name_span(text: str, leak: Leak) -> Span | None:
    if not leak.names:
        return None
    pos = text.find(leak.names[0], leak.start)
    if pos < 0:
        return None
    return Span(pos, pos + len(leak.names[0]))
