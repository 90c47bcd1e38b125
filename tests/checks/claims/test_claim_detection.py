"""Hard cases for claim detection: positives and hard negatives, written for this project
(not taken from the shared corpus)."""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Level

from .conftest import codes

CLAIM_RULES = {f"CLM{n:03d}" for n in range(1, 13)}


def claim_flagged(engine: Engine, text: str, **fields: object) -> bool:
    report = engine.check(CheckInput.from_dict({"text": text, **fields}))
    return any(
        f.category.value == "claims" and f.level.rank >= Level.WARNING.rank for f in report.findings
    )


POSITIVES = [
    # paraphrases of an effect on a health object
    "Chamomile tea calms anxiety and improves sleep quality.",
    "Eating two kiwis before bed slashes the time it takes to fall asleep.",
    "Regular sauna sessions lower your blood pressure.",
    "Our new laser facial erases fine lines in one session.",
    "Foam rolling speeds recovery after leg day.",
    "Swapping soda for sparkling water helped me shed 12 pounds.",
    "Patients on our program drop 2 dress sizes on average.",
    "This serum firms skin 40% better than retinol.",
    "Kids who eat breakfast get sick less often.",
    "Botox results usually last 3 to 4 months.",
    "Acupuncture is effective for chronic back pain.",
    "Our whitening gets teeth 8 shades brighter.",
    "Our hydrafacial leaves skin 3x more hydrated after one session!",
    "Acupuncture relieves migraines for 9 out of 10 patients.",
    "Invisalign straightens teeth faster than braces.",
    "Prolotherapy heals torn ligaments naturally.",
    "Mouth taping improves sleep and stops snoring.",
    "Red light therapy heals wounds twice as fast.",
    "Our TMS therapy puts depression into remission for most patients.",
    "Kids who brush twice a day have 50% fewer cavities.",
    "Low back pain usually improves within a few weeks with gentle movement.",
    "Yes! Your Botox should kick in within 3 to 5 days and last around 3 months.",
    "Most patients feel back to normal within a week after wisdom teeth removal.",
    "Our physical therapy program gets 95% of patients back to sports.",
    "Ninety percent of our IVF patients get pregnant on the first try!",
    "Getting 7+ hours of sleep boosts your immune system.",
    # absolutes
    "Our sinus surgery is 100% pain-free with zero downtime!",
    "This detox cleanse cures bloating for good.",
    "Our hearing aids guarantee crystal-clear hearing.",
    "A miracle cream for eczema!",
    "Clinically proven to reduce wrinkles.",
    "Our gummies give you instant energy!",
    "Say goodbye to back pain forever with our spinal decompression.",
    # enforcement families
    "Our CBD tincture treats arthritis pain and anxiety.",
    "IV vitamin C drips protect you against COVID-19.",
    "Exosome injections regrow hair and reverse aging.",
    "Lose 20 pounds in 2 weeks without diet or exercise!",
    "Compounded tirzepatide: the same as Mounjaro, half the price.",
    "“I finally beat my migraines after two visits!” — Ana R. You can too!",
]

