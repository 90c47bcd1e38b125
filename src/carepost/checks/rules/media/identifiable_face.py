from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...media import sample_path
from ...media.analysis import attachment_label, covering_consent, media_data, media_faces
from ...model import Applicability, Category, Finding, Fix, Level
from ...rule import Example, Rule, register

#: More faces than this in one file are reported as one summary finding.
MAX_FACE_FINDINGS = 12


@register
class IdentifiableFace(Rule):
    """
    What it does:
        Detects faces in attached photos and in frames sampled from attached videos, and
        reports each face with its box (and, for video, the time it first appears). A face
        is an `error` unless a consent record linked to that file (the media's
        `consent_ids`, or a consent whose `media` names the file) is valid for this post:
        not revoked, not expired, and covering the target platform. With such a consent
        the finding is a `warning` that names the consent, so the reviewer confirms that
        the person in the picture is the person who signed.

    Why it matters:
        A full-face photograph is one of the 18 HIPAA identifiers. Patients in the
        background of a "behind the scenes" photo, in a waiting room or at an event are
        the most common way health teams leak PHI in pictures; publishing them needs a
        written authorization (45 CFR 164.508). The detector finds frontal faces; it is a
        prompt for review, not a guarantee that a photo without findings shows nobody.

    Example:
        A photo of a person attached to "Meet our patient of the month!" with no consent.

    Use instead:
        Link the signed authorization to the media, crop or blur the face
        (`carepost blur-faces IN OUT` writes a preview with every detected face blurred),
        or choose another photo.

    Fix safety:
        Display-only: the blurred preview is written only on request, to the path you
        give, for the reviewer to look at. Blurring does not de-identify a patient who can
        be recognised by voice, tattoos or context, so it is never applied automatically.

    References:
        - 45 CFR 164.514(b)(2)(i)(Q) (full-face photographs)
        - 45 CFR 164.508 (authorizations)
        - shared reference privacy.md (images and video)
    """

    code = "MED010"
    name = "identifiable-face"
    category = Category.CONSENT
    level = Level.ERROR
    bad_examples = (
        Example("Meet our patient of the month!", {"media": [sample_path("face.jpg")]}),
        Example(
            "Meet our patient of the month!",
            {
                "media": [{"path": sample_path("face.jpg"), "consent_ids": ["C-7"]}],
                "consents": [{"id": "C-7", "person": "the patient", "revoked": True}],
            },
        ),
    )
    good_examples = (
        Example("Our new waiting room is open.", {"media": [sample_path("plain.jpg")]}),
        Example("Our new waiting room is open.", {"media": [sample_path("whiteboard.png")]}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, info, scan in media_faces(ctx):
            if scan.error is not None:
                yield self.finding(
                    f"{attachment_label(ctx, ref)}: faces could not be checked in every frame "
                    f"({scan.error}); review the file by eye",
                    level=Level.WARNING,
                    data={"media": media_data(ref), "frames_checked": scan.frames},
                )
            if not scan.items:
                continue
            consent, problems = covering_consent(ctx, ref)
            name = attachment_label(ctx, ref)
            faces = list(scan.items)
            if consent is not None:
                level = Level.WARNING
                status = (
                    f"covered by consent {consent.id} ({consent.person}); confirm it is the "
                    "person shown"
                )
            else:
                level = Level.ERROR
                status = "no valid consent is linked to this file"
                if problems:
                    status += f" ({'; '.join(problems)})"
            if info.kind == "video" and info.has_audio:
                status += "; the video has sound, and a voice identifies a person even when the face is blurred"
            shown = faces[:MAX_FACE_FINDINGS]
            for number, face in enumerate(shown, 1):
                x, y, w, h = face.box
                when = f" at {face.time_s:.1f}s" if face.time_s is not None else ""
                yield self.finding(
                    f"{name}: face {number} of {len(faces)}{when} at x={x}, y={y} "
                    f"({w}×{h} px): {status}",
                    level=level,
                    confidence=face.confidence,
                    explanation="frontal face detector (OpenCV Haar cascade "
                    "frontalface_alt2, bundled in opencv-python)",
                    data={
                        "media": media_data(ref, time_s=face.time_s, box=face.box),
                        "face": number,
                        "faces": len(faces),
                        "consent": consent.id if consent is not None else None,
                        "consent_problems": problems,
                    },
                    fix=Fix(
                        title="preview with faces blurred: carepost blur-faces FILE OUT",
                        applicability=Applicability.DISPLAY_ONLY,
                    ),
                )
            if len(faces) > len(shown):
                yield self.finding(
                    f"{name}: {len(faces) - len(shown)} more faces not listed: {status}",
                    level=level,
                    data={
                        "media": media_data(ref),
                        "faces": len(faces),
                        "boxes": [list(f.box) for f in faces[len(shown) :]],
                    },
                )
