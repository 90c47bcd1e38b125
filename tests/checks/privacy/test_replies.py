"""The reply guard: replies that confirm a patient relationship, and generic replies."""

from __future__ import annotations

import pytest

from carepost.checks import Policy
from carepost.checks.privacy.consent import DEFAULT_REPLY_TEMPLATE

from .conftest import blocking_privacy, run_privacy

CONFIRMING = [
    ("Thank you for your visit!", "Great place"),
    ("See you at your next cleaning!", "Love my dentist"),
    ("We're glad your knee is healing so well!", "Best PT ever"),
    ("Our records show you were seen on March 4.", "They never saw me"),
    ("As we discussed at your appointment, the crown needed a root canal first.", "Overpriced"),
    ("Sorry for the wait when you came in on Tuesday.", "Waited an hour"),
    ("Thanks, Hannah! Brooke loved working on your filler.", "Brooke is the best"),
    ("We remember you well and hope the new glasses are working out.", "Nice staff"),
    ("Thank you, Mrs. Patel. It was our privilege to care for Raj during his ICU stay.", "Thanks"),
    ("Dr. Brandt reviewed your MRI this morning and will call you.", "Still waiting"),
    ("Hi Gloria, since Dr. Hayes just started your lisinopril, please don't stop it.", "cough"),
    ("We're so glad your father is recovering well from his fall.", "ER staff were great"),
    ("HI RILEY!! See you Thursday for leg day.", "this is my PT"),
    ("Congrats, Ben!! We'll miss seeing you at your Tuesday sessions.", "Done with PT"),
    ("Thanks for getting your flu shot with us yesterday!", "arm is sore"),
    ("Your plan of care was 12 visits and you attended 5 of them.", "money grab"),
    ("It's always a joy to see Liam and Chloe at their checkups.", "my kids go here"),
    ("Gracias, Sofia! Nos alegra que your recovery after surgery is going well.", "gracias"),
]

GENERIC = [
    (
        "We're sorry to read this. Because of privacy laws we can't discuss anyone's care online. "
        "Please call our practice manager at (614) 555-0130.",
        "Rude receptionist",
    ),
    (
        "Thank you for taking the time to leave a review! We'll share your kind words with the team.",
        "Dr. Okafor did my implant",
    ),
    (
        "We can't give medical advice over social media, but please call our nurse line at "
        "(217) 555-0104.",
        "My toddler has a fever",
    ),
    ("Please call 911 right now. Don't wait for an appointment.", "crushing chest pain"),
    (
        "Great question! Ease off your mileage for a week and ice the sore area after runs.",
        "shin splints?",
    ),
    (
        "Yes! We're in-network with most major plans. Please call to confirm your specific plan.",
        "Do you take Aetna?",
    ),
    ("Please reach out to the injector who treated you right away.", "filler problem"),
    (
        "Thanks for the shout-out! We'll pass your kind words along to Coach Ana.",
        "Coach Ana is incredible",
    ),
    (
        "We're unable to discuss any account or visit details publicly. Our billing team can help "
        "at (303) 555-0150.",
        "Billed me twice",
    ),
    (
        "Same-day sick visits are available: call (614) 555-0130 or book online.",
        "how long should a cough last",
    ),
    ("THANK YOU FOR THE KIND WORDS! PLEASE CALL US ANYTIME.", "BEST CLINIC"),
]


@pytest.mark.parametrize(("text", "comment"), CONFIRMING)
def test_confirming_reply_blocks(text: str, comment: str) -> None:
    report = run_privacy(text, kind="reply", in_reply_to=comment)
    assert blocking_privacy(report), [f.to_dict() for f in report.findings]
    assert any(f.code == "PHI002" for f in report.findings) or any(
        f.code == "PHI001" for f in report.findings
    )


@pytest.mark.parametrize(("text", "comment"), GENERIC)
def test_generic_reply_passes(text: str, comment: str) -> None:
    report = run_privacy(text, kind="reply", in_reply_to=comment)
    assert not blocking_privacy(report), [
        f.to_dict() for f in report.findings if f.level.value == "error"
    ]


def test_reply_fix_offers_the_default_safe_reply() -> None:
    report = run_privacy("See you at your next cleaning!", kind="reply")
    fixes = [f.fix for f in report.findings if f.code == "PHI002" and f.fix]
    assert fixes and fixes[0].applicability.value == "display-only"
    assert fixes[0].replacement == DEFAULT_REPLY_TEMPLATE.replace(
        "{organization}", "our office"
    ).replace("{contact}", "")


def test_reply_template_comes_from_the_policy() -> None:
    policy = Policy.from_mapping(
        {
            "organization": {"name": "Bright Harbor Dental", "phone": "(312) 555-0118"},
            "options": {"privacy": {"reply_template": "Please call {organization}{contact}."}},
        }
    )
    report = run_privacy("See you at your next cleaning!", policy, kind="reply")
    (fix,) = [f.fix for f in report.findings if f.code == "PHI002" and f.fix]
    assert fix.replacement == "Please call Bright Harbor Dental at (312) 555-0118."


def test_a_post_is_not_checked_by_the_reply_guard() -> None:
    report = run_privacy("See you at your next cleaning!")
    assert not any(f.code == "PHI002" for f in report.findings)


def test_staff_named_in_the_comment_is_not_a_patient() -> None:
    report = run_privacy(
        "Thank you! Brooke loves doing lip filler and is happy to chat about options anytime.",
        kind="reply",
        in_reply_to="5 stars, Brooke is the best injector!!",
    )
    assert not blocking_privacy(report)
    notes = [f for f in report.findings if f.code == "PHI004"]
    assert any("comment being answered" in f.explanation for f in notes)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "non-empty string"),
        (42, "non-empty string"),
        ("Call {name}", "unknown placeholder {name}"),
    ],
)
def test_bad_reply_template_is_a_policy_error(template: object, message: str) -> None:
    from carepost.checks.errors import CheckError

    policy = Policy.from_mapping({"options": {"privacy": {"reply_template": template}}})
    with pytest.raises(CheckError) as info:
        run_privacy("See you at your next cleaning!", policy, kind="reply")
    assert message in str(info.value) and "options.privacy.reply_template" in str(info.value)
