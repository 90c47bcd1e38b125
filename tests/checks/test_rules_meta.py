"""Every registered rule is complete, documented, and its examples behave."""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Engine, Policy, all_rules
from carepost.checks.codes import REDIRECTS, RETIRED
from carepost.checks.rule import CODE_RE, DOC_SECTIONS, NAME_RE, Example, Rule

RULES = all_rules()


def test_registry_is_not_empty():
    assert len(RULES) >= 2


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_complete(rule: type[Rule]):
    assert CODE_RE.match(rule.code)
    assert NAME_RE.match(rule.name)
    assert rule.__name__[0].isupper() and "_" not in rule.__name__
    sections = rule.doc_sections()
    missing = [s for s in DOC_SECTIONS if not sections.get(s)]
    assert not missing, f"{rule.code} docstring lacks sections: {missing}"
    assert rule.bad_examples, f"{rule.code} has no bad examples"
    assert rule.good_examples, f"{rule.code} has no good examples"
    assert rule.code not in RETIRED and rule.code not in REDIRECTS


def _run(rule: type[Rule], example: Example):
    policy = Policy.from_mapping(dict(example.policy)) if example.policy else Policy()
    item = CheckInput.from_dict({"text": example.text, **dict(example.fields)})
    return Engine(policy).check(item)


EXAMPLES = [
    pytest.param(rule, ex, bad, id=f"{rule.code}-{'bad' if bad else 'good'}-{i}")
    for rule in RULES
    for bad, exs in ((True, rule.bad_examples), (False, rule.good_examples))
    for i, ex in enumerate(exs)
]


@pytest.mark.parametrize(("rule", "example", "bad"), EXAMPLES)
def test_rule_examples(rule: type[Rule], example: Example, bad: bool):
    report = _run(rule, example)
    fired = [f for f in report.findings if f.code == rule.code]
    if bad:
        assert fired, f"{rule.code} should flag: {example.text[:120]!r}"
        for f in fired:
            assert f.category and f.message
            if f.span is not None:
                assert 0 <= f.span.start <= f.span.end <= len(example.text)
            if f.fix is not None:
                assert f.fix.applicability.value in ("safe", "unsafe", "display-only")
    else:
        assert not fired, f"{rule.code} should not flag: {example.text[:120]!r}: {fired}"
