from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ...context import Context
from ...errors import UnknownRuleError
from ...media import sample_path
from ...media.analysis import attachment_label, media_data, media_texts
from ...media.labels import find_patient_cues
from ...model import Category, CheckInput, Finding, Level
from ...rule import Example, Rule, register

_SIGNALS = {
    "identifier-label": "a patient identifier label",
    "room-and-name": "a name next to a room or bed number",
    "name-with-clinical-content": "a name together with clinical details",
}


@register
class PatientTextInImage(Rule):
    """
    What it does:
        Reads the text inside attached photos and video frames (RapidOCR, models shipped
        in its wheel) and flags text that looks like patient information, pointing at the
        region of the image (box, and time for video) as well as quoting the text in the
        finding's data. Two sources of evidence: label cues written for signage
        (identifier labels such as DOB or MRN; a name next to a room or bed number; a name
        in an image that also shows clinical content such as "NPO", "fall risk" or
        medication directions), and every privacy rule, run on the recognized text.

    Why it matters:
        Whiteboards, wristbands, pharmacy labels, charts and monitors in the background of
        a staff photo are a classic PHI leak: nobody reads them before posting, and
        anybody can zoom in afterwards.

    Example:
        A photo of a unit whiteboard: "ROOM 12 J. SMITH DOB 03/04/1950".

    Use instead:
        Retake the photo without the board or label in view, or crop it out. Staff name
        badges are fine: names with a role or credential ("Brooke Lee, RN", "Dr. Okafor")
        and names on the policy's staff list are not treated as patients.

    Fix safety:
        No automatic fix: cropping or blurring changes the picture and must be a person's
        decision.

    References:
        - 45 CFR 164.514(b)(2) (identifiers: names, dates, record numbers)
        - shared reference privacy.md (behind-the-scenes photos)
    """

    code = "MED020"
    name = "patient-text-in-image"
    category = Category.PRIVACY
    level = Level.ERROR
    bad_examples = (
        Example("Another busy day on 4 West!", {"media": [sample_path("whiteboard.png")]}),
    )
    good_examples = (
        Example(
            "Welcome to the team!",
            {"media": [sample_path("badge.png")]},
            {"staff": {"names": ["Dr. Amara Okafor"]}},
        ),
        Example("Another busy day on 4 West!", {"media": [sample_path("plain.jpg")]}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, _info, scan in media_texts(ctx):
            if scan.error is not None:
                yield self.finding(
                    f"{attachment_label(ctx, ref)}: text could not be read in every frame "
                    f"({scan.error}); review the file by eye",
                    level=Level.WARNING,
                    data={"media": media_data(ref), "frames_checked": scan.frames},
                )
            if not scan.items:
                continue
            name = attachment_label(ctx, ref)
            # Lines from the same frame are read together (a board spans several lines).
            groups: dict[float | None, list[Any]] = {}
            for line in scan.items:
                groups.setdefault(line.time_s, []).append(line)
            for time_s, lines in groups.items():
                flagged: set[int] = set()
                for cue in find_patient_cues([ln.text for ln in lines], ctx.policy.staff):
                    line = lines[cue.line]
                    flagged.add(cue.line)
                    yield self._finding(
                        ref,
                        line,
                        f"{name}: the image shows {_SIGNALS[cue.signal]} ({cue.detail})",
                        explanation=f"OCR text + label cue '{cue.signal}'",
                        confidence=cue.confidence * line.confidence,
                        time_s=time_s,
                        signal=cue.signal,
                    )
                yield from self._privacy(ctx, ref, lines, flagged, time_s)

    def _finding(
        self,
        ref: Any,
        line: Any,
        message: str,
        *,
        explanation: str,
        confidence: float,
        time_s: float | None,
        level: Level | None = None,
        **extra: Any,
    ) -> Finding:
        x, y = line.box[0], line.box[1]
        when = f" at {time_s:.1f}s" if time_s is not None else ""
        return self.finding(
            f"{message}, at x={x}, y={y}{when}",
            level=level,
            confidence=confidence,
            explanation=explanation,
            data={
                "media": media_data(ref, time_s=time_s, box=line.box),
                "text": line.text,
                **extra,
            },
        )

    def _privacy(
        self,
        ctx: Context,
        ref: Any,
        lines: Sequence[Any],
        flagged: set[int],
        time_s: float | None,
    ) -> Iterator[Finding]:
        from ...engine import Engine

        engine = ctx.memo("media.privacy-engine", lambda: _privacy_engine(ctx))
        if engine is None or not engine.rules:
            return
        text = "\n".join(ln.text for ln in lines)
        starts = []
        pos = 0
        for ln in lines:
            starts.append(pos)
            pos += len(ln.text) + 1
        assert isinstance(engine, Engine)
        report = engine.check(CheckInput(text=text))
        seen: set[tuple[str, int]] = set()
        for f in report.findings:
            # notes (e.g. PHI004, identifiers judged not patient-linked) are not findings here
            if f.span is None or f.level is Level.NOTE:
                continue
            index = max(i for i, s in enumerate(starts) if s <= f.span.start)
            if index in flagged or (f.code, index) in seen:
                continue
            seen.add((f.code, index))
            yield self._finding(
                ref,
                lines[index],
                f"{attachment_label(ctx, ref)}: text in the image: {f.message}",
                explanation=f"OCR text checked by {f.code} ({f.name}): {f.explanation}",
                confidence=f.confidence * lines[index].confidence,
                time_s=time_s,
                level=f.level,
                privacy_code=f.code,
                privacy_name=f.name,
            )


def _privacy_engine(ctx: Context) -> Any:
    from ...engine import Engine

    try:
        # The learned privacy rules read posts and replies, not OCR lines: left out here.
        return Engine(ctx.policy, select=["privacy"], ignore=["MED", "PHI050", "PHI051"])
    except UnknownRuleError:  # no privacy rules installed: the label cues still run
        return None
