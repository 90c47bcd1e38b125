"""Random master posts (seeded): every variant fits and keeps what must stay.

FUZZ_SEEDS=300 runs more seeds locally.
"""

from __future__ import annotations

import os
import random

import pytest

from carepost.checks import ConsentRef, Engine, Policy
from carepost.checks.variants import adapt, protected_items

POLICY = Policy.from_mapping({"organization": {"website": ["riverside-clinic.org"]}})
ENGINE = Engine(POLICY, select=["PLT"])  # the property is the adapter's, not the content rules'
PLATFORMS = ["x", "instagram", "facebook", "linkedin", "tiktok", "threads", "bluesky", "mastodon"]
CONSENTS = (ConsentRef(id="c1", person="Dana Whitfield"),)

WORDS = (  # noqa: SIM905 (one readable string of sample words)
    "flu shot clinic walk-in nurse appointment vaccine season family weekday morning "
    "parking entrance questions record insurance pharmacy booster children adults (free) "
    "“quoted” café naïve 😷 ❤️‍🔥 🧑‍🧑‍🧒 日本語 ~tilde~ *star* under_score a|b {x} [y] <z>"
).split()
EXTRAS = [
    "(doi:10.1001/jama.2023.{n:04d})",
    "PMID {n}2345",
    "https://www.cdc.gov/flu/page{n}",
    "https://riverside-clinic.org/book?lang=es&n={n}",
    "@nurse_team{n}",
    "Dana Whitfield",
    "#Flu{n}",
]


def master(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(1, 25)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 30))]
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), rng.choice(EXTRAS).format(n=rng.randint(1, 9)))
        sentence = " ".join(words)
        sentences.append(sentence[0].upper() + sentence[1:] + rng.choice([".", "!", "?", ""]))
    text = rng.choice([" ", "\n", "\n\n", "\r\n"]).join(sentences)
    if rng.random() < 0.6:
        text += " " + rng.choice([POLICY.disclaimer_long, POLICY.disclaimer_short])
    if rng.random() < 0.5:
        text += "\n\n" + " ".join(f"#Tag{i}" for i in range(rng.randint(1, 12)))
    return text


@pytest.mark.parametrize("seed", range(int(os.environ.get("FUZZ_SEEDS", "30"))))
def test_random_masters_never_lose_protected_items_silently(seed: int) -> None:
    rng = random.Random(seed)
    text = master(rng)
    items = protected_items(text, POLICY, CONSENTS)
    result = adapt(text, PLATFORMS, policy=POLICY, engine=ENGINE, consents=CONSENTS)
    for v in result.variants:
        # these masters can always be adapted: a variant must fit without losing anything
        assert v.problems == (), (v.platform, v.problems)
        for report in v.reports:
            assert report.platform is not None and report.platform.remaining >= 0, v.platform
        shown = v.text.replace("\\", "")
        if items["disclaimer"]:
            assert POLICY.disclaimer_short in shown or items["disclaimer"] in shown, v.platform
        for c in items["citations"]:
            assert (
                c in shown
                or any(c in m for m in v.moved_links)
                or any(c in u for u in shown.split())
            ), (v.platform, c)
        for m in items["mentions"]:
            assert m in shown, (v.platform, m)
        for name in items["names"]:
            assert name in shown.replace("\n", " "), (v.platform, name)
