from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level
from ...privacy import DESCRIBED_PATIENT, analyze, match_consent
from ...rule import Example, Rule, RuleStatus, register

_LABELS = {
    "given-name-with-detail": "a given name with an age, place or care detail",
    "titled-person-in-care": "a titled person stated to be in care",
    "initial-and-surname": "an initial and surname",
    "handle-or-user-number": "a handle or user number",
    "family-name": "a family name",
    "room-number-person": "a room or bed number",
    "role-with-place": "a role or occupation tied to a place",
    "role-body-progress": "a role with a body part's recovery",
    "age-with-place": "an age with a place",
}


@register
class DescribedPatient(Rule):
    """
    What it does:
        Flags a sentence that describes one identifiable person together with care or
        condition language, when the person is identified by something other than a full
        name: a given name with an age, home town, appointment slot or "who came in for"
        ("Tyler (age 9) from our Oakdale office"), a courtesy or public title with a status
        in care ("Coach Reyes ... on the table", "Mayor X is resting comfortably"), an
        initial + surname on a schedule, a handle or user number, "the <Surname>s of
        <Place>", "room 7's mom", a role or occupation tied to a named place or school ("the
        retired firefighter from Station 12", "a junior at <School>"), or an age with a
        place. Texts marked hypothetical, synthetic or demo data, staff-centric sentences
        (titles, credentials, awards, birthdays) and public figures' own announcements are
        not flagged; a sentence the broader analysis (PHI001) already flagged is not flagged
        twice.

    Why it matters:
        HIPAA's de-identification standard lists far more than names: geographic units
        smaller than a state, dates tied to a person, any unique identifying characteristic
        (45 CFR 164.514(b)(2)). A small-town occupation or a first name with an age is often
        enough for neighbours to know who the post is about.

    Example:
        Shoutout to the retired firefighter from Station 12 we caught with a calcium score of
        840 last month!

    Use instead:
        Coronary calcium scans can find heart disease years before symptoms. Ask us whether
        one is right for you.

    Fix safety:
        Display-only: remove the identifying description or attach the patient's signed
        authorization; the text is never rewritten automatically.

    References:
        - 45 CFR 164.514(b)(2) (Safe Harbor identifiers), 164.508 (authorization)
        - shared reference privacy.md §1–§3
    """

    code = "PHI011"
    name = "described-patient"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Shoutout to the retired firefighter from Station 12 we caught with a calcium "
            "score of 840 last month!"
        ),
        Example("Photo day on 4 West: Noah, age 7, showing off his IV pole decorations!"),
    )
    good_examples = (
        Example(
            "Happy work anniversary to our hygienist Carla! 12 years of gentle cleanings and "
            "great playlists."
        ),
        Example(
            "Illustrative case (not a real patient): 'Ben', 52, a teacher from a small town, "
            "notices chest pain on the stairs. What should he do?"
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for leak in analyze(ctx).leaks_for(DESCRIBED_PATIENT):
            names = leak.names
            level = Level.ERROR
            note = ""
            match = match_consent(names, ctx.input.consents, ctx.platform) if names else None
            if match is not None:
                if match.valid:
                    level = Level.WARNING
                    note = f"; covered by consent {match.consent.id}"
                else:
                    note = f"; consent {match.consent.id} {match.problem}"
            yield self.finding(
                f"describes a patient by {_LABELS.get(leak.signals[0], 'unique details')} next "
                f"to care or condition details{note}",
                span=(leak.start, leak.end),
                confidence=leak.confidence,
                explanation=leak.explanation(),
                data={"signals": list(leak.signals)},
                level=level,
                fix=Fix(
                    title="Remove the identifying description or attach the patient's authorization",
                    applicability=Applicability.DISPLAY_ONLY,
                ),
            )
