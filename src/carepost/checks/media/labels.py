"""Does the text read from an image look like patient information?

Text in photos is not prose: a whiteboard, a wristband, a pharmacy label or a monitor is
a handful of short lines. The privacy rules read sentences; these cues read labels:

- an identifier label (DOB, MRN, patient ID, account or insurance number, SSN) is enough;
- a room/bed/bay number next to a person's name (a census or assignment board);
- a person's name in an image that also shows clinical content (NPO, fall risk,
  allergies, isolation, medication directions, diagnoses, vitals).

Names on lines that carry a staff role or credential ("Brooke Lee, RN", "Dr. Okafor",
"Nurse:"), or that match the policy's staff list, are staff and never count as patients:
name badges and "your care team today" boards are fine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Cue", "find_patient_cues", "name_spans"]

_IDENTIFIER = re.compile(
    r"\b(?:D\.?\s?O\.?\s?B\b\.?|date\s+of\s+birth|birth\s*date|MRN\b|M\.?R\.?\s?#|"
    r"med(?:ical)?\s+rec(?:ord)?s?\s*(?:no|num(?:ber)?|#)|patient\s*(?:id|name|no|#)|"
    r"patient\s*:|pt\.?\s*(?:id|name|#|:)|acc(?:oun)?t\.?\s*(?:no|num(?:ber)?|#)|SSN\b|"
    r"insurance\s*(?:id|no|#)|member\s*id|encounter\s*(?:id|no|#)|FIN\s*#)",
    re.I,
)
_ROOM = re.compile(
    r"\b(?:room|rm|bed|bay|stretcher|chair|exam|pod)\.?\s*#?\s*\d{1,4}[A-Z]?\b", re.I
)
_CLINICAL = re.compile(
    r"\b(?:NPO|fall\s*risk|allerg(?:y|ies|ic)|isolation|contact\s+precautions|DNR|"
    r"code\s+status|discharg\w*|admit\w*|post[-\s]?op|pre[-\s]?op|diagnos\w*|dx|"
    r"diabet\w*|insulin|dialysis|chemo\w*|pain\s*\d+\s*/\s*10|wound|sepsis|"
    r"take\s+\d+\s+(?:tab|cap|pill)\w*|\d+\s*mg\b|tablets?|capsules?|refills?|qty|"
    r"rx\b|sig:|HR\s*\d|BP\s*\d{2,3}\s*/\s*\d{2,3}|SpO2|blood\s+type|"
    r"surgery|procedure|biopsy|pregnan\w*|prenatal|ultrasound)",
    re.I,
)
_STAFF_ROLE = re.compile(
    r"\b(?:dr\.?(?=\s)|nurse|physician|doctor|therapist|technician|tech|pharmacist|"
    r"hygienist|provider|attending|resident|staff|employee|volunteer|team\s+member|"
    r"charge|manager|director|my\s+name\s+is|care\s+team)",
    re.I,
)
# Credentials are matched case-sensitively: "DO", "PT", "MA" are also ordinary words.
_CREDENTIAL = re.compile(
    r"\b(?:RN|LPN|CNA|MD|DDS|DMD|NP|FNP|PA-C|DPT|RPh|PharmD|CMA|RDH|LCSW|PhD|BSN|MSN|DNP)\b"
)
# Person-name shapes that survive OCR: "J. Smith", "SMITH, JOHN", "Kim Lee", "KIM LEE".
_NAME = re.compile(
    r"\b[A-Z]\.\s?[A-Z][A-Za-z'’-]{1,}\b"
    r"|\b[A-Z][A-Za-z'’-]{1,},\s?[A-Z][A-Za-z'’-]{1,}\b"
    r"|\b[A-Z][a-z'’-]{1,}\s[A-Z][a-z'’-]{1,}\b"
    r"|\b[A-Z]{2,}\s[A-Z]{2,}\b"
)
# Capitalised words that are not names on a clinical whiteboard or sign.
_NOT_NAMES = {
    w.lower()
    for w in [
        "room",
        "rm",
        "bed",
        "bay",
        "exam",
        "pod",
        "chair",
        "stretcher",
        "nurse",
        "doctor",
        "dr",
        "patient",
        "pt",
        "name",
        "dob",
        "mrn",
        "fall",
        "risk",
        "npo",
        "after",
        "midnight",
        "allergies",
        "allergy",
        "isolation",
        "discharge",
        "admit",
        "today",
        "tomorrow",
        "morning",
        "evening",
        "team",
        "care",
        "unit",
        "floor",
        "wing",
        "east",
        "west",
        "north",
        "south",
        "main",
        "clinic",
        "hospital",
        "center",
        "centre",
        "medical",
        "health",
        "family",
        "medicine",
        "pediatrics",
        "urgent",
        "emergency",
        "lab",
        "laboratory",
        "pharmacy",
        "radiology",
        "imaging",
        "surgery",
        "welcome",
        "hello",
        "open",
        "closed",
        "hours",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "flu",
        "shot",
        "shots",
        "vaccine",
        "vaccines",
        "walk",
        "ins",
        "walk-ins",
        "free",
        "screening",
        "screenings",
        "blood",
        "pressure",
        "heart",
        "rate",
        "check",
        "in",
        "out",
        "wait",
        "waiting",
        "please",
        "thank",
        "you",
        "our",
        "your",
        "the",
        "and",
        "for",
        "with",
        "new",
        "happy",
        "birthday",
        "week",
        "month",
        "day",
        "staff",
        "goal",
        "goals",
        "plan",
        "diet",
        "pain",
        "level",
        "mobility",
        "precautions",
        "contact",
        "code",
        "status",
        "high",
        "low",
        "none",
        "assist",
        "hand",
        "hygiene",
        "wash",
        "hands",
        "wear",
        "mask",
        "masks",
        "visitors",
        "visiting",
        "policy",
        "exit",
        "only",
        "no",
        "yes",
        "rx",
        "qty",
        "refills",
        "take",
        "tablet",
        "tablets",
        "capsule",
        "daily",
        "twice",
        "by",
        "mouth",
    ]
}


@dataclass(frozen=True, slots=True)
class Cue:
    """Why a line of image text looks like patient information."""

    line: int  # index into the lines given
    signal: str  # identifier-label, room-and-name, name-with-clinical-content
    detail: str  # the label word or cue that fired (never the patient's name)
    confidence: float


def _is_staff(words: list[str], staff: Sequence[str]) -> bool:
    """``words`` (lower-case, from one name shape) name someone on the staff list: every
    full word is in one staff name, and an initial matches another word of that name
    ("K. Lee" is not "Brooke Lee"; "B. Lee" and "Brooke Lee" are)."""
    full = [w for w in words if len(w) > 1]
    initials = [w for w in words if len(w) == 1]
    if not full:
        return False
    for name in staff:
        parts = [p.lower().strip(".,") for p in name.replace(",", " ").split()]
        parts = [p for p in parts if p and p not in _TITLES]
        if not all(w in parts for w in full):
            continue
        rest = [p for p in parts if p not in full]
        if all(any(p.startswith(i) for p in rest) for i in initials):
            return True
    return False


_TITLES = {"dr", "md", "rn", "np", "do", "dds", "dmd", "pa-c", "phd", "lpn", "mr", "mrs", "ms"}


def name_spans(text: str, staff: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Spans of person-name shapes in ``text`` that are not labels or staff names."""
    spans = []
    for m in _NAME.finditer(text):
        words = [w.lower().strip(".,'’") for w in re.split(r"[\s,.]+", m.group()) if w]
        if not words or all(w in _NOT_NAMES or len(w) == 1 for w in words):
            continue
        if any(w in _NOT_NAMES for w in words if len(w) > 1):
            continue
        if staff and _is_staff(words, staff):
            continue
        spans.append(m.span())
    return spans


def find_patient_cues(lines: Sequence[str], staff: Sequence[str] = ()) -> list[Cue]:
    clinical_anywhere = any(_CLINICAL.search(t) for t in lines)
    cues: list[Cue] = []
    for i, text in enumerate(lines):
        staff_line = bool(_STAFF_ROLE.search(text) or _CREDENTIAL.search(text))
        names = [] if staff_line else name_spans(text, staff)
        label = _IDENTIFIER.search(text)
        if label:
            cues.append(Cue(i, "identifier-label", label.group().strip(), 0.9))
            continue
        if not names:
            continue
        room = _ROOM.search(text)
        if room:
            cues.append(Cue(i, "room-and-name", room.group().strip(), 0.8))
        elif clinical_anywhere:
            clinical = _CLINICAL.search(text) or next(
                (m for t in lines if (m := _CLINICAL.search(t))), None
            )
            detail = clinical.group().strip() if clinical else "clinical content"
            cues.append(Cue(i, "name-with-clinical-content", detail, 0.7))
    return cues
