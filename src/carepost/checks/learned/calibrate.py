"""Choose the model's thresholds on a calibration corpus, for the fused checker (rules OR model).

For every head the hand-written rules are run once (model rules off), the model scores every
text once, and each tier's threshold is the lowest probability that still meets its target on
the fused decision:

* privacy (``phi`` on posts, ``reply_confirms_care`` on replies): *error* = most recall with a
  blocked false-flag rate at or under ``ERROR_FALSE_FLAGS``; *warning* = most recall with a
  routed (warning or error) false-flag rate at or under ``WARNING_FALSE_FLAGS``;
* ``absolute_claim``: *error* at or under ``ERROR_FALSE_FLAGS`` among texts with no problem claim;
* ``claim`` and ``needs_disclaimer``: *warning* = the best F1 (warning or above, as ``carepost
  eval`` counts) with a false-flag rate at or under ``WARNING_FALSE_FLAGS``; *note* = the band
  down to that false-flag rate.

The targets sit a little under the issue's limits (3 % and 10 %) so that the limits hold on
unseen texts too: with 800 negatives a rate is known to about ±1.2 points.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Category, CheckInput, Level, Report
from .heads import HEADS

if TYPE_CHECKING:
    from ..engine import Engine
    from .runtime import LearnedModel

__all__ = ["ERROR_FALSE_FLAGS", "WARNING_FALSE_FLAGS", "Sample", "calibrate", "choose"]

ERROR_FALSE_FLAGS = 0.025
CLAIM_FLOOR = 0.5
#: Hand-written rules whose findings a confident "no" from the model lowers one level (error
#: to warning: privacy review instead of a block; DSC001 warning to note). The hard identifiers
#: (PHI003), consent, supplement and emergency rules are never lowered.
DEMOTABLE = {
    "phi": ("PHI001", "PHI002", "PHI010", "PHI011"),
    "reply_confirms_care": ("PHI001", "PHI002", "PHI010", "PHI011"),
    "needs_disclaimer": ("DSC001",),
}
DEMOTABLE_CODES = frozenset(c for codes in DEMOTABLE.values() for c in codes)
WARNING_FALSE_FLAGS = 0.09


@dataclass(frozen=True, slots=True)
class Sample:
    """One calibration item: gold labels, the rules' level per category, the model's scores."""

    id: str
    kind: str
    gold: dict[str, bool]
    rules: dict[str, int]  # category -> highest level rank from the rules (0 = none)
    probs: dict[str, float]
    consent: bool  # a valid consent names a person in the text
    soft: dict[str, int] = field(default_factory=dict)  # category -> rank, demotable rules only
    hard: dict[str, int] = field(default_factory=dict)  # category -> rank, the other rules
    claim_candidate: bool = True  # the claims detector sees an unsourced claim sentence
    claim_context: bool = True  # ... or at least health talk (model claims: notes only)


def _rank(
    report: Report, category: Category, *, hard_only: bool = False, soft_only: bool = False
) -> int:
    """The highest level of the rules' findings in ``category`` (0 = none); ``hard_only``
    leaves out the findings the model may lower (``DEMOTABLE``), ``soft_only`` keeps only
    those."""
    return max(
        (
            f.level.rank
            for f in report.findings
            if f.category is category
            and not (hard_only and f.code in DEMOTABLE_CODES)
            and not (soft_only and f.code not in DEMOTABLE_CODES)
        ),
        default=0,
    )


@dataclass(frozen=True, slots=True)
class _RuleView:
    item: CheckInput
    gold: dict[str, bool]
    rules: dict[str, int]
    soft: dict[str, int]
    consent: bool
    claim_seen: str


_VIEWS: dict[tuple[int, str], list[_RuleView]] = {}


def _rule_views(records: Sequence[dict[str, Any]], rules_engine: Engine) -> list[_RuleView]:
    """What the rules make of each record (computed once per process and corpus: a training
    curve calibrates several models on the same records)."""
    from ..context import Context
    from .rulebase import claim_context, consent_for

    key = (len(records), ",".join(f"{r.get('id')}:{len(str(r.get('text')))}" for r in records))
    if key in _VIEWS:
        return _VIEWS[key]
    items: list[tuple[dict[str, Any], CheckInput]] = []
    for r in records:
        try:
            items.append((r, CheckInput.from_dict(r)))
        except Exception:  # a bad record is skipped here; `carepost eval` reports it
            continue
    reports = list(rules_engine.check_many([i for _, i in items]))
    views: list[_RuleView] = []
    for (r, item), report in zip(items, reports, strict=True):
        if not isinstance(report, Report):
            continue
        ctx = Context(item, rules_engine.policy)
        claim = r.get("claim")
        views.append(
            _RuleView(
                item=item,
                gold={
                    "phi": bool(r.get("phi")),
                    "claim": claim in ("unsupported", "absolute"),
                    "absolute_claim": claim == "absolute",
                    "needs_disclaimer": bool(r.get("needs_disclaimer")),
                },
                rules={c.value: _rank(report, c, hard_only=True) for c in Category},
                soft={c.value: _rank(report, c, soft_only=True) for c in Category},
                consent=_consent_valid(ctx, consent_for),
                claim_seen=claim_context(ctx),
            )
        )
    _VIEWS[key] = views
    return views


def samples(
    records: Sequence[dict[str, Any]], rules_engine: Engine, model: LearnedModel
) -> list[Sample]:
    """Run the rules (once per corpus) and the model over ``records``."""
    views = _rule_views(records, rules_engine)
    scored = model.score(
        [v.item.text for v in views],
        [v.item.in_reply_to if v.item.kind == "reply" else None for v in views],
    )
    return [
        Sample(
            id=str(v.item.id),
            kind=v.item.kind,
            gold=v.gold,
            rules={k: max(r, v.soft.get(k, 0)) for k, r in v.rules.items()},
            soft=v.soft,
            hard=v.rules,
            probs={h: s.probs.get(h, -1.0) for h in HEADS},  # -1: not judged
            consent=v.consent,
            claim_candidate=v.claim_seen == "claim",
            claim_context=v.claim_seen != "none",
        )
        for v, s in zip(views, scored, strict=True)
    ]


def _consent_valid(ctx: Any, consent_for: Callable[..., Any]) -> bool:
    match = consent_for(ctx, (0, len(ctx.text)))
    return bool(match is not None and match.valid)


def _rates(flags: Sequence[bool], gold: Sequence[bool]) -> dict[str, float]:
    tp = sum(f and g for f, g in zip(flags, gold, strict=True))
    fp = sum(f and not g for f, g in zip(flags, gold, strict=True))
    pos = sum(gold)
    neg = len(gold) - pos
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / pos if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "recall": round(recall, 4),
        "precision": round(precision, 4),
        "f1": round(f1, 4),
        "false_flag_rate": round(fp / neg if neg else 0.0, 4),
        "positives": pos,
        "negatives": neg,
    }


def choose(
    candidates: Sequence[float],
    measure: Callable[[float], dict[str, float]],
    *,
    max_false_flags: float,
    objective: str = "recall",
) -> tuple[float, dict[str, float]]:
    """The threshold among ``candidates`` with the best ``objective`` whose false-flag rate is
    at or under ``max_false_flags`` (ties: the highest threshold); 1.0 (off) if none."""
    best_t, best = 1.0, measure(1.0)
    for t in sorted(set(candidates), reverse=True):
        m = measure(t)
        if m["false_flag_rate"] > max_false_flags:
            if objective == "recall":
                break  # lower thresholds only flag more
            continue
        if m[objective] > best[objective]:
            best_t, best = t, m
    return best_t, best


def _fmt(t: float) -> float:
    return math.floor(t * 1e6) / 1e6 if t < 1.0 else 1.0


def calibrate(data: Sequence[Sample]) -> dict[str, Any]:
    """The ``heads`` table of ``thresholds.yaml`` (tiers and measured figures)."""
    heads: dict[str, Any] = {}
    for head in HEADS:
        if head in ("phi", "reply_confirms_care"):
            kind = "post" if head == "phi" else "reply"
            pop = [s for s in data if s.kind == kind]
            heads[head] = _privacy(pop, head)
    gate = _claim_floor(list(data))
    heads["absolute_claim"] = _absolute(list(data), gate)
    heads["claim"] = _f1_head(list(data), "claim", "claims", heads["absolute_claim"])
    heads["needs_disclaimer"] = _f1_head(list(data), "needs_disclaimer", "disclaimer", None)
    return {h: heads[h] for h in HEADS}


#: A rule's finding is lowered only on a confident "no": the model under this probability.
DEMOTE_AT_MOST = 0.5


def _grid(values: Sequence[float], n: int = 60) -> list[float]:
    """Up to ``n`` candidate thresholds: quantiles of ``values`` up to ``DEMOTE_AT_MOST``
    (and 0: never lower)."""
    ordered = sorted(v for v in values if 0 <= v <= DEMOTE_AT_MOST)
    if not ordered:
        return [0.0]
    picks = {
        ordered[min(len(ordered) - 1, round(i * (len(ordered) - 1) / (n - 1)))] for i in range(n)
    }
    return sorted(picks | {0.0})


def _privacy(pop: list[Sample], head: str) -> dict[str, Any]:
    gold = [s.gold["phi"] for s in pop]
    cands = [s.probs[head] for s in pop]
    err, war = Level.ERROR.rank, Level.WARNING.rank

    def blocked_with(t_dem: float, t: float) -> dict[str, float]:
        flags = [
            s.hard.get("privacy", s.rules["privacy"]) >= err
            or (s.soft.get("privacy", 0) >= err and s.probs[head] >= t_dem)
            or (s.probs[head] >= t and not s.consent)
            for s in pop
        ]
        return _rates(flags, gold)

    best: tuple[float, float, dict[str, float]] | None = None
    for t_dem in _grid(cands):
        t, m = choose(
            cands, functools.partial(blocked_with, t_dem), max_false_flags=ERROR_FALSE_FLAGS
        )
        if m["false_flag_rate"] > ERROR_FALSE_FLAGS:
            continue
        if best is None or m["recall"] > best[2]["recall"]:
            best = (t_dem, t, m)
    t_dem, t_err, m_err = best if best is not None else (1.0, 1.0, blocked_with(1.0, 1.0))

    def routed(t: float) -> dict[str, float]:
        flags = [
            s.rules["privacy"] >= war
            or (s.probs[head] >= min(t, t_err) and (not s.consent or s.probs[head] >= t_err))
            for s in pop
        ]
        return _rates(flags, gold)

    t_war, _m_war = choose(
        [c for c in cands if c <= t_err], routed, max_false_flags=WARNING_FALSE_FLAGS
    )
    t_war = min(t_war, t_err)
    rules_only = {
        "blocked": _rates([s.rules["privacy"] >= err for s in pop], gold),
        "routed": _rates([s.rules["privacy"] >= war for s in pop], gold),
    }
    return {
        "tiers": [
            _tier("error", t_err, f"max recall at blocked false-flag rate <= {ERROR_FALSE_FLAGS}"),
            _tier(
                "warning", t_war, f"max recall at routed false-flag rate <= {WARNING_FALSE_FLAGS}"
            ),
        ],
        "demote": {"codes": list(DEMOTABLE[head]), "below": _fmt(t_dem)},
        "measured": {
            "population": "replies" if head == "reply_confirms_care" else "posts",
            "blocked": m_err,
            "routed": routed(t_war),
            "rules_only": rules_only,
        },
    }


def _claim_floor(pop: list[Sample]) -> float:
    """An absolute claim is a claim: CLM051 also needs the ``claim`` head to say "more likely
    than not"."""
    return CLAIM_FLOOR


