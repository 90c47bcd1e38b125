"""One person, one finding: every finding about a person is linked to them, so a consent for
that person covers all of it; names are never taken for places; identifiers labelled as a
patient's are patient identifiers; handles the text presents as the organization are not
patients. Texts written for this project."""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Policy
from carepost.checks.variants import adapt

from .conftest import run_privacy

_PRIVACY_ERRORS = ("PHI001", "PHI002", "PHI010", "PHI011")


def _errors(report, codes=_PRIVACY_ERRORS):  # type: ignore[no-untyped-def]
    return [f for f in report.findings if f.code in codes and f.level.value == "error"]


# ----------------------------------------------------------------------------- one person
ONE_PERSON_STORIES = [
    # a relation to a named person once made a second finding calling the name a place
    "Our NICU team cared for the newborn son of Rosa Delgado for six weeks after he arrived "
    "at 27 weeks. Today Rosa Delgado took him home!",
    # the same person named twice
    "Patient spotlight: Elena Marsh beat breast cancer. Our oncology team treated Elena for a "
    "year. Thank you, Elena, for letting us share your journey!",
    "Marcus Delgado had a stroke in March. The whole block rallied. After months of rehab at "
    "our hospital, Marcus walked out on his own.",
    # a description and a named finding about the same child
    "Superhero week on 5 North: Mateo, age 5, from Pine Hollow, showed off his IV pole cape. "
    "Our oncology nurses say Mateo finished his last round of chemo on Friday!",
]


@pytest.mark.parametrize("text", ONE_PERSON_STORIES)
def test_one_person_gives_one_finding(text: str) -> None:
    errors = _errors(run_privacy(text))
    assert len(errors) == 1, [(f.code, f.message, f.explanation) for f in errors]


@pytest.mark.parametrize("text", ONE_PERSON_STORIES)
def test_no_person_is_called_a_place(text: str) -> None:
    for f in run_privacy(text).findings:
        assert "place 'Rosa" not in f.explanation and "place 'Elena" not in f.explanation


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (ONE_PERSON_STORIES[0], "Rosa Delgado"),
        (ONE_PERSON_STORIES[1], "Elena Marsh"),
        (ONE_PERSON_STORIES[2], "Marcus Delgado"),
        (ONE_PERSON_STORIES[3], "Mateo Ruiz"),
        (
            "Rosa Delgado's story: after chemotherapy at our cancer center, she is cancer-free.",
            "Rosa Delgado",
        ),
    ],
)
def test_a_valid_consent_covers_every_finding_about_the_person(text: str, person: str) -> None:
    report = run_privacy(text, consents=[{"id": "AUTH-1", "person": person}])
    assert not report.blocking, [(f.code, f.level.value, f.message) for f in report.findings]
    covered = [f for f in report.findings if f.code in _PRIVACY_ERRORS]
    assert covered and all(f.level.value == "warning" and "AUTH-1" in f.message for f in covered)


def test_two_people_give_two_findings_and_each_needs_a_consent() -> None:
    text = (
        "Elena Marsh finished chemotherapy at our infusion center on Monday. "
        "Marcus Delgado had his knee replacement with our surgeons on Tuesday."
    )
    assert len(_errors(run_privacy(text))) == 2
    one = run_privacy(text, consents=[{"id": "AUTH-2", "person": "Elena Marsh"}])
    assert one.blocking and len(_errors(one)) == 1
    both = run_privacy(
        text,
        consents=[
            {"id": "AUTH-2", "person": "Elena Marsh"},
            {"id": "AUTH-3", "person": "Marcus Delgado"},
        ],
    )
    assert not both.blocking


def test_a_reply_about_one_reviewer_gives_one_finding() -> None:
    text = (
        "So glad that shoulder is cooperating again! Your physical therapist says hi. "
        "See you back in the spring for your follow-up."
    )
    report = run_privacy(text, kind="reply", in_reply_to="Five stars, I can lift my arm again")
    assert len(_errors(report)) == 1


# ----------------------------------------------------------------------------- labelled identifiers
@pytest.mark.parametrize(
    "text",
    [
        "Patient DOB 03/04/1950",
        "Patient DOB 03/04/1950, seen today for chest pain.",
        "pt DOB: 3/4/50",
        "Patient's phone: 555-201-3344",
        "Client address: 42 Birch Lane",
        "Resident age 93, fell overnight.",
        "DOB: 11/02/1961 - admitted overnight with sepsis.",
        "Paciente DOB 02/09/1988",
    ],
)
def test_an_identifier_labelled_as_a_patients_is_phi(text: str) -> None:
    report = run_privacy(text)
    assert _errors(report, ("PHI001",)), [(f.code, f.message) for f in report.findings]
    assert not [f for f in report.findings if f.code == "PHI004" and "date not tied" in f.message]


@pytest.mark.parametrize(
    "text",
    [
        "Patient Appreciation Day is 03/14! Stop by for coffee.",
        "Call our patient line at (555) 201-3344 with questions.",
        "New patient forms: bring your ID and insurance card on 03/04.",
        "Happy 30th birthday to our nurse Kim, born 03/04/1996!",
        "Sample chart for training (synthetic data): Patient DOB 01/01/1900.",
    ],
)
def test_dates_and_numbers_not_labelled_as_a_patients_are_not_phi(text: str) -> None:
    assert not _errors(run_privacy(text)), [(f.code, f.message) for f in run_privacy(text).findings]


# ----------------------------------------------------------------------------- handles
ORG_HANDLE_POSTS = [
    "Flu shots are in at @riverside.clinic! Walk in for your vaccine, no appointment needed.",
    "From all of us at @harborpeds: RSV season is here. Call your pediatrician if breathing is hard.",
    "Follow @sunrise_dental for flossing tips and cavity prevention myths.",
    "@lakeside_pt team is offering free posture screenings for back pain this Saturday.",
]


@pytest.mark.parametrize("text", ORG_HANDLE_POSTS)
def test_a_handle_the_text_presents_as_the_organization_is_not_a_patient(text: str) -> None:
    report = run_privacy(text)
    assert not _errors(report), [(f.code, f.message) for f in report.findings]


def test_adapt_with_no_policy_does_not_flag_the_organizations_handle() -> None:
    result = adapt(ORG_HANDLE_POSTS[0], ["x", "instagram"], policy=Policy())
    for variant in result.variants:
        for report in variant.reports:
            privacy = [f for f in report.findings if f.category.value == "privacy"]
            assert not [f for f in privacy if f.level.value == "error"], variant.platform


@pytest.mark.parametrize(
    "text",
    [
        "Thank you @sam.k.runs for trusting us with your emergency extraction today!",
        "@jess_climbs finished her last round of chemo with us today. So proud of her!",
        "Shoutout to @mike_t, cancer-free after 2 years of treatment at our center!",
    ],
)
def test_a_tagged_person_with_their_care_is_still_a_patient(text: str) -> None:
    assert _errors(run_privacy(text), ("PHI001",))


def test_a_handle_near_health_words_without_a_tie_to_care_is_not_a_patient() -> None:
    text = "Great chat with @dana_writes about flu vaccine myths on her podcast this week."
    assert not _errors(run_privacy(text))


# ----------------------------------------------------------------------------- PHI004
def test_phi004_is_always_a_note() -> None:
    engine = Engine(Policy(), select=["PHI004"])
    report = engine.check(
        CheckInput(text="Open 9-5 on 03/04, call (555) 201-3344 or email hello@clinic.example.")
    )
    assert report.findings and {f.level.value for f in report.findings} == {"note"}
    assert not report.blocking
