from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...media import sample_path
from ...media.analysis import attachment_label, media_data, media_infos
from ...model import Applicability, Category, Finding, Fix, Level
from ...rule import Example, Rule, register


@register
class MediaGpsLocation(Rule):
    """
    What it does:
        Reads the EXIF GPS block, XMP location fields, IPTC city/sublocation and video
        location atoms (e.g. the ISO 6709 location phones write into MP4/MOV files) of every
        attached photo or video, and flags a file that records where it was taken.

    Why it matters:
        A phone photo of a home visit, a patient's room or a community event carries the
        coordinates of the place, often to a few metres. Published with the file, that can
        identify where a patient lives, and geographic subdivisions smaller than a state are
        an identifier under the HIPAA Safe Harbor method (45 CFR 164.514(b)(2)(i)(B)). Some
        platforms strip EXIF on upload, but not every platform, export or shared drive does.

    Example:
        A JPEG straight from a phone, with GPSLatitude/GPSLongitude in its EXIF block.

    Use instead:
        Strip the metadata before posting: `carepost strip-metadata IN OUT` (lossless for
        JPEG, PNG, WebP and videos), or turn off location tagging in the camera app.

    Fix safety:
        Safe: the fix removes metadata only; pixels and video streams are copied byte for byte
        (the EXIF orientation is kept so the photo does not rotate).

    References:
        - 45 CFR 164.514(b)(2)(i)(B) (geographic identifiers)
        - shared reference privacy.md (photos and metadata)
    """

    code = "MED001"
    name = "media-gps-location"
    category = Category.MEDIA
    level = Level.ERROR
    bad_examples = (
        Example("Our team at the health fair today!", {"media": [sample_path("gps.jpg")]}),
    )
    good_examples = (
        Example("Our team at the health fair today!", {"media": [sample_path("plain.jpg")]}),
        Example("Our team at the health fair today!"),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, info in media_infos(ctx):
            items = [m for m in info.metadata if m.kind == "gps"]
            if not items:
                continue
            fields = ", ".join(sorted({f"{m.source}:{m.field}" for m in items}))
            yield self.finding(
                f"{attachment_label(ctx, ref)} records where it was taken ({items[0].value}); strip the "
                "metadata before posting",
                explanation=f"location metadata found: {fields}",
                data={
                    "media": media_data(ref),
                    "metadata": [m.to_dict() for m in items],
                },
                fix=strip_fix(),
            )


def strip_fix() -> Fix:
    return Fix(
        title="strip the file's metadata (carepost strip-metadata IN OUT); pixels stay unchanged",
        applicability=Applicability.SAFE,
    )
