"""Claims and advice read the checker's one sentence splitter: a question stays a question with
an emoji after it, and a short fragment after an emoji keeps the topic of what it continues."""

from __future__ import annotations

import pytest

from carepost.checks import Engine
from carepost.checks.sentences import is_question

from .conftest import codes


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Do you floss?", True),
        ("Do you floss? 🤔", True),
        ('She asked "is it safe?"', True),
        ("Is it contagious?) ", True),
        ("Floss daily.", False),
        ("Really?! 😱", False),
        ("What a day 🎉", False),
    ],
)
def test_is_question(sentence: str, expected: bool) -> None:
    assert is_question(sentence) is expected


def test_a_question_followed_by_an_emoji_gives_no_advice(engine: Engine) -> None:
    text = "Do you REALLY need sunscreen in winter? 🤔 Tell us in the comments, then watch part 2."
    assert codes(engine, text) == set()


def test_a_guarantee_fragment_after_an_emoji_keeps_the_health_topic(engine: Engine) -> None:
    text = "We treat stubborn adult acne with a 6-month plan 😍 Clear skin GUARANTEED 💯"
    assert "CLM002" in codes(engine, text)


def test_a_guarantee_fragment_without_health_topic_is_not_a_claim(engine: Engine) -> None:
    text = "Our new espresso bar opens Monday 😍 Good mornings GUARANTEED 💯"
    assert not {c for c in codes(engine, text) if c.startswith("CLM")}
