"""PHI010 (reply-reveals-care) and PHI011 (described-patient): positives and hard negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.checks import CheckInput, Engine, Policy
from carepost.checks.errors import DataFileError
from carepost.checks.privacy import described_patient_signals, first_names, reply_care_signals
from carepost.checks.privacy.lexicon import SIGNAL_KEYS, signal_patterns
from carepost.checks.sentences import split_sentences

_ENGINES: dict[str, Engine] = {}


def _codes(text: str, kind: str = "post", **fields: object) -> set[str]:
    if "all" not in _ENGINES:
        _ENGINES["all"] = Engine(Policy(), select=["PHI", "CNS"])
    report = _ENGINES["all"].check(CheckInput.from_dict({"text": text, "kind": kind, **fields}))
    return {f.code for f in report.findings if f.level.value == "error"}


REPLY_POSITIVES = [
    "Congratulations on finishing chemo! Our oncology nurses loved being part of your journey.",
    "So glad that hip is cooperating again after all that work!",
    "You're recovering so fast, great work on those exercises!",
    "Sorry the incision from your biopsy is still sore. Please come in so we can take a look.",
    "Your hearing aids are back-ordered until next Friday; we'll call you when they land.",
    "Dr. Amsel spent 40 minutes with you and ordered the thyroid panel that day.",
    "Hope the new implant feels great by the weekend!",
    "Our cardiology team was paged for your dad overnight and he's on the list for today.",
    "Give that sweet baby a cuddle from everyone in our NICU!",
    "We've added a free follow-up session to your account.",
    "Come back anytime for a quick adjustment on those frames.",
    "Gracias por confiar en nosotros para su tratamiento.",
    "Thanks for choosing Ridgeview Urgent Care tonight!",
    "Mazel tov on your twins! Our labor and delivery team sends love.",
    "Nos da gusto que su rodilla esté mejor después de la terapia.",
    "Hope the new bridge is feeling comfortable!",
    "So happy to hear your ankle is holding up on the trails!",
    "Congrats on graduating from physical therapy! The whole crew will miss you.",
    "Eight weeks sober! Your group leader is so proud of you.",
    "Our cath lab team was thrilled to hear you're back at work.",
    "Happy one-year smile-versary! Those veneers still look amazing.",
    "Welcome to the family! Your new smile looks incredible.",
    "Thank you, Maria! Dr. Patel was so happy to see your progress at the 6-week visit.",
]

REPLY_NEGATIVES = [
    "Thank you for the kind words! We'll share them with the whole team.",
    "We're sorry about your experience. Please call our office manager at (555) 010-2200.",
    "If your incision is red or warm, call your surgeon's office right away.",
    "Ask your pharmacist whether your prescription can be transferred online.",
    "Most people can return to running a few months after knee surgery, "
    "but timing depends on your surgeon.",
    "Congratulations, Dr. Whitfield, on your new role as chief of surgery!",
    "So happy this supplement gave you your energy back!",
    "We can't discuss anyone's care here, but our patient advocate would love to hear from you.",
    "Ice your ankle for 20 minutes at a time and keep it raised.",
    "Great question! Crowns usually last 10 to 15 years with good care.",
    "We're glad you enjoyed the health fair! See the photos on our page.",
    "Lamentamos mucho su experiencia. Llámenos al (555) 010-3300.",
    "Hope your knee feels better soon! Please call us if you'd like to talk.",
    "We hope you're feeling better and thank you for the kind words.",
    "Welcome back to our page! New videos every Tuesday.",
    "Wishing you a smooth recovery, and thank you for sharing.",
    "We'd love to help you schedule your appointment; call (555) 010-4400.",
    "Those results look great, keep it up with the app!",
    "Congrats on graduating from high school! Good luck at college.",
    "Thanks for choosing to get vaccinated; it protects your whole family.",
    "So happy you enjoyed our open house!",
    "Hope you feel better soon! If symptoms get worse, call 911.",
    "Those tips look great! Thanks for sharing with everyone.",
    "Congratulations on your new job! Thanks for following us.",
    "Please see your pediatrician about your son's ear pain.",
]

POST_POSITIVES = [
    "Superhero Friday on 5 North! (Photo: Mateo, age 5, with his IV pole cape.)",
    "Shoutout to the retired teacher from Maple Falls who walked into our clinic with stage II "
    "lymphoma ten years ago!",
    "Big day for the Kowalczyks of Birch Harbor: a healthy baby after 3 IVF cycles!",
    "Behind the scenes: the board shows the 10:30 prenatal for T. Okoro and a wound check.",
    "Go Tigers! That's Coach Brandvold from Eastside High on the table getting his knee taped.",
    "Councilwoman Ibsen is resting comfortably at our hospital after this morning's surgery.",
    "Shoutout to user #55120 in Nome who hit 200 days of glucose logging in our app!",
    "Yes, that's room 12's dad pacing while mom is in labor!",
    "Proud of our 8th-grader from Willow Bend who kicked her asthma flare-ups this season!",
    "Thanks for the shoutout, Marco from Dunmore! One year sober!",
    "A 6-year-old from a small fishing village up the coast came in with a case of measles.",
    "The only lobster fisherman in Port Clyde is back on his boat after his bypass with us!",
    "Meet Oliver, 4, who brought his stuffed dinosaur to every chemo visit on our peds floor!",
    "Spotted on the unit today: Mrs. Albright, bed 4, who turned 100 on our telemetry floor!",
]

POST_NEGATIVES = [
    "Happy work anniversary to our hygienist Carla! 12 years of gentle cleanings.",
    "Meet Nurse Practitioner Ada Lindqvist, NP, who joins our diabetes clinic from Tacoma.",
    "Illustrative case (not a real patient): 'Ben', 52, a teacher from a small town, "
    "notices chest pain on the stairs.",
    "Wishing Gov. Marlow a speedy recovery after he shared his diagnosis this week.",
    "Our ER saw 61,000 visits last year and cut door-to-doctor time to 12 minutes.",
    "Join us at the Riverside Library for a free diabetes screening on Saturday.",
    "November is Diabetes Awareness Month: check your A1C once a year.",
    "Demo screenshot with synthetic test data: 'R. Testperson, prenatal visit 9:30'.",
    "Dr. Anaya Roy completed her fellowship in pediatric cardiology at Stanford.",
    "Congrats to our front desk team for 1,000 five-star reviews!",
    "Kids age 6 and up can get a flu shot at any of our Elm Street locations.",
    "The Lindgren family donated two infusion chairs to our cancer center. Thank you!",
    "New study: J. Okafor and colleagues found the treatment halved relapse (JAMA 2024).",
    "Thanks to our partners @cityhealthdept for the diabetes screening van this weekend.",
    "Mayor Castellanos toured our new ICU and cut the ribbon on the surgery wing.",
    "Thanks to Priya from Westfield Public Library for hosting our diabetes talk.",
    "Our team is a proud member of the American Diabetes Association.",
    "Our nursing students from Eastbrook College shadowed in the NICU this week.",
    "We're the only hospital in Lake County with a Level III NICU.",
    "Meet Coach Rivera from Central High at our free concussion workshop Saturday.",
    "Thanks, Grace from the Springfield Rotary, for donating 40 blankets to our chemo suite!",
    "Hypothetical: imagine Tom, 67, a retired mechanic from a small town, who skips his statin.",
    "Actor Ben Ortiz shared that he has type 1 diabetes. Here are 5 signs to know.",
    "Our marathon team from Fairview Hospital raised $12,000 for cancer research.",
    "Swipe to meet the teachers from Lincoln Elementary who joined our CPR class.",
]


@pytest.mark.parametrize("text", REPLY_POSITIVES)
def test_reply_positives_are_flagged(text: str) -> None:
    codes = _codes(text, kind="reply", in_reply_to="thanks!")
    assert codes & {"PHI002", "PHI010", "PHI001", "PHI011"}, text


@pytest.mark.parametrize("text", REPLY_NEGATIVES)
def test_reply_negatives_stay_clean(text: str) -> None:
    assert not reply_care_signals(text), text
    assert not _codes(text, kind="reply", in_reply_to="Love this place") & {"PHI010", "PHI011"}


@pytest.mark.parametrize("text", POST_POSITIVES)
def test_post_positives_are_flagged(text: str) -> None:
    assert _codes(text) & {"PHI001", "PHI011", "PHI003"}, text


@pytest.mark.parametrize("text", POST_NEGATIVES)
def test_post_negatives_stay_clean(text: str) -> None:

    assert not described_patient_signals(text, first_names()), text
    assert "PHI011" not in _codes(text)


def test_reply_signals_are_reply_only() -> None:
    text = "So glad that hip is cooperating again after all that work!"
    assert "PHI010" not in _codes(text, kind="post")


def test_no_double_error_when_shared_analysis_flags_the_sentence() -> None:
    text = "Thank you for your visit! We're glad your knee is healing so well."
    codes = _codes(text, kind="reply", in_reply_to="Great PT")
    assert "PHI002" in codes
    report = _ENGINES["all"].check(
        CheckInput.from_dict({"text": text, "kind": "reply", "in_reply_to": "x"})
    )
    spans = [(f.span.start, f.span.end) for f in report.findings if f.code == "PHI010" and f.span]
    phi002 = [(f.span.start, f.span.end) for f in report.findings if f.code == "PHI002" and f.span]
    for a, b in spans:
        assert not any(x < b and a < y for x, y in phi002)


def test_staff_policy_names_are_not_patients() -> None:

    text = "Thanks for the visit, Rosa from Port Hadley! Three months sober and counting."
    assert described_patient_signals(text, first_names())
    assert not described_patient_signals(text, first_names(), staff=["Rosa Ferreira"])


def test_consent_downgrades_described_patient_to_warning() -> None:
    engine = Engine(Policy(), select=["PHI011"])
    text = "Superhero Friday on 5 North! (Photo: Mateo, age 5, with his IV pole cape.)"
    bad = engine.check(CheckInput.from_dict({"text": text}))
    assert [f.level.value for f in bad.findings] == ["error"]
    ok = engine.check(
        CheckInput.from_dict(
            {
                "text": text,
                "consents": [{"id": "C-77", "person": "Mateo"}],
            }
        )
    )
    assert [f.level.value for f in ok.findings] == ["warning"]
    assert "C-77" in ok.findings[0].message


def test_sentences_keep_titles_together() -> None:
    text = "Mr. D is doing well. Dr. Okafor says hi!"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Mr. D is doing well.",
        "Dr. Okafor says hi!",
    ]


def test_every_key_compiles() -> None:
    patterns = signal_patterns()
    assert set(patterns) == set(SIGNAL_KEYS)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("care_objects: [a]\nbogus: [b]\n", "2: bogus: unknown list"),
        ("care_objects: []\n", "1: care_objects: expected a non-empty list"),
        ("care_objects:\n  - a\n  - a\n", "3: care_objects: phrase 'a' listed twice"),
        ("care_objects: [3]\n", "1: care_objects: expected a non-empty phrase"),
        ("- a\n", "mapping"),
        ("care_objects: [a\n", "invalid YAML"),
    ],
)
def test_bad_signal_file_is_a_clear_error(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "signals.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        signal_patterns(path)
    assert needle in str(err.value)
    assert str(path) in str(err.value)