def _absolute(pop: list[Sample], gate: float) -> dict[str, Any]:
    gold = [s.gold["claim"] for s in pop]  # a flag on an unsupported claim is not a false flag
    err = Level.ERROR.rank

    def model(s: Sample, t: float) -> bool:
        return s.claim_candidate and s.probs["absolute_claim"] >= t and s.probs["claim"] >= gate

    def blocked(t: float) -> dict[str, float]:
        return _rates([s.rules["claims"] >= err or model(s, t) for s in pop], gold)

    t, m = choose(
        [s.probs["absolute_claim"] for s in pop], blocked, max_false_flags=ERROR_FALSE_FLAGS
    )
    absolute = _rates(
        [s.rules["claims"] >= err or model(s, t) for s in pop],
        [s.gold["absolute_claim"] for s in pop],
    )
    return {
        "requires": {"head": "claim", "threshold": _fmt(gate)},
        "tiers": [
            _tier(
                "error",
                t,
                f"max recall at false-flag rate <= {ERROR_FALSE_FLAGS} among "
                "texts without an unsupported or absolute claim",
            ),
        ],
        "measured": {"blocked_claims": m, "absolute_claims": absolute, "rules_only": blocked(2.0)},
    }


def _f1_head(
    pop: list[Sample], head: str, category: str, absolute: dict[str, Any] | None
) -> dict[str, Any]:
    gold = [s.gold[head] for s in pop]
    war = Level.WARNING.rank
    t_abs = absolute["tiers"][0]["threshold"] if absolute else 2.0
    gate = absolute["requires"]["threshold"] if absolute else 2.0
    demotes = head in DEMOTABLE

    def hard(s: Sample) -> int:
        return s.hard.get(category, s.rules[category]) if demotes else s.rules[category]

    health_talk = False

    def flagged_with(t_dem: float, t: float) -> dict[str, float]:
        return _rates(
            [
                hard(s) >= war
                or (demotes and s.soft.get(category, 0) >= war and s.probs[head] >= t_dem)
                or (
                    s.probs[head] >= t
                    and (
                        category != "claims"
                        or (s.claim_context if health_talk else s.claim_candidate)
                    )
                )
                or (
                    s.claim_candidate
                    and s.probs["absolute_claim"] >= t_abs
                    and s.probs["claim"] >= gate
                )
                for s in pop
            ],
            gold,
        )

    cands = [s.probs[head] for s in pop]
    best: tuple[float, float, dict[str, float], bool] | None = None
    # claims: does the model earn a say where the detector finds only health talk?
    for health_talk in (False,):  # (False, True) weighed it; chk's negatives say no
        for t_dem in _grid(cands) if demotes else [0.0]:
            t, m = choose(
                cands,
                functools.partial(flagged_with, t_dem),
                max_false_flags=WARNING_FALSE_FLAGS,
                objective="f1",
            )
            if m["false_flag_rate"] > WARNING_FALSE_FLAGS:
                continue
            if best is None or m["f1"] > best[2]["f1"] + (0.01 if health_talk else 0.0):
                best = (t_dem, t, m, health_talk)
    if best is None:
        best = (0.0, 1.0, flagged_with(0.0, 1.0), False)
    t_dem, t_war, m_war, health_talk = best

    def looked_at(t: float) -> dict[str, float]:  # notes included (claims: health talk)
        return _rates(
            [
                s.rules[category] >= war
                or (s.probs[head] >= t and (category != "claims" or s.claim_context))
                for s in pop
            ],
            gold,
        )

    t_note, _ = choose(cands, looked_at, max_false_flags=WARNING_FALSE_FLAGS)
    tiers = [_tier("warning", t_war, f"max F1 at false-flag rate <= {WARNING_FALSE_FLAGS}")]
    if t_note < t_war:
        tiers.append(
            _tier("note", t_note, f"max recall at false-flag rate <= {WARNING_FALSE_FLAGS}")
        )
    out: dict[str, Any] = {
        "tiers": tiers,
        "measured": {
            "warning_or_above": m_war,
            "rules_only": _rates([s.rules[category] >= war for s in pop], gold),
        },
    }
    if demotes:
        out["demote"] = {"codes": list(DEMOTABLE[head]), "below": _fmt(t_dem)}
    if health_talk:
        out["health_talk"] = True
    return out


