"""Evaluate the checker on a labelled corpus (the shared corpus FORMAT.md).

Labels and how findings map to them:

=============================  ======================================  ==========================
label                          predicted when                          gold
=============================  ======================================  ==========================
``phi`` (blocked)              a ``privacy`` finding at ``error``       ``phi``
``phi_routed``                 a ``privacy`` finding at ``warning``+    ``phi``
``reply_confirmation``         as ``phi``, replies only                 ``phi`` of a reply
``reply_confirmation_routed``  as ``phi_routed``, replies only          ``phi`` of a reply
``claim``                      a ``claims`` finding at ``warning``+     unsupported or absolute
``absolute_claim``             a ``claims`` finding at ``error``        absolute
``needs_disclaimer``           a ``disclaimer`` finding at ``warning``+ ``needs_disclaimer``
=============================  ======================================  ==========================

Every rate has a bootstrap 95 % confidence interval (items resampled with replacement, fixed
seed); PHI recall is also given per ``category``. Batch throughput is measured over the whole
run (``Engine.check_many``: batched model and spaCy); single-post latency over a sample checked
one at a time, as the composer does.
"""

from __future__ import annotations

import json
import random
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

BOOTSTRAP_ROUNDS = 1000
LATENCY_SAMPLE = 100


@dataclass
class LabelScore:
    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    pairs: list[tuple[bool, bool]] = field(default_factory=list)

    def add(self, item_id: str, gold: bool, predicted: bool) -> None:
        self.pairs.append((gold, predicted))
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

    def intervals(self, rounds: int = BOOTSTRAP_ROUNDS) -> dict[str, list[float]]:
        """Bootstrap 95 % intervals of precision, recall, F1 and false-flag rate."""
        if not self.pairs:
            return {}
        rng = random.Random(20261207)
        n = len(self.pairs)
        samples: dict[str, list[float]] = {"precision": [], "recall": [], "f1": [], "ff": []}
        for _ in range(rounds):
            tp = fp = fn = tn = 0
            for _ in range(n):
                gold, pred = self.pairs[rng.randrange(n)]
                if gold and pred:
                    tp += 1
                elif gold:
                    fn += 1
                elif pred:
                    fp += 1
                else:
                    tn += 1
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            samples["precision"].append(p)
            samples["recall"].append(r)
            samples["f1"].append(2 * p * r / (p + r) if p + r else 0.0)
            samples["ff"].append(fp / (fp + tn) if fp + tn else 0.0)
        out: dict[str, list[float]] = {}
        for key, values in samples.items():
            values.sort()
            lo = values[int(0.025 * (rounds - 1))]
            hi = values[int(0.975 * (rounds - 1))]
            out["false_flag_rate" if key == "ff" else key] = [round(lo, 4), round(hi, 4)]
        return out

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
            "ci95": self.intervals(),
            "misses": self.misses,
            "false_flags": self.false_flags,
        }


LABELS = (
    "phi",
    "phi_routed",
    "reply_confirmation",
    "reply_confirmation_routed",
    "claim",
    "absolute_claim",
    "needs_disclaimer",
)


