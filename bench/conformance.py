"""Conformance pass counts per section: carepost side by side with twitter-text-parser 3.0.0.

Run: .venv/bin/python bench/conformance.py

Reads the suites vendored unchanged in tests/data/conformance. The peer
(PyPI twitter-text-parser, a port of the JavaScript library with its Emoji 12 tables) has
parse_tweet and URL extraction only: other sections print "n/a". Also prints carepost's own
table of newer emoji sequences, the CRLF case, and counting throughput for both.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.checks.platforms.conformance import (
    Case,
    atproto_length_cases,
    run_case,
    twitter_cases,
)
from tests.checks.platforms.test_counting import NEW_EMOJI

from carepost.checks.platforms.counting import count_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the peer imports pkg_resources
    try:
        from twitter_text import extract_urls_with_indices as peer_urls
        from twitter_text import parse_tweet as peer_parse
        from twitter_text.config import config as peer_config
    except ImportError:  # the dev group is not installed
        peer_parse = None


def _peer_runner(case: Case) -> Callable[[str], Any] | None:
    if peer_parse is None:
        return None
    if case.file == "validate.yml":
        # config v2 lacks emoji_parsing_enabled in the peer (KeyError): add it, as its users must
        options = (
            {**peer_config["version2"], "emoji_parsing_enabled": False}
            if case.section == "WeightedTweetsCounterTest"
            else peer_config["defaults"]
        )

        def run(text: str) -> Any:
            r = peer_parse(text, options).asdict()
            return {k: r[k] for k in case.expected}

        return run
    if case.section in ("urls", "tco_urls_with_params", "country", "generic"):
        return lambda text: [u["url"] for u in peer_urls(text)]
    if case.section in ("urls_with_indices", "urls_with_directional_markers"):
        return lambda text: [{"url": u["url"], "indices": u["indices"]} for u in peer_urls(text)]
    return None


def _ok(fn: Callable[[str], Any], case: Case) -> bool:
    try:
        return bool(fn(case.text) == case.expected)
    except Exception:
        return False


def main() -> int:
    ours: Counter[str] = Counter()
    peer: Counter[str] = Counter()
    peer_has: set[str] = set()
    total: Counter[str] = Counter()
    for case in twitter_cases():
        key = f"twitter-text {case.file} {case.section}"
        total[key] += 1
        ours[key] += _ok(lambda _text, c=case: run_case(c), case)
        runner = _peer_runner(case)
        if runner is not None:
            peer_has.add(key)
            peer[key] += _ok(runner, case)
    for lc in atproto_length_cases():
        key = f"atproto record-data {lc.field}"
        unit = "graphemes" if lc.field == "graphemeString" else "bytes"
        total[key] += 1
        length = count_text(lc.text, unit)
        ours[key] += (lc.minimum <= length <= lc.maximum) is lc.expected_valid
    key = "carepost table: newer emoji sequences count 2 on X"
    total[key] = len(NEW_EMOJI) + 1
    ours[key] = sum(count_text(e, "weighted") == 2 for e, _ in NEW_EMOJI) + (
        count_text("a\r\nb", "weighted") == 4
    )
    if peer_parse is not None:
        peer_has.add(key)
        peer[key] = sum(peer_parse(e).weightedLength == 2 for e, _ in NEW_EMOJI) + (
            peer_parse("a\r\nb").weightedLength == 4
        )

    width = max(len(k) for k in total)
    print(f"{'section'.ljust(width)}  {'carepost':>10}  {'twitter-text-parser 3.0.0':>26}")
    for k in total:
        theirs = f"{peer[k]}/{total[k]}" if k in peer_has else "n/a"
        print(f"{k.ljust(width)}  {f'{ours[k]}/{total[k]}':>10}  {theirs:>26}")
    print(f"{'all'.ljust(width)}  {f'{sum(ours.values())}/{sum(total.values())}':>10}")

    sample = (
        "Flu shots are here 💉❤️‍🔥 Walk in Mon–Fri at https://riverside-clinic.org/flu "
        "— details from the CDC: cdc.gov/flu #FluSeason @RiversideClinic "
    ) * 2
    rounds = 2000
    samples = [f"{sample}{i}" for i in range(rounds)]  # distinct texts: no cache helps
    t = time.perf_counter()
    for text in samples:
        count_text(text, "weighted")
    ours_us = (time.perf_counter() - t) / rounds * 1e6
    line = f"\nX weighted count of a {len(sample)}-character post: carepost {ours_us:.0f} µs"
    if peer_parse is not None:
        t = time.perf_counter()
        for text in samples:
            peer_parse(text)
        peer_us = (time.perf_counter() - t) / rounds * 1e6
        line += f", twitter-text-parser {peer_us:.0f} µs (ratio {ours_us / peer_us:.2f})"
    print(line)
    return 0 if sum(ours.values()) == sum(total.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
