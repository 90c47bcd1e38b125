"""The engine's time budget: once spent, the remaining rules do not run and the report says the
check is incomplete (STY901, error level, whatever the policy's levels, waivers and selection)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from carepost.checks import CheckInput, Engine, Policy, PolicyError
from carepost.checks import rule as rule_module
from carepost.checks.model import Category, Finding, Level
from carepost.checks.rule import Rule

RAN: list[str] = []


class _SpendsTheBudget(Rule):
    """Test double: runs until the test's deadline has passed (a condition, not a duration)."""

    code = "TST951"
    name = "test-spends-budget"
    category = Category.STYLE
    level = Level.NOTE
    until: float = 0.0

    def check(self, ctx) -> Iterator[Finding]:
        RAN.append(self.code)
        while time.monotonic() < type(self).until:
            pass
        return iter(())


class _Flags(Rule):
    """Test double: flags every text (it must not run after the budget is spent)."""

    code = "TST952"
    name = "test-flags-everything"
    category = Category.PRIVACY
    level = Level.ERROR

    def check(self, ctx) -> Iterator[Finding]:
        RAN.append(self.code)
        yield self.finding("flagged")


@pytest.fixture(autouse=True)
def _test_rules() -> Iterator[None]:
    rule_module.all_rules()
    rule_module._REGISTRY["TST951"] = _SpendsTheBudget
    rule_module._REGISTRY["TST952"] = _Flags
    RAN.clear()
    try:
        yield
    finally:
        rule_module._REGISTRY.pop("TST951", None)
        rule_module._REGISTRY.pop("TST952", None)


def _engine(**policy: object) -> Engine:
    return Engine(Policy.from_mapping({"rules": {"select": ["TST"]}, **policy}))


def test_rules_stop_once_the_deadline_passes_and_the_report_says_so():
    deadline = time.monotonic() + 0.05
    _SpendsTheBudget.until = deadline
    report = _engine().check(CheckInput(text="Flu shots today."), deadline=deadline)
    assert RAN == ["TST951"]  # TST952 never ran
    assert [f.code for f in report.findings] == ["STY901"]
    (finding,) = report.findings
    assert finding.level is Level.ERROR and report.blocking
    assert finding.data == {"skipped": ["TST952"], "rules": 2}


def test_without_a_deadline_every_rule_runs():
    report = _engine().check(CheckInput(text="Flu shots today."))
    assert RAN == ["TST951", "TST952"]
    assert [f.code for f in report.findings] == ["TST952"]


def test_policy_budget_and_no_downgrade_or_waiver():
    engine = _engine(
        options={"engine": {"budget_ms": 0}},
        rules={"select": ["TST"], "levels": {"STY901": "note"}},
        waivers=[{"code": "STY901", "reason": "r", "approved_by": "a"}],
    )
    report = engine.check(CheckInput(text="Flu shots today."))
    assert RAN == []
    codes = [(f.code, f.level) for f in report.findings]
    assert ("STY901", Level.ERROR) in codes


@pytest.mark.parametrize("value", [-1, "soon", True])
def test_a_bad_budget_is_a_policy_error(value):
    with pytest.raises(PolicyError, match="budget_ms"):
        _engine(options={"engine": {"budget_ms": value}})
