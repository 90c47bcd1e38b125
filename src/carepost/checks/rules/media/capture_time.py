from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...media import sample_path
from ...media.analysis import attachment_label, media_data, media_infos
from ...model import Category, Finding, Level
from ...rule import Example, Rule, register
from .gps_location import strip_fix


@register
class MediaCaptureTime(Rule):
    """
    What it does:
        Notes photos and videos whose metadata records when they were taken (EXIF
        DateTimeOriginal, XMP CreateDate, IPTC DateCreated, video creation time).

    Why it matters:
        A timestamp is harmless on an event photo but, on a photo of a patient or of a
        procedure, it is a date of service, one of the HIPAA identifiers
        (45 CFR 164.514(b)(2)(i)(C)). It also reveals when a "today" post was really taken.

    Example:
        A JPEG with EXIF DateTimeOriginal "2026:03:14 09:26:53".

    Use instead:
        Strip the metadata before posting (`carepost strip-metadata IN OUT`).

    Fix safety:
        Safe: the fix removes metadata only; pixels and video streams are unchanged.

    References:
        - 45 CFR 164.514(b)(2)(i)(C) (dates directly related to an individual)
    """

    code = "MED003"
    name = "media-capture-time"
    category = Category.MEDIA
    level = Level.NOTE
    bad_examples = (Example("Clinic open house recap.", {"media": [sample_path("gps.jpg")]}),)
    good_examples = (Example("Clinic open house recap.", {"media": [sample_path("plain.jpg")]}),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, info in media_infos(ctx):
            items = [m for m in info.metadata if m.kind == "timestamp"]
            if not items:
                continue
            yield self.finding(
                f"{attachment_label(ctx, ref)} records when it was taken ({items[0].value})",
                explanation="timestamp fields: "
                + ", ".join(sorted({f"{m.source}:{m.field}" for m in items})),
                data={"media": media_data(ref), "metadata": [m.to_dict() for m in items]},
                fix=strip_fix(),
            )
