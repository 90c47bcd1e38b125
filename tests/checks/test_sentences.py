"""The checker's one sentence splitter: a table of social-post shapes, and the families using it."""

from __future__ import annotations

import pytest

from carepost.checks import CheckInput, Policy
from carepost.checks.context import Context
from carepost.checks.sentences import sentence_index, split_sentences


def _cut(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles and initials never end a sentence
        (
            "Dr. Okafor joined us. St. Jude's is next door.",
            ["Dr. Okafor joined us.", "St. Jude's is next door."],
        ),
        (
            "Welcome Ms. T. W. Berg to the team. Say hi!",
            ["Welcome Ms. T. W. Berg to the team.", "Say hi!"],
        ),
        ("dr. lee is in today. walk-ins ok", ["dr. lee is in today.", "walk-ins ok"]),
        # dotted abbreviations, decimals, times
        (
            "Doses (e.g. 0.5 mL) vary, i.e. by age. Ask us.",
            ["Doses (e.g. 0.5 mL) vary, i.e. by age.", "Ask us."],
        ),
        ("Hours 8 a.m. to 6 p.m. daily. Walk in!", ["Hours 8 a.m. to 6 p.m. daily.", "Walk in!"]),
        (
            "Ranked top 10 in the U.S. by peers. Thank you!",
            ["Ranked top 10 in the U.S. by peers.", "Thank you!"],
        ),
        ("Closed Sat. and Sun. Back Monday.", ["Closed Sat. and Sun. Back Monday."]),
        ("Wear a hat in the sun. Reapply often.", ["Wear a hat in the sun.", "Reapply often."]),
        ("I said no. Then I booked anyway.", ["I said no.", "Then I booked anyway."]),
        ("Low vitamin D. Get outside.", ["Low vitamin D.", "Get outside."]),
        # URLs, e-mail, handles
        (
            "Book at https://clinic.example/book?x=1.5&y=2. Or call.",
            ["Book at https://clinic.example/book?x=1.5&y=2.", "Or call."],
        ),
        ("Visit www.clinic.example. Open late.", ["Visit www.clinic.example.", "Open late."]),
        (
            "Write to hello@clinic.example. We answer fast.",
            ["Write to hello@clinic.example.", "We answer fast."],
        ),
        ("Follow @dr.kim. New videos weekly", ["Follow @dr.kim.", "New videos weekly"]),
        # repeated and mixed punctuation, quotes, ellipses
        ("Thanks, Juno!!! See you soon?!", ["Thanks, Juno!!!", "See you soon?!"]),
        (
            'She said "best day ever!" Then she left.',
            ['She said "best day ever!"', "Then she left."],
        ),
        ('"So proud!" she said. Go team.', ['"So proud!" she said.', "Go team."]),
        ("we waited... and waited. finally home", ["we waited... and waited.", "finally home"]),
        ("great visit. see you next time", ["great visit.", "see you next time"]),
        # emoji
        ("Our team 🎉 Big news soon", ["Our team 🎉", "Big news soon"]),
        ("Great news! 🎉 We're open. 😊", ["Great news! 🎉", "We're open. 😊"]),
        ("We love our nurses 💙 so much", ["We love our nurses 💙 so much"]),
        ("Skin Clinic® Now open", ["Skin Clinic® Now open"]),
        # line breaks and bullets
        ("Line one\nLine two\r\n\r\nLine three", ["Line one", "Line two", "Line three"]),
        ("• Rest\n• Ice\n- Elevate", ["• Rest", "• Ice", "- Elevate"]),
        ("Tips: • drink water • rest", ["Tips:", "• drink water", "• rest"]),
        ("1. Rest\n2. Ice it. Then elevate.", ["1. Rest", "2. Ice it.", "Then elevate."]),
        # Spanish
        (
            "¿Tienes dudas? ¡Llámanos hoy! Estamos aquí.",
            ["¿Tienes dudas?", "¡Llámanos hoy!", "Estamos aquí."],
        ),
        ("La Dra. Ruiz atiende hoy. ¡Gracias!", ["La Dra. Ruiz atiende hoy.", "¡Gracias!"]),
        # labels stay with their value
        (
            "Patient: Ana Ruiz, DOB 03/04/1950. Room 4.",
            ["Patient: Ana Ruiz, DOB 03/04/1950.", "Room 4."],
        ),
        # blank
        ("", []),
        ("  \n\t ", []),
        ("no punctuation at all", ["no punctuation at all"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _cut(text) == expected


@pytest.mark.parametrize(
    "text",
    ["  Hello there.  Bye now.  ", "A.\n\nB!\n", "x", "Mr. A. B. C. D.", "…", "?!. ."],
)
def test_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    assert spans == sorted(spans)
    for (a, b), nxt in zip(spans, [*spans[1:], (len(text), len(text))], strict=True):
        assert 0 <= a < b <= nxt[0]
        assert text[a:b] == text[a:b].strip()


def test_sentence_index_gives_gaps_to_the_next_sentence() -> None:
    text = "One. Two.  Three."
    spans = split_sentences(text)
    assert [sentence_index(spans, p) for p in (0, 3, 4, 5, 9, 10, 11, len(text))] == [
        0,
        0,
        1,
        1,
        2,
        2,
        2,
        2,
    ]
    assert sentence_index([], 5) == 0


def test_every_family_sees_the_same_sentences() -> None:
    text = "Dr. Okafor says hi. Vitamin D. helps bones! 🎉 Book at www.clinic.example. Thanks"
    ctx = Context(CheckInput(text=text), Policy())
    assert ctx.sentences == split_sentences(text)
    # the spaCy view used by the claims family covers the same characters
    assert [(s.start_char, s.end_char) for s in ctx.sentence_spans] == ctx.sentences