NEGATIVES = [
    # sourced claims
    "According to the American Heart Association, regular exercise lowers blood pressure.",
    "A 2021 trial in JAMA found that CBT-I improved sleep (doi:10.1001/jama.2021.1234).",
    "Per NIH, vitamin D helps the body absorb calcium (ods.od.nih.gov/factsheets/VitaminD).",
    # educational statements without an outcome claim
    "Flu season usually peaks between December and February.",
    "Mammograms are X-ray pictures of the breast.",
    "Your care team will explain each step of the procedure before surgery.",
    # quoted guidelines without an outcome claim
    "The USPSTF recommends colorectal cancer screening starting at age 45.",
    "The CDC recommends a yearly flu vaccine for everyone 6 months and older.",
    # negated claims
    "There is no cure for the common cold, but fluids and rest help you feel better.",
    "Antibiotics don't treat viral infections like the flu.",
    "Supplements cannot reverse gum disease; see your dentist.",
    # questions
    "Does cracking your knuckles cause arthritis? Our hand surgeon answers on Friday.",
    "Can cold showers really boost immunity? Tune in to find out.",
    # team, office, event, reports
    "Our ER team treated 40 patients during last night's storm. Thank you, crew!",
    "Congrats to Dr. Lee on 20 years of caring for our community!",
    "We're open 8am to 6pm on weekdays; walk-ins welcome.",
    "Guaranteed parking for every appointment at our Elm Street office!",
    "Our volunteers logged 2,000 hours this year and we're so grateful.",
    "We'll work with you on a payment plan that fits your budget.",
    "Our new MRI suite opens Monday. Same-day appointments available.",
    "We're proud to be named a top hospital for cardiac care by U.S. News.",
    "Vaccines can't give you the flu, according to the CDC.",
    "Today we celebrate our 500th robotic surgery! Thank you to our amazing OR team.",
    "Is it allergies or a cold? Join our free webinar Thursday to learn the difference.",
    "By the numbers: 94% of patients who answered our survey would recommend us.",
    "Our nurses answered 12,000 calls this year.",
    "We treat anxiety, depression and PTSD with compassion. Call to schedule.",
    "Metformin is a first-line treatment for type 2 diabetes according to the American Diabetes Association.",
    "The flu vaccine reduces your risk of flu illness by 40% to 60% (CDC).",
    "Semaglutide helped adults lose 15% of body weight (STEP 1 trial, NEJM 2021). Side effects include nausea.",
    "Rob got an irregular-rhythm alert last month and called his cardiologist.",
    "Help us find a cure for childhood cancer: join our 5K on Saturday!",
    "Our researchers are working toward a cure for ALS.",
    "Build healthy eating habits for life with our free nutrition class.",
    "We use FDA-approved Botox Cosmetic from Allergan.",
    "Our therapists offer evidence-based treatment for anxiety and depression.",
    "Instant online booking for flu shots is now live!",
    "A breakthrough in cancer research: our team published new findings in Nature.",
    "Use promo code FLU20 for 20% off your next visit.",
    "In partnership with the American Heart Association, we're hosting free BP checks.",
    "With online check-in, you'll never need to wait in line for a flu shot.",
    "We'll be grateful forever to the nurses who cared for our community during the pandemic.",
    # myth busting
    "Myth: vaccines cause autism. Fact: large studies found no link (CDC).",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_claims_are_flagged(engine: Engine, text: str) -> None:
    assert claim_flagged(engine, text), text


@pytest.mark.parametrize("text", NEGATIVES)
def test_non_claims_are_not_flagged(engine: Engine, text: str) -> None:
    report = engine.check(CheckInput(text=text))
    flagged = [
        (f.code, f.message)
        for f in report.findings
        if f.category.value == "claims" and f.level.rank >= Level.WARNING.rank
    ]
    assert not flagged, flagged


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our elderberry gummies prevent the flu all winter.", "CLM003"),
        ("Ozone therapy cures COVID-19 in days.", "CLM004"),
        ("Our stem cell injections repair torn rotator cuffs without surgery.", "CLM005"),
        ("Eat whatever you want and still lose weight with our wrap!", "CLM006"),
        ("Get generic Ozempic shipped to your door.", "CLM007"),
        ("Our ketamine infusions end depression in 6 sessions.", "CLM008"),
        ("Now offering low-dose naltrexone and off-label GLP-1s for longevity!", "CLM009"),
        (
            "Before/after: Mia's acne cleared with our peel. Results like these are what we do every day!",
            "CLM010",
        ),
        ("Thanks to @glowlab for sending this serum! Use my code GLOW15. #sp", "CLM011"),
        ("Studies show that magnets relieve joint pain.", "CLM012"),
    ],
)
def test_enforcement_family_codes(engine: Engine, text: str, code: str) -> None:
    assert code in codes(engine, text)


def test_enforcement_families_are_errors(engine: Engine) -> None:
    report = engine.check(CheckInput(text="Our CBD gummies cure anxiety and prevent cancer."))
    assert any(f.code == "CLM003" and f.level is Level.ERROR for f in report.findings)


def test_sourced_but_overstated_claim_is_absolute(engine: Engine) -> None:
    text = (
        "A randomized trial found home-based care lowered readmissions (Levine et al., Annals of "
        "Internal Medicine, 2020), so our patients are guaranteed never to be readmitted!"
    )
    found = codes(engine, text)
    assert "CLM002" in found
    assert "CLM001" not in found


def test_finding_explains_its_signals(engine: Engine) -> None:
    report = engine.check(CheckInput(text="Green tea lowers blood pressure."))
    (f,) = [f for f in report.findings if f.code == "CLM001"]
    assert "lower" in f.explanation and "blood pressure" in f.explanation
    assert f.span is not None and report.findings
