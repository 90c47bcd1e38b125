"""The privacy vocabularies: every cue list is used, every cue compiles, and the shipped files
load without error."""

from __future__ import annotations

import carepost.checks.privacy  # noqa: F401  (imports every recognizer, so every Cue exists)
from carepost.checks.privacy.lexicon import (
    CUES,
    LEXICON_KEYS,
    PATTERN_KEYS,
    SIGNAL_KEYS,
    cues,
    load_lexicon,
    signal_patterns,
)


def test_the_shipped_vocabularies_load() -> None:
    assert set(load_lexicon().lists) == set(LEXICON_KEYS)
    assert set(signal_patterns()) == set(SIGNAL_KEYS)
    assert set(cues().lists) == set(PATTERN_KEYS)


def test_every_cue_list_is_used_and_every_cue_compiles() -> None:
    used = {slot for c in CUES for slot in c.slots}
    assert used == set(PATTERN_KEYS)
    for c in CUES:
        assert c.re.pattern  # compiles with its lists filled in


def test_a_cue_matches_its_list_entries() -> None:
    from carepost.checks.privacy.names import TITLED

    assert TITLED.search("Mrs. Okafor came by").group(1) == "Mrs"  # type: ignore[union-attr]
    assert TITLED.search("mrs. okafor") is None  # titles match as written
