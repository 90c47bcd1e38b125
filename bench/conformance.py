"""Pass counts of carepost's counting and extraction per conformance-suite section.

Run: .venv/bin/python bench/conformance.py
Reads the suites unchanged from shared/conformance (next to the checkout).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.checks.platforms.conformance import (
    atproto_length_cases,
    run_case,
    twitter_cases,
)

from carepost.checks.platforms.counting import count_text


def main() -> int:
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case in twitter_cases():
        key = f"twitter-text {case.file} {case.section}"
        total[key] += 1
        try:
            ok = run_case(case) == case.expected
        except Exception:
            ok = False
        passed[key] += ok
    for lc in atproto_length_cases():
        key = f"atproto record-data {lc.field}"
        unit = "graphemes" if lc.field == "graphemeString" else "bytes"
        total[key] += 1
        length = count_text(lc.text, unit)
        passed[key] += (lc.minimum <= length <= lc.maximum) is lc.expected_valid
    width = max(len(k) for k in total)
    print(f"{'section'.ljust(width)}  carepost")
    for key in total:
        print(f"{key.ljust(width)}  {passed[key]}/{total[key]}")
    all_passed, all_total = sum(passed.values()), sum(total.values())
    print(f"{'all'.ljust(width)}  {all_passed}/{all_total}")
    return 0 if all_passed == all_total else 1


if __name__ == "__main__":
    sys.exit(main())
