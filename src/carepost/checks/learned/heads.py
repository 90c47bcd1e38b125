"""The model's output heads and how each is read from a labelled corpus record.

The heads are fixed (their order is the order of the model's output columns):

========================  ==================================================  ==============
head                      target (shared corpus FORMAT.md)                     trained on
========================  ==================================================  ==============
``phi``                   ``phi`` (or a consented story: see below)            every item
``reply_confirms_care``   ``phi`` of a reply                                   replies only
``claim``                 ``claim`` is ``unsupported`` or ``absolute``          every item
``absolute_claim``        ``claim`` is ``absolute``                             every item
``needs_disclaimer``      ``needs_disclaimer``                                  every item
========================  ==================================================  ==============

A record that carries ``consents`` and ``phi: false`` is a patient story whose authorization
exists: the *text* still identifies a patient, so the privacy heads learn ``true`` and the
consent is applied afterwards by the rules (exactly as for the hand-written privacy rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["HEADS", "head_targets"]

HEADS: tuple[str, ...] = (
    "phi",
    "reply_confirms_care",
    "claim",
    "absolute_claim",
    "needs_disclaimer",
)


def head_targets(record: Mapping[str, Any]) -> list[float | None]:
    """One target per head (``None`` = this head does not learn from this record)."""
    phi = bool(record.get("phi"))
    if not phi and record.get("consents"):
        phi = True
    is_reply = record.get("kind") == "reply"
    claim = record.get("claim")
    has_claim = claim in ("none", "supported", "unsupported", "absolute")
    disclaimer = record.get("needs_disclaimer")
    return [
        float(phi) if "phi" in record else None,
        float(phi) if is_reply and "phi" in record else None,
        float(claim in ("unsupported", "absolute")) if has_claim else None,
        float(claim == "absolute") if has_claim else None,
        float(bool(disclaimer)) if isinstance(disclaimer, bool) else None,
    ]
