"""Throughput of the whole checker (every rule family together) against peers measured in the
same run: the same engine with only the PLT (platform) family, and the bare spaCy parse every
rule family shares. (Presidio is not used as a peer here: its analyzer tries to download the
public-suffix list at start-up, and nothing in carepost may reach the network at run time.)

    .venv/bin/python bench/checks_throughput.py [corpus.jsonl] [--repeat N]

"single" checks one post per call through ``carepost.checks.check`` (the API a web request
uses); "batch" runs ``Engine.check_many`` over the whole corpus with one engine. Figures are
ms per post (p50, p95) and posts per second; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from carepost.checks import CheckInput, Engine, Policy, check
from carepost.checks.nlp import load_nlp

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dev.jsonl"
FALLBACK = [
    "Flu shots are here! The CDC recommends a yearly flu vaccine for everyone 6 months and older.",
    "A daily handful of walnuts lowers LDL cholesterol by 15 points. Add them to your breakfast!",
    "Thank you for your kind words! Please call our office at (555) 010-2000.",
    "Our stem cell injections regrow cartilage so you can skip knee replacement forever.",
    "Rolled your ankle? Rest, ice for 20 minutes at a time, compress and elevate.",
]


def load_items(path: Path | None) -> list[CheckInput]:
    if path is not None and path.is_file():
        items = []
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                items.append(CheckInput.from_dict(json.loads(line)))
        return items
    return [CheckInput(text=t, platform="facebook") for t in FALLBACK * 40]


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(
    fn: Callable[[CheckInput], object], items: Sequence[CheckInput], repeat: int
) -> dict[str, float]:
    per: list[float] = []
    started = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            per.append((time.perf_counter() - t0) * 1000)
    wall = time.perf_counter() - started
    return {
        "p50": statistics.median(per),
        "p95": pct(per, 95),
        "posts_s": len(per) / wall if wall else 0.0,
    }


def batch(engine: Engine, items: Sequence[CheckInput], repeat: int) -> dict[str, float]:
    per: list[float] = []
    started = time.perf_counter()
    for _ in range(repeat):
        for report in engine.check_many(items):
            per.append(getattr(report, "elapsed_ms", 0.0))
    wall = time.perf_counter() - started
    return {"p50": statistics.median(per), "p95": pct(per, 95), "posts_s": len(per) / wall}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    items = load_items(args.corpus)
    policy = Policy()
    full = Engine(policy)
    plt_only = Engine(policy, select=["PLT"])
    nlp = load_nlp(policy.nlp_model)
    # warm up: models, word lists, packs
    for item in items[:5]:
        full.check(item)
        check(item.text, platform=item.platform, kind=item.kind, in_reply_to=item.in_reply_to)

    rows: list[tuple[str, dict[str, float]]] = []
    rows.append(
        (
            "carepost, all families, single",
            timed(
                lambda i: check(
                    i.text, platform=i.platform, kind=i.kind, in_reply_to=i.in_reply_to
                ),
                items,
                args.repeat,
            ),
        )
    )
    rows.append(("carepost, all families, batch", batch(full, items, args.repeat)))
    rows.append(("peer: same engine, PLT only, batch", batch(plt_only, items, args.repeat)))
    rows.append(
        ("peer: spaCy parse only (shared by all)", timed(lambda i: nlp(i.text), items, args.repeat))
    )
    base = rows[1][1]["posts_s"]
    print(
        f"{len(items)} posts x {args.repeat} rounds ({args.corpus if args.corpus and args.corpus.is_file() else 'built-in sample'})"
    )
    print(f"{'configuration':<42}{'p50 ms':>9}{'p95 ms':>9}{'posts/s':>10}{'vs all-batch':>14}")
    for name, r in rows:
        ratio = r["posts_s"] / base if base else 0.0
        print(f"{name:<42}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['posts_s']:>10.1f}{ratio:>13.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
