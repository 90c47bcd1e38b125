"""Post-level decisions: leaks that must block, and humanizing content that must not."""

from __future__ import annotations

import pytest

from .conftest import blocking_privacy, run_privacy

LEAKS = [
    # named patient + condition/treatment
    "So proud of Marcus Delgado, who finished his last round of chemo for lymphoma with us today!",
    "Congrats to Mrs. Linda Ferreira on her new smile after her full-arch implant treatment.",
    "Watch Marissa's smile transformation: 6 veneers, 2 visits!",
    "Before and after: Kevin's cystic acne after 5 months of isotretinoin.",
    # initials + context
    "Props to M.K. on Elm St. who finally got her insulin pump supplies covered!",
    "Big cheers for D.R., the Westview HS quarterback, cleared to play after his MCL sprain rehab.",
    # handles
    "So fun having @kaylee.fit in for her Botox touch-up today!",
    # unique descriptions without a name
    "Shoutout to the gentleman in Room 412 who is recovering from pneumonia.",
    "A 91-year-old retired judge underwent TAVR here on May 3 and went home two days later.",
    "Last Saturday our ER treated a 34-year-old lineman from Pine Hollow who was shocked on "
    "Route 9. He is recovering in our burn unit.",
    "Only one person in Bayfield lives with epidermolysis bullosa, and we manage her wound care.",
    # public figure treated here
    "Wishing Mayor Loretta Vance a speedy recovery after her hip replacement here this morning!",
    # testimonial quote with initials
    "“Dr. Nguyen fixed my TMJ pain in one visit!” — James P., Maple Street Dental patient",
    # patient status alone with age over 89
    "Our oldest patient turned 93 this week! Happy birthday, Dorothy!",
    # Spanish / mixed
    "Felicidades a Rosa Martinez, who finished her chemotherapy today at our clinic!",
    # ALL CAPS
    "CONGRATS TO MR. GERALD PRUITT ON FINISHING HIS HEP C TREATMENT AT OUR COUNTER TODAY",
]

SAFE = [
    "Happy birthday to our amazing hygienist, Tasha! Tasha has been making smiles sparkle for 8 years.",
    "Please welcome Dr. Hannah Boateng, MD, FAAP! Dr. Boateng completed her residency at "
    "Cincinnati Children's and is accepting new patients.",
    "Meet our nurse injector, Brooke Sanders, RN! Brooke shares why she became an aesthetic nurse.",
    "Surprise birthday dance for Nurse Amy! She's been giving the gentlest shots in town for 15 years!",
    "Holiday hours: we close at noon on Dec. 24. For urgent needs call (614) 555-0147.",
    "Bruce Willis's family shared in 2023 that he is living with frontotemporal dementia. Our "
    "neurology team is hosting a caregiver evening on March 12.",
    "Like many of you, we watched Aaron Rodgers tear his Achilles in his debut. Join our free "
    "calf workshop Saturday.",
    "Hypothetical example (not a real patient): 'Sam,' 45, has a blood pressure reading of 138/88.",
    "Imagine a patient who wakes up with jaw pain every morning. What could be going on?",
    "By the numbers: our surgeons performed 1,240 joint replacements in 2025 and 94% of patients "
    "would recommend us.",
    "November is National Diabetes Month. According to the CDC, more than 1 in 3 U.S. adults has "
    "prediabetes.",
    "Per the CDC, adults need 150 minutes of activity each week.",
    "Sample record for training (synthetic demo data): John Doe, MRN 000000, diagnosis flu.",
    "Join us Saturday, April 5, for our Healthy Aging Fair: free blood pressure checks at 900 Elm Street.",
    "🦷🦷🦷✨✨",
    "FLU SHOTS ARE HERE WALK IN ANYTIME NO APPOINTMENT NEEDED",
]


@pytest.mark.parametrize("text", LEAKS)
def test_leak_blocks(text: str) -> None:
    report = run_privacy(text)
    assert blocking_privacy(report), [f.to_dict() for f in report.findings]


@pytest.mark.parametrize("text", SAFE)
def test_safe_post_does_not_block(text: str) -> None:
    report = run_privacy(text)
    assert not blocking_privacy(report), [
        f.to_dict() for f in report.findings if f.level.value == "error"
    ]


def test_leak_finding_explains_signals() -> None:
    report = run_privacy(
        "So proud of Marcus Delgado, who finished his last round of chemo for lymphoma today!"
    )
    (finding,) = [f for f in report.findings if f.code == "PHI001"]
    assert "Marcus Delgado" in finding.explanation
    assert "chemo" in finding.explanation or "lymphoma" in finding.explanation
    assert finding.fix is not None and finding.fix.applicability.value == "display-only"
    assert "name" in finding.data["identifiers"]
