"""Extra, sentence-level signals of patient disclosure (PHI010 and PHI011).

The shared privacy analysis (``checks/privacy``) decides who a text is about; this package
adds narrower detectors for shapes it does not cover (a reply's congratulations on a care
milestone, "your" + an object of the reviewer's care, a given name with an age or place next
to care language, ...). Vocabulary lives in ``signals.yaml``.
"""

from __future__ import annotations

from .detect import Signal, described_patient_signals, reply_care_signals, sentences
from .shared import new_described_signals, new_reply_signals
from .signals import SIGNAL_KEYS, compile_phrases, signal_patterns

__all__ = [
    "SIGNAL_KEYS",
    "Signal",
    "compile_phrases",
    "described_patient_signals",
    "new_described_signals",
    "new_reply_signals",
    "reply_care_signals",
    "sentences",
    "signal_patterns",
]
