from __future__ import annotations

from carepost.checks.learned.calibrate import Sample, calibrate, choose

HEAD_NAMES = ("phi", "reply_confirms_care", "claim", "absolute_claim", "needs_disclaimer")


def _sample(i: int, kind: str, phi: bool, p: float, *, rules: int = 0, consent: bool = False):
    return Sample(
        id=str(i),
        kind=kind,
        gold={"phi": phi, "claim": False, "absolute_claim": False, "needs_disclaimer": False},
        rules={"privacy": rules, "claims": 0, "disclaimer": 0},
        probs={h: (p if h in ("phi", "reply_confirms_care") else 0.01) for h in HEAD_NAMES},
        consent=consent,
    )


def test_choose_takes_the_lowest_threshold_within_the_false_flag_limit():
    gold = [True] * 10 + [False] * 100
    scores = [0.9 - i * 0.05 for i in range(10)] + [0.6 - i * 0.005 for i in range(100)]

    def measure(t: float) -> dict[str, float]:
        flags = [s >= t for s in scores]
        fp = sum(f and not g for f, g in zip(flags, gold, strict=True))
        tp = sum(f and g for f, g in zip(flags, gold, strict=True))
        return {"false_flag_rate": fp / 100, "recall": tp / 10, "f1": 0.0}

    t, m = choose(scores, measure, max_false_flags=0.03)
    assert m["false_flag_rate"] <= 0.03
    allowed = [c for c in scores if measure(c)["false_flag_rate"] <= 0.03]
    assert m["recall"] == max(measure(c)["recall"] for c in allowed)
    assert all(t >= c for c in allowed if measure(c)["recall"] == m["recall"])  # ties: highest
    t_off, m_off = choose(
        scores, lambda t: {**measure(t), "false_flag_rate": 1.0}, max_false_flags=0.03
    )
    assert t_off == 1.0


def test_calibration_counts_the_rules_false_flags_first():
    posts = [_sample(i, "post", True, 0.95) for i in range(20)]
    negs = [_sample(100 + i, "post", False, 0.01 * i) for i in range(80)]
    noisy_rule = [_sample(200 + i, "post", False, 0.0, rules=3) for i in range(2)]
    heads = calibrate(posts + negs + noisy_rule)
    phi = heads["phi"]
    error, warning = phi["tiers"]
    blocked = phi["measured"]["blocked"]
    assert blocked["false_flag_rate"] <= 0.025 and blocked["recall"] == 1.0
    # the rules' two false flags use the whole 2.5 % budget: no negative is flagged by the model
    assert error["threshold"] > 0.79
    assert warning["threshold"] <= error["threshold"]
    assert phi["measured"]["routed"]["false_flag_rate"] <= 0.09


def test_a_valid_consent_keeps_a_model_flag_out_of_the_blocked_tier():
    consented = [_sample(i, "post", False, 0.99, consent=True) for i in range(10)]
    positives = [_sample(100 + i, "post", True, 0.97) for i in range(10)]
    negs = [_sample(200 + i, "post", False, 0.01) for i in range(90)]
    heads = calibrate(consented + positives + negs)
    blocked = heads["phi"]["measured"]["blocked"]
    assert blocked["false_flag_rate"] == 0.0 and blocked["recall"] == 1.0


def test_fused_eval_agrees_with_the_calibrated_figures():
    from carepost.checks.learned.calibrate import fused_eval

    posts = [_sample(i, "post", True, 0.9 - 0.01 * i) for i in range(30)]
    negs = [_sample(100 + i, "post", False, 0.005 * i) for i in range(120)]
    replies = [_sample(300 + i, "reply", i % 2 == 0, 0.5 + 0.01 * i) for i in range(40)]
    data = posts + negs + replies
    heads = calibrate(data)
    labels = fused_eval(data, heads)["labels"]
    blocked = heads["phi"]["measured"]["blocked"]
    posts_only = fused_eval(posts + negs, heads)["labels"]["phi"]
    assert posts_only["recall"] == blocked["recall"]
    assert posts_only["false_flag_rate"] == blocked["false_flag_rate"]
    assert labels["reply_confirmation"]["positives"] == 20
    lo, hi = labels["phi"]["ci95"]["recall"]
    assert lo <= labels["phi"]["recall"] <= hi