def _tier(level: str, threshold: float, rule: str) -> dict[str, Any]:
    return {"level": level, "threshold": _fmt(threshold), "rule": rule}


def fused_eval(data: Sequence[Sample], heads: dict[str, Any]) -> dict[str, Any]:
    """The fused checker's figures on the calibration samples under ``heads`` (the tiers just
    chosen), in ``carepost eval``'s shape (labels with bootstrap intervals): the same decisions
    the engine makes, without running it again."""
    from ..evaluate import LABELS, LabelScore

    def tier(head: str, level: str) -> float:
        return next((t["threshold"] for t in heads[head]["tiers"] if t["level"] == level), 2.0)

    def below(head: str) -> float:
        return float(heads[head].get("demote", {}).get("below", 0.0))

    err, war = Level.ERROR.rank, Level.WARNING.rank
    gate = heads["absolute_claim"].get("requires", {}).get("threshold", 2.0)
    scores = {name: LabelScore(name) for name in LABELS}
    for s in data:
        head = "reply_confirms_care" if s.kind == "reply" else "phi"
        p = s.probs[head]
        hard = s.hard.get("privacy", s.rules["privacy"])
        blocked = (
            hard >= err
            or (s.soft.get("privacy", 0) >= err and p >= below(head))
            or (p >= tier(head, "error") and not s.consent)
        )
        routed = s.rules["privacy"] >= war or (
            p >= tier(head, "warning") and (not s.consent or p >= tier(head, "error"))
        )
        absolute = s.claim_candidate and (
            s.probs["absolute_claim"] >= tier("absolute_claim", "error")
            and s.probs["claim"] >= gate
        )
        talk = s.claim_context if heads["claim"].get("health_talk") else s.claim_candidate
        claim = (
            s.rules["claims"] >= war
            or absolute
            or (talk and s.probs["claim"] >= tier("claim", "warning"))
        )
        pd = s.probs["needs_disclaimer"]
        disclaimer = (
            s.hard.get("disclaimer", s.rules["disclaimer"]) >= war
            or (s.soft.get("disclaimer", 0) >= war and pd >= below("needs_disclaimer"))
            or pd >= tier("needs_disclaimer", "warning")
        )
        scores["phi"].add(s.id, s.gold["phi"], blocked)
        scores["phi_routed"].add(s.id, s.gold["phi"], routed)
        if s.kind == "reply":
            scores["reply_confirmation"].add(s.id, s.gold["phi"], blocked)
            scores["reply_confirmation_routed"].add(s.id, s.gold["phi"], routed)
        scores["claim"].add(s.id, s.gold["claim"], claim)
        scores["absolute_claim"].add(
            s.id, s.gold["absolute_claim"], s.rules["claims"] >= err or absolute
        )
        scores["needs_disclaimer"].add(s.id, s.gold["needs_disclaimer"], disclaimer)
    return {
        "items": len(data),
        "labels": {k: v.to_dict() for k, v in scores.items()},
        "throughput": {},
    }
