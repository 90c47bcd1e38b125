"""Per-post cost of PHI010/PHI011 next to the privacy rules they extend (PHI001-PHI004, CNS).

Run: .venv/bin/python bench/privacy_signals_cost.py [CORPUS.jsonl ...]
Default corpus: corpus/dev.jsonl in the repository. Two engines run in this process on the same
items: "base" selects PHI and CNS but ignores PHI010/PHI011; "with signals" selects them too.
Each engine makes one untimed warm-up pass, then every item is checked one by one (a fresh
check each time, so the spaCy parse is redone whenever a rule needs it). Also timed alone: the
two signal detectors (pure regex) per text.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from carepost.checks import CheckInput, Engine, Policy
from carepost.checks.privacy import described_patient_signals, first_names, reply_care_signals

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dev.jsonl"


def _items(paths: list[Path]) -> list[CheckInput]:
    items: list[CheckInput] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                items.append(
                    CheckInput.from_dict(
                        {k: rec[k] for k in ("text", "kind", "in_reply_to") if k in rec}
                    )
                )
    return items


def _times(engine: Engine, items: list[CheckInput]) -> list[float]:
    for item in items:
        engine.check(item)
    out: list[float] = []
    for item in items:
        t0 = time.perf_counter()
        engine.check(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [DEFAULT_CORPUS]
    items = _items(paths)
    base = Engine(Policy(), select=["PHI", "CNS"], ignore=["PHI010", "PHI011"])
    full = Engine(Policy(), select=["PHI", "CNS"])
    names = first_names()
    t_base = _times(base, items)
    t_full = _times(full, items)
    t_sig: list[float] = []
    for item in items:
        t0 = time.perf_counter()
        if item.kind == "reply":
            reply_care_signals(item.text)
        described_patient_signals(item.text, names)
        t_sig.append((time.perf_counter() - t0) * 1000)
    print(f"{len(items)} items from {', '.join(str(p) for p in paths)}")
    print(f"{'':28}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}")
    for label, ts in (
        ("base PHI+CNS", t_base),
        ("with PHI010/PHI011", t_full),
        ("signal detectors alone", t_sig),
    ):
        print(
            f"{label:28}{_pct(ts, 0.5):>10.3f}{_pct(ts, 0.95):>10.3f}{statistics.mean(ts):>10.3f}"
        )
    extra = [b - a for a, b in zip(t_base, t_full, strict=True)]
    print(f"{'extra per post (paired)':28}{_pct(extra, 0.5):>10.3f}{_pct(extra, 0.95):>10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
