"""Policy-driven decisions: staff list, public figures, organization details, model name."""

from __future__ import annotations

import json

from carepost.checks import Engine, Policy
from carepost.checks.evaluate import evaluate

from .conftest import blocking_privacy, run_privacy

POLICY = Policy.from_mapping(
    {
        "organization": {
            "name": "Bright Harbor Dental",
            "phone": "(312) 555-0118",
            "email": "hello@brightharbor.example",
            "handles": ["@brightharbor"],
        },
        "staff": {"names": ["Tasha Greene", "Dr. Chidi Okafor"]},
        "public_figures": ["Jaylen Brooks"],
    }
)


def test_policy_staff_member_with_health_words_is_not_a_patient() -> None:
    text = "Tasha is back from her knee surgery and ready to see you at your next cleaning!"
    assert not blocking_privacy(run_privacy(text, POLICY))
    assert blocking_privacy(run_privacy(text))  # without the staff list, Tasha could be a patient


def test_policy_public_figure_in_the_news_is_not_a_patient() -> None:
    text = "Jaylen Brooks tore his ACL on Sunday. Here is how ACL tears are treated."
    report = run_privacy(text, POLICY)
    assert not blocking_privacy(report)
    notes = [
        f
        for f in report.findings
        if f.code == "PHI004" and f.span and text[f.span.start : f.span.end] == "Jaylen Brooks"
    ]
    assert notes and "public" in notes[0].explanation


def test_public_figure_treated_here_is_still_a_leak() -> None:
    text = "Proud that our surgeons repaired Jaylen Brooks' torn ACL here on Monday!"
    assert blocking_privacy(run_privacy(text, POLICY))


def test_organization_contact_details_are_notes() -> None:
    text = (
        "Questions? Call (312) 555-0118 or write hello@brightharbor.example. Follow @brightharbor!"
    )
    report = run_privacy(text, POLICY)
    assert not blocking_privacy(report)
    reasons = {f.data["identifier"]: f.explanation for f in report.findings if f.code == "PHI004"}
    assert "policy" in reasons["phone"] and "policy" in reasons["email"]


def test_dev_corpus_regression(dev_corpus, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(dev_corpus, Engine(Policy(), select=["PHI", "CNS"]))
    phi = result.scores["phi"]
    replies = result.scores["reply_confirmation"]
    assert phi.recall >= 0.97 and phi.false_flag_rate <= 0.05, json.dumps(phi.to_dict())
    assert replies.recall >= 0.97
