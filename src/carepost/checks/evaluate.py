"""Evaluate the checker on a labelled corpus (the shared corpus FORMAT.md)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import Engine
from .errors import CheckError, InputError
from .model import Category, CheckInput, Level, Report

__all__ = ["EvalResult", "LabelScore", "evaluate", "read_corpus", "render_eval_text"]


@dataclass
class LabelScore:
    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)

    def add(self, item_id: str, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif gold:
            self.fn += 1
            self.misses.append(item_id)
        elif predicted:
            self.fp += 1
            self.false_flags.append(item_id)
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_flag_rate(self) -> float:
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "positives": self.tp + self.fn,
            "negatives": self.fp + self.tn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_flag_rate": round(self.false_flag_rate, 4),
            "misses": self.misses,
            "false_flags": self.false_flags,
        }


@dataclass
class EvalResult:
    scores: dict[str, LabelScore]
    items: int
    errors: list[dict[str, Any]]
    timings_ms: list[float]
    wall_s: float

    def to_dict(self) -> dict[str, Any]:
        t = sorted(self.timings_ms)
        return {
            "items": self.items,
            "labels": {k: v.to_dict() for k, v in self.scores.items()},
            "errors": self.errors,
            "throughput": {
                "posts_per_s": round(self.items / self.wall_s, 2) if self.wall_s else None,
                "p50_ms": round(statistics.median(t), 3) if t else None,
                "p95_ms": round(_pct(t, 95), 3) if t else None,
                "wall_s": round(self.wall_s, 3),
            },
        }


def _pct(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    k = max(0, min(len(values) - 1, round(pct / 100 * (len(values) - 1))))
    return values[k]


def read_corpus(path: str | Path) -> Iterable[tuple[int, dict[str, Any] | InputError]]:
    """Yield (line number, record) or (line number, InputError) for each non-blank line."""
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield lineno, InputError(f"line {lineno}: not UTF-8 (byte {exc.start})")
                continue
            except json.JSONDecodeError as exc:
                yield (
                    lineno,
                    InputError(f"line {lineno}: invalid JSON: {exc.msg} (column {exc.colno})"),
                )
                continue
            if not isinstance(record, dict):
                yield lineno, InputError(f"line {lineno}: expected a JSON object")
                continue
            yield lineno, record


def predicted_labels(report: Report) -> dict[str, bool]:
    """The mapping of findings to corpus labels (documented in the issue and README)."""
    return {
        "phi": any(
            f.category is Category.PRIVACY and f.level is Level.ERROR for f in report.findings
        ),
        "claim": any(
            f.category is Category.CLAIMS and f.level.rank >= Level.WARNING.rank
            for f in report.findings
        ),
        "needs_disclaimer": any(f.category is Category.DISCLAIMER for f in report.findings),
    }


def evaluate(
    path: str | Path, engine: Engine, progress: Callable[[int], None] | None = None
) -> EvalResult:
    scores = {
        name: LabelScore(name)
        for name in ("phi", "reply_confirmation", "claim", "needs_disclaimer")
    }
    errors: list[dict[str, Any]] = []
    timings: list[float] = []
    items = 0
    started = time.perf_counter()
    for lineno, record in read_corpus(path):
        if isinstance(record, InputError):
            errors.append({"line": lineno, "id": None, "error": str(record)})
            continue
        item_id = str(record.get("id", f"line-{lineno}"))
        try:
            item = CheckInput.from_dict(record)
            t0 = time.perf_counter()
            report = engine.check(item)
            timings.append((time.perf_counter() - t0) * 1000)
        except CheckError as exc:
            errors.append({"line": lineno, "id": item_id, "error": str(exc)})
            continue
        items += 1
        if progress:
            progress(items)
        pred = predicted_labels(report)
        if "phi" in record:
            scores["phi"].add(item_id, bool(record["phi"]), pred["phi"])
            if item.kind == "reply":
                scores["reply_confirmation"].add(item_id, bool(record["phi"]), pred["phi"])
        if "claim" in record:
            gold_claim = record["claim"] in ("unsupported", "absolute")
            scores["claim"].add(item_id, gold_claim, pred["claim"])
        if "needs_disclaimer" in record:
            scores["needs_disclaimer"].add(
                item_id, bool(record["needs_disclaimer"]), pred["needs_disclaimer"]
            )
    return EvalResult(scores, items, errors, timings, time.perf_counter() - started)


def render_eval_text(result: EvalResult, *, show_ids: bool = True) -> str:
    d = result.to_dict()
    lines = [
        f"{'label':<20}{'pos':>5}{'neg':>5}{'prec':>8}{'recall':>8}{'F1':>8}{'false-flag':>12}",
    ]
    for name, s in d["labels"].items():
        lines.append(
            f"{name:<20}{s['positives']:>5}{s['negatives']:>5}{s['precision']:>8.3f}"
            f"{s['recall']:>8.3f}{s['f1']:>8.3f}{s['false_flag_rate']:>11.1%}"
        )
    t = d["throughput"]
    lines.append("")
    lines.append(
        f"{d['items']} items in {t['wall_s']:.2f} s: {t['posts_per_s']} posts/s, "
        f"p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms"
    )
    if show_ids:
        for name, s in d["labels"].items():
            if s["misses"]:
                lines.append(f"{name} misses ({len(s['misses'])}): {', '.join(s['misses'])}")
            if s["false_flags"]:
                lines.append(
                    f"{name} false flags ({len(s['false_flags'])}): {', '.join(s['false_flags'])}"
                )
    for e in d["errors"]:
        lines.append(f"error: line {e['line']} ({e['id']}): {e['error']}")
    return "\n".join(lines)
