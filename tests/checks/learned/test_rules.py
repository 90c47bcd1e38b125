"""The learned rules' mechanics, on a copy of the packaged model with thresholds set by the test
(so the assertions do not depend on how a retrained model scores these texts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carepost.checks import CheckInput, ConsentRef, Engine, Level, Policy
from carepost.checks.learned.heads import HEADS
from carepost.checks.learned.runtime import DEFAULT_MODEL_DIR
from carepost.checks.sentences import split_sentences

LEARNED = {"PHI050", "PHI051", "CLM050", "CLM051", "DSC050"}


def _model(tmp_path: Path, tiers: dict[str, str], demote: dict[str, str] | None = None) -> Policy:
    target = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    lines = ["heads:"]
    for head in HEADS:
        lines += [
            f"  {head}:",
            "    tiers:",
            tiers.get(head, "      - {level: error, threshold: 1.0}"),
        ]
        if demote and head in demote:
            lines.append(f"    demote: {demote[head]}")
    (target / "thresholds.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Policy.from_mapping({"options": {"model": {"path": str(target)}}})


ALWAYS_ERROR = "      - {level: error, threshold: 0.0}"
ALWAYS_WARNING = "      - {level: warning, threshold: 0.0}"
STORY = "Our team had a great week. Maria Lopez finished her last round of physical therapy!"


def test_a_model_finding_names_its_sentence_confidence_and_signals(tmp_path: Path):
    engine = Engine(_model(tmp_path, {"phi": ALWAYS_ERROR}), select=["PHI050"])
    report = engine.check(CheckInput(text=STORY))
    (f,) = [f for f in report.findings if f.code == "PHI050"]
    assert f.level is Level.ERROR and report.blocking
    assert f.span is not None and (f.span.start, f.span.end) in split_sentences(STORY)
    assert 0.0 <= f.confidence <= 1.0
    assert f.data["head"] == "phi" and f.data["threshold"] == 0.0
    assert any("model head 'phi'" in s for s in f.data["signals"])
    assert "model phi" in f.explanation
    assert f.fix is not None and f.fix.applicability.value == "display-only"


def test_warning_tier_says_privacy_review(tmp_path: Path):
    engine = Engine(_model(tmp_path, {"phi": ALWAYS_WARNING}), select=["PHI050"])
    (f,) = engine.check(CheckInput(text=STORY)).findings
    assert f.level is Level.WARNING and "privacy review" in f.message


def test_a_valid_consent_lowers_the_finding_one_level(tmp_path: Path):
    engine = Engine(_model(tmp_path, {"phi": ALWAYS_ERROR}), select=["PHI050"])
    consent = ConsentRef(id="c-1", person="Maria Lopez")
    (f,) = engine.check(CheckInput(text=STORY, consents=(consent,))).findings
    assert f.level is Level.WARNING and f.data["consent"] == "c-1" and "c-1" in f.message
    revoked = ConsentRef(id="c-2", person="Maria Lopez", revoked=True)
    (g,) = engine.check(CheckInput(text=STORY, consents=(revoked,))).findings
    assert g.level is Level.ERROR and "revoked" in g.message
    other = ConsentRef(id="c-3", person="Dana Whitfield")
    (h,) = engine.check(CheckInput(text=STORY, consents=(other,))).findings
    assert h.level is Level.ERROR and "consent" not in h.data


def test_reply_rule_reads_replies_and_post_rule_reads_posts(tmp_path: Path):
    policy = _model(tmp_path, {"phi": ALWAYS_ERROR, "reply_confirms_care": ALWAYS_ERROR})
    engine = Engine(policy, select=["PHI050", "PHI051"])
    text = "Thank you so much for the kind words about our team!"
    reply = CheckInput(text=text, kind="reply", in_reply_to="Great visit")
    assert [f.code for f in engine.check(reply).findings] == ["PHI051"]
    assert [f.code for f in engine.check(CheckInput(text=text)).findings] == ["PHI050"]


def test_a_text_shorter_than_the_training_texts_is_left_to_the_rules(tmp_path: Path):
    engine = Engine(_model(tmp_path, {"phi": ALWAYS_ERROR}), select=["PHI050"])
    assert engine.check(CheckInput(text="Flu shots are here.")).findings == ()


def test_a_rule_finding_at_the_same_level_replaces_the_model_finding(tmp_path: Path):
    policy = _model(tmp_path, {"phi": ALWAYS_ERROR})
    text = "Congrats to Marcus Delgado, who rang the bell today after his last chemo!"
    report = Engine(policy, select=["PHI"]).check(CheckInput(text=text))
    codes = [f.code for f in report.findings if f.level is Level.ERROR]
    assert "PHI001" in codes and "PHI050" not in codes
    (rule,) = [f for f in report.findings if f.code == "PHI001"]
    assert "PHI050" in rule.data["model"]


def test_a_model_error_stays_when_the_rules_only_warn(tmp_path: Path):
    policy = _model(tmp_path, {"phi": ALWAYS_ERROR})
    engine = Engine(policy, select=["PHI"])
    consent = ConsentRef(id="c-1", person="Marcus Delgado")
    text = "Congrats to Marcus Delgado, who rang the bell today after his last chemo!"
    report = engine.check(CheckInput(text=text, consents=(consent,)))
    levels = {f.code: f.level for f in report.findings if f.code in ("PHI001", "PHI050")}
    # the consent lowers both to warnings: one warning (the rule's) is kept
    assert levels.get("PHI001") is Level.WARNING and "PHI050" not in levels


def test_batch_and_single_checks_agree(tmp_path: Path):
    policy = _model(tmp_path, {"phi": "      - {level: error, threshold: 0.5}"})
    engine = Engine(policy)
    items = [
        CheckInput(text=STORY, id="a"),
        CheckInput(text="Walk-in flu shots all week at both of our clinics.", id="b"),
        CheckInput(
            text="Thanks so much, we loved seeing you!",
            kind="reply",
            in_reply_to="Loved it",
            id="c",
        ),
        CheckInput(text="Hi!", id="d"),
    ]
    batch = [r.to_dict() for r in engine.check_many(items)]  # type: ignore[union-attr]
    single = [engine.check(i).to_dict() for i in items]
    for a, b in zip(batch, single, strict=True):
        a.pop("elapsed_ms")
        b.pop("elapsed_ms")
        assert a == b


@pytest.mark.parametrize("code", sorted(LEARNED))
def test_learned_rules_are_registered(code: str):
    from carepost.checks import get_rule
    from carepost.checks.learned.rulebase import LearnedRule

    rule = get_rule(code)
    assert issubclass(rule, LearnedRule) and rule.head in HEADS


def test_people_the_policy_lists_as_staff_lower_the_finding(tmp_path: Path):
    policy = _model(tmp_path, {"phi": ALWAYS_ERROR})
    target = Path(str(policy.option("model", "path")))
    staff = Policy.from_mapping(
        {"staff": {"names": ["Tasha Green"]}, "options": {"model": {"path": str(target)}}}
    )
    text = "Tasha is back from her knee surgery and ready to see you at your next cleaning!"
    (f,) = Engine(staff, select=["PHI050"]).check(CheckInput(text=text)).findings
    assert f.level is Level.WARNING and f.data["policy_people"] == ["Tasha"]
    (g,) = Engine(policy, select=["PHI050"]).check(CheckInput(text=text)).findings
    assert g.level is Level.ERROR  # without the policy list the model's reading stands


def test_model_claims_follow_the_claims_detector(tmp_path: Path):
    policy = _model(
        tmp_path,
        {"claim": ALWAYS_WARNING, "absolute_claim": ALWAYS_ERROR},
    )
    engine = Engine(policy, select=["CLM050", "CLM051"])
    claim = "Daily turmeric shots calm inflammation and ease joint pain within days."
    levels = {f.code: f.level for f in engine.check(CheckInput(text=claim)).findings}
    assert levels == {"CLM050": Level.WARNING, "CLM051": Level.ERROR}
    negated = "Antibiotics don't treat viral infections like the flu, so please ask first."
    findings = engine.check(CheckInput(text=negated)).findings
    assert [(f.code, f.level) for f in findings] == [("CLM050", Level.NOTE)]
    assert any("no unsourced claim sentence" in s for f in findings for s in f.data["signals"])
    for text in (
        "Semaglutide helped adults lose 15% of body weight (STEP 1 trial, NEJM 2021).",
        "Our new espresso bar opens Monday and good mornings are guaranteed, friends!",
    ):
        assert engine.check(CheckInput(text=text)).findings == (), text


def test_a_confident_no_from_the_model_lowers_a_soft_rule_error(tmp_path: Path):
    text = "Congrats to Marcus Delgado, who rang the bell today after his last chemo!"
    never = {"phi": "{codes: [PHI001, PHI002, PHI010, PHI011], below: 1.0}"}
    policy = _model(tmp_path, {}, demote=never)  # every probability is under 1.0
    report = Engine(policy, select=["PHI"]).check(CheckInput(text=text))
    (f,) = [f for f in report.findings if f.code == "PHI001"]
    assert f.level is Level.WARNING and not report.blocking
    assert f.data["model"]["head"] == "phi" and "lowered to warning" in f.message
    keep = {"phi": "{codes: [PHI001], below: 0.0}"}
    report = Engine(_model(tmp_path / "b", {}, demote=keep), select=["PHI"]).check(
        CheckInput(text=text)
    )
    assert [f.level for f in report.findings if f.code == "PHI001"] == [Level.ERROR]


def test_hard_identifiers_are_never_lowered(tmp_path: Path):
    never = {"phi": "{codes: [PHI001, PHI002, PHI010, PHI011], below: 1.0}"}
    engine = Engine(_model(tmp_path, {}, demote=never), select=["PHI"])
    text = "Reminder for the chart review: patient SSN 123-45-6789 was entered twice this week."
    report = engine.check(CheckInput(text=text))
    assert any(f.code == "PHI003" and f.level is Level.ERROR for f in report.findings)
