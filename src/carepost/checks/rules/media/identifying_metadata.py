from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...media import sample_path
from ...media.analysis import attachment_label, media_data, media_infos
from ...model import Category, Finding, Level
from ...rule import Example, Rule, register
from .gps_location import strip_fix

_LABELS = {
    "serial": "device serial number",
    "owner": "owner/author name",
    "text": "free-text description",
}


@register
class MediaIdentifyingMetadata(Rule):
    """
    What it does:
        Flags photo and video metadata that identifies a person or a device: camera body and
        lens serial numbers, the camera owner, artist, author and copyright fields, IPTC
        by-line, XMP creator, and free-text descriptions, comments, titles and keywords
        (EXIF ImageDescription/UserComment, XMP dc:description, IPTC caption, PNG text).

    Why it matters:
        Serial numbers tie a photo to one staff member's personal phone; owner fields carry a
        name; description and caption fields are typed by people and can hold anything,
        including a patient's name or room ("J. Doe, bed 4, day 3 post-op"). None of it is
        visible in the picture, so reviewers never see it.

    Example:
        A JPEG whose EXIF holds BodySerialNumber and Artist.

    Use instead:
        Strip the metadata before posting (`carepost strip-metadata IN OUT`).

    Fix safety:
        Safe: the fix removes metadata only; pixels and video streams are unchanged.

    References:
        - EXIF 2.32 tags 0xA430-0xA435 (CameraOwnerName, BodySerialNumber, LensSerialNumber)
        - shared reference privacy.md (photos and metadata)
    """

    code = "MED002"
    name = "media-identifying-metadata"
    category = Category.MEDIA
    level = Level.WARNING
    bad_examples = (Example("Behind the scenes in our lab.", {"media": [sample_path("gps.jpg")]}),)
    good_examples = (
        Example("Behind the scenes in our lab.", {"media": [sample_path("plain.jpg")]}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, info in media_infos(ctx):
            items = [m for m in info.metadata if m.kind in _LABELS]
            if not items:
                continue
            kinds = sorted({_LABELS[m.kind] for m in items})
            fields = ", ".join(sorted({f"{m.source}:{m.field}" for m in items}))
            yield self.finding(
                f"{attachment_label(ctx, ref)} carries hidden metadata: {', '.join(kinds)}",
                explanation=f"metadata fields: {fields}",
                data={
                    "media": media_data(ref),
                    "metadata": [m.to_dict() for m in items],
                },
                fix=strip_fix(),
            )
