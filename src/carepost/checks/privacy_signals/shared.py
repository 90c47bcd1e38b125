"""Memoized signals per checked text, minus the sentences the shared privacy analysis already
flagged (so one disclosure never yields two errors)."""

from __future__ import annotations

from typing import Any

from ..privacy import analyze
from ..privacy.analysis import first_names
from .detect import Signal, described_patient_signals, reply_care_signals

__all__ = ["new_described_signals", "new_reply_signals"]


def _covered(ctx: Any) -> list[tuple[int, int]]:
    return [(leak.start, leak.end) for leak in analyze(ctx).leaks]


def _fresh(signals: list[Signal], covered: list[tuple[int, int]]) -> list[Signal]:
    """One signal per sentence, and none in a sentence an existing leak overlaps."""
    out: list[Signal] = []
    seen: set[tuple[int, int]] = set()
    for s in signals:
        a, b = s.sentence
        if s.sentence in seen or any(x < b and a < y for x, y in covered):
            continue
        seen.add(s.sentence)
        out.append(s)
    return out


def new_reply_signals(ctx: Any) -> list[Signal]:
    """Reply-care signals (replies only) not already covered by the shared analysis."""

    def compute() -> list[Signal]:
        if ctx.kind != "reply":
            return []
        return _fresh(reply_care_signals(ctx.text), _covered(ctx))

    result: list[Signal] = ctx.memo("privacy_signals.reply", compute)
    return result


def new_described_signals(ctx: Any) -> list[Signal]:
    """Described-patient signals not covered by the shared analysis or by a reply signal."""

    def compute() -> list[Signal]:
        found = described_patient_signals(ctx.text, first_names(), ctx.policy.staff)
        covered = _covered(ctx) + [s.sentence for s in new_reply_signals(ctx)]
        return _fresh(found, covered)

    result: list[Signal] = ctx.memo("privacy_signals.described", compute)
    return result
