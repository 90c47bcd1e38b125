"""Variants for 7 platforms from a 2,000-character master post: milliseconds per master post.

Run: .venv/bin/python bench/variants.py [--rounds N]

Measured in the same run, side by side:
- carepost `adapt` (7 variants, each checked by the full engine with every rule enabled);
- carepost `adapt` with only the platform rules (the adapter's own cost plus PLT checks);
- the peer: checking the unchanged master once per platform with the full engine (what a
  studio does without an adapter), so the ratio shows the adapter's overhead.
"""

from __future__ import annotations

import argparse
import statistics
import time

from carepost.checks import Engine, Policy
from carepost.checks.model import CheckInput
from carepost.checks.platforms.counting import count_text
from carepost.checks.variants import Utm, adapt

PLATFORMS = ["x", "instagram", "facebook", "linkedin", "tiktok", "threads", "bluesky"]
POLICY = Policy.from_mapping(
    {"organization": {"name": "Riverside Clinic", "website": ["riverside-clinic.org"]}}
)

PARAGRAPHS = [
    "Flu season is here, and the yearly flu shot is still the best protection we have. "
    "The CDC recommends it for everyone 6 months and older "
    "(https://www.cdc.gov/flu/prevent/flushot.htm).",
    "A 2023 review found vaccination cut flu hospital stays by about 40% "
    "(doi:10.1001/jama.2023.1234), and a large cohort study found similar results for adults "
    "over 65 (PMID 31234567).",
    "Walk-ins are welcome Monday to Friday, 8 am to 6 pm, at our Main Street clinic. Book ahead "
    "at https://riverside-clinic.org/flu or call (555) 010-2000. Bring your insurance card if "
    "you have one; no one is turned away.",
    "Our nurses will check your vaccine record and answer questions about side effects, which "
    "are usually mild: a sore arm, a low fever or tiredness for a day or two. Thanks to "
    "@dr_okafor and the whole nursing team for running the clinic this year!",
    "Parking is free behind the building, the entrance is step-free, and interpreters are "
    "available on request in Spanish, Vietnamese and Arabic. Children under 9 getting their "
    "first flu shot may need two doses four weeks apart.",
    "This post is for general information only and is not a substitute for personal medical "
    "advice. Talk to your own clinician about your situation.",
    "#FluSeason #FluShot #Vaccines #PublicHealth #Prevention #StayHealthy #Riverside",
]


def master_post() -> str:
    text = "\n\n".join(PARAGRAPHS)
    while len(text) < 2000:
        text = text.replace("\n\n#Flu", "\n\nWe look forward to seeing you.\n\n#Flu", 1)
    return text[:2000] if len(text) > 2000 else text


def timed(fn, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up: models and regexes load once per process
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    text = master_post()
    full = Engine(POLICY)
    plt_only = Engine(POLICY, select=["PLT"])
    utm = Utm(campaign="flu-2026")

    def carepost_full() -> None:
        adapt(text, PLATFORMS, policy=POLICY, engine=full, utm=utm)

    def carepost_plt() -> None:
        adapt(text, PLATFORMS, policy=POLICY, engine=plt_only, utm=utm)

    def peer_check_only() -> None:
        for p in PLATFORMS:
            full.check(CheckInput(text=text, platform=p))

    result = adapt(text, PLATFORMS, policy=POLICY, engine=full, utm=utm)
    print(f"master post: {len(text):,} characters, {count_text(text, 'weighted')} weighted on X")
    for v in result.variants:
        lengths = ", ".join(str(r.platform.length) for r in v.reports if r.platform)
        print(f"  {v.platform:<10} parts={len(v.parts)} lengths=[{lengths}] blocking={v.blocking}")
    rows = [
        ("carepost adapt, 7 variants, full engine", timed(carepost_full, args.rounds)),
        ("carepost adapt, 7 variants, PLT rules only", timed(carepost_plt, args.rounds)),
        ("peer: full check of the master x7, no adapting", timed(peer_check_only, args.rounds)),
    ]
    base = statistics.median(rows[-1][1])
    print(
        f"\n{'ms per master post (median of ' + str(args.rounds) + ')':<52} {'median':>8} {'p90':>8} {'ratio':>6}"
    )
    for label, samples in rows:
        med = statistics.median(samples)
        p90 = sorted(samples)[int(0.9 * (len(samples) - 1))]
        print(f"{label:<52} {med:8.1f} {p90:8.1f} {med / base:6.2f}")


if __name__ == "__main__":
    main()
