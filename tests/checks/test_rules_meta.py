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


# ----------------------------------------------------------------------------- the docs' own examples
def _doc_text(rule: type[Rule], section: str) -> str:
    """The first paragraph of a docstring section as one line, without surrounding quotes
    (the text ``carepost rule CODE`` and ``docs/rules/CODE.md`` show)."""
    first = rule.doc_sections().get(section, "").split("\n\n")[0]
    text = " ".join(first.split())
    if len(text) > 1 and text[0] in '"“' and text[-1] in '"”':
        text = text[1:-1]
    return text


def _context_for(text: str, candidates: tuple[Example, ...]) -> Example:
    """The example with the same text (its platform, kind, consents, media and policy), else
    the first of them: the documented text is checked in that example's context (a media
    rule's Example describes its file, which the example attaches)."""
    for ex in candidates:
        if " ".join(ex.text.split()) == text:
            return Example(text, ex.fields, ex.policy)
    first = candidates[0]
    return Example(text, first.fields, first.policy)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_docstring_example_is_flagged(rule: type[Rule]):
    text = _doc_text(rule, "Example")
    report = _run(rule, _context_for(text, rule.bad_examples))
    assert [f for f in report.findings if f.code == rule.code], (
        f"{rule.code}: its documented Example is not flagged: {text[:120]!r}"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_docstring_use_instead_is_not_flagged(rule: type[Rule]):
    text = _doc_text(rule, "Use instead")
    report = _run(rule, _context_for(text, rule.good_examples))
    fired = [f for f in report.findings if f.code == rule.code]
    assert not fired, f"{rule.code}: its documented 'Use instead' is flagged: {text[:120]!r}"