@dataclass
class EvalResult:
    scores: dict[str, LabelScore]
    items: int
    errors: list[dict[str, Any]]
    timings_ms: list[float]
    wall_s: float
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    thresholds: dict[str, Any] | None = None
    model: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        t = sorted(self.timings_ms)
        return {
            "items": self.items,
            "labels": {k: v.to_dict() for k, v in self.scores.items()},
            "phi_recall_by_category": {
                cat: {
                    **counts,
                    "blocked_recall": round(counts["blocked"] / counts["positives"], 4),
                    "routed_recall": round(counts["routed"] / counts["positives"], 4),
                }
                for cat, counts in sorted(self.by_category.items())
                if counts["positives"]
            },
            "thresholds": self.thresholds,
            "model": self.model,
            "errors": self.errors,
            "throughput": {
                "posts_per_s": round(self.items / self.wall_s, 2) if self.wall_s else None,
                "single_post_p50_ms": round(statistics.median(t), 3) if t else None,
                "single_post_p95_ms": round(_pct(t, 95), 3) if t else None,
                "single_post_sample": len(t),
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


def _read_path(path: str | Path) -> Iterable[tuple[int, dict[str, Any] | InputError]]:
    """A corpus file, or every ``*.jsonl`` of a directory in name order (line numbers then
    count on across the files, and errors name the file)."""
    p = Path(path)
    if not p.is_dir():
        yield from read_corpus(p)
        return
    offset = 0
    for f in sorted(p.glob("*.jsonl")):
        last = 0
        for lineno, record in read_corpus(f):
            last = lineno
            if isinstance(record, InputError):
                record = InputError(f"{f.name}: {record}")
            yield offset + lineno, record
        offset += last
    return


def _level(report: Report, category: Category) -> int:
    return max((f.level.rank for f in report.findings if f.category is category), default=0)


def predicted_labels(report: Report) -> dict[str, bool]:
    """The mapping of findings to corpus labels (module docstring)."""
    privacy = _level(report, Category.PRIVACY)
    claims = _level(report, Category.CLAIMS)
    return {
        "phi": privacy >= Level.ERROR.rank,
        "phi_routed": privacy >= Level.WARNING.rank,
        "claim": claims >= Level.WARNING.rank,
        "absolute_claim": claims >= Level.ERROR.rank,
        "needs_disclaimer": _level(report, Category.DISCLAIMER) >= Level.WARNING.rank,
    }


def _score(
    scores: dict[str, LabelScore],
    by_category: dict[str, dict[str, int]],
    record: dict[str, Any],
    item: CheckInput,
    item_id: str,
    report: Report,
) -> None:
    pred = predicted_labels(report)
    if "phi" in record:
        gold = bool(record["phi"])
        scores["phi"].add(item_id, gold, pred["phi"])
        scores["phi_routed"].add(item_id, gold, pred["phi_routed"])
        if item.kind == "reply":
            scores["reply_confirmation"].add(item_id, gold, pred["phi"])
            scores["reply_confirmation_routed"].add(item_id, gold, pred["phi_routed"])
        cat = by_category.setdefault(
            str(record.get("category") or "-"), {"positives": 0, "blocked": 0, "routed": 0}
        )
        if gold:
            cat["positives"] += 1
            cat["blocked"] += pred["phi"]
            cat["routed"] += pred["phi_routed"]
    if "claim" in record:
        scores["claim"].add(item_id, record["claim"] in ("unsupported", "absolute"), pred["claim"])
        scores["absolute_claim"].add(item_id, record["claim"] == "absolute", pred["absolute_claim"])
    if "needs_disclaimer" in record:
        scores["needs_disclaimer"].add(
            item_id, bool(record["needs_disclaimer"]), pred["needs_disclaimer"]
        )


def evaluate(
    path: str | Path,
    engine: Engine,
    progress: Callable[[int], None] | None = None,
    *,
    latency_sample: int = LATENCY_SAMPLE,
) -> EvalResult:
    scores = {name: LabelScore(name) for name in LABELS}
    by_category: dict[str, dict[str, int]] = {}
    errors: list[dict[str, Any]] = []
    pending: list[tuple[int, str, dict[str, Any], CheckInput]] = []
    for lineno, record in _read_path(path):
        if isinstance(record, InputError):
            errors.append({"line": lineno, "id": None, "error": str(record)})
            continue
        item_id = str(record.get("id", f"line-{lineno}"))
        try:
            pending.append((lineno, item_id, record, CheckInput.from_dict(record)))
        except CheckError as exc:
            errors.append({"line": lineno, "id": item_id, "error": str(exc)})
    items = 0
    started = time.perf_counter()
    reports = engine.check_many([p[3] for p in pending])
    for (lineno, item_id, record, item), report in zip(pending, reports, strict=True):
        if not isinstance(report, Report):
            errors.append({"line": lineno, "id": item_id, "error": report.reason})
            continue
        items += 1
        if progress:
            progress(items)
        _score(scores, by_category, record, item, item_id, report)
    wall = time.perf_counter() - started
    timings: list[float] = []
    for _, _, _, item in pending[:latency_sample]:
        t0 = time.perf_counter()
        try:
            engine.check(item)
        except CheckError:
            continue
        timings.append((time.perf_counter() - t0) * 1000)
    errors.sort(key=lambda e: e["line"])
    thresholds, model = _model_info(engine)
    return EvalResult(scores, items, errors, timings, wall, by_category, thresholds, model)


def _model_info(engine: Engine) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if not engine.learned_codes:
        return None, None
    from .learned.scoring import model_for, thresholds_for

    model = model_for(engine.policy)
    thresholds = thresholds_for(engine.policy).to_dict()
    info = {
        "directory": str(model.directory),
        "sha256": model.sha256,
        "load_seconds": round(model.load_seconds, 3),
        "rules": sorted(engine.learned_codes),
    }
    return thresholds, info


def _ci(s: dict[str, Any], key: str) -> str:
    lo, hi = s["ci95"].get(key, [0.0, 0.0])
    return f"{s[key]:.3f} [{lo:.3f}-{hi:.3f}]"


def render_eval_text(result: EvalResult, *, show_ids: bool = True) -> str:
    d = result.to_dict()
    lines = [
        f"{'label':<27}{'pos':>5}{'neg':>5}  {'precision':<21}{'recall':<21}{'F1':<21}"
        f"{'false-flag rate':<21}",
    ]
    for name, s in d["labels"].items():
        if not s["positives"] + s["negatives"]:
            continue
        lines.append(
            f"{name:<27}{s['positives']:>5}{s['negatives']:>5}  {_ci(s, 'precision'):<21}"
            f"{_ci(s, 'recall'):<21}{_ci(s, 'f1'):<21}{_ci(s, 'false_flag_rate'):<21}"
        )
    lines.append(
        "(95 % bootstrap intervals in brackets; blocked = privacy error, "
        "routed = privacy warning or error)"
    )
    if d["phi_recall_by_category"]:
        lines.append("")
        lines.append(f"{'PHI recall by category':<40}{'pos':>5}{'blocked':>9}{'routed':>8}")
        for cat, c in d["phi_recall_by_category"].items():
            lines.append(
                f"{cat[:39]:<40}{c['positives']:>5}{c['blocked_recall']:>9.2f}"
                f"{c['routed_recall']:>8.2f}"
            )
    if d["thresholds"]:
        lines.append("")
        lines.append(f"thresholds in use ({d['thresholds']['source']}):")
        for head, h in d["thresholds"]["heads"].items():
            tiers = ", ".join(f"{t['level']} >= {t['threshold']:.4f}" for t in h["tiers"])
            lines.append(f"  {head:<22}{tiers}")
    if d["model"]:
        m = d["model"]
        lines.append(f"model {m['sha256'][:16]}… loaded in {m['load_seconds']:.2f} s")
    t = d["throughput"]
    lines.append("")
    lines.append(
        f"{d['items']} items in {t['wall_s']:.2f} s: {t['posts_per_s']} posts/s (batch); "
        f"single post p50 {t['single_post_p50_ms']} ms, p95 {t['single_post_p95_ms']} ms "
        f"(first {t['single_post_sample']})"
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
