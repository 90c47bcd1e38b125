from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...media import sample_path
from ...media.analysis import attachment_label, media_data, media_infos
from ...model import Category, Finding, Level
from ...rule import Example, Rule, register


@register
class MediaUnreadable(Rule):
    """
    What it does:
        Flags an attached file that cannot be checked: missing, empty, truncated or corrupt,
        an unsupported format (HEIC, PDF, unknown bytes), or an image over the
        decompression-bomb limit (about 89.5 megapixels, Pillow's default).

    Why it matters:
        A file the checker cannot open is a file nobody has checked for faces, whiteboards or
        location data. It will usually also fail at the platform, at publish time.

    Example:
        A JPEG cut off half-way through an upload.

    Use instead:
        Re-export the photo as JPEG or PNG (or the video as MP4) and attach it again.

    Fix safety:
        No automatic fix.

    References:
        - Pillow `Image.MAX_IMAGE_PIXELS` (decompression bomb protection)
    """

    code = "MED004"
    name = "media-unreadable"
    category = Category.MEDIA
    level = Level.ERROR
    bad_examples = (
        Example("New photo from the wellness walk.", {"media": [sample_path("truncated.jpg")]}),
        Example("New photo from the wellness walk.", {"media": [sample_path("empty.jpg")]}),
    )
    good_examples = (
        Example("New photo from the wellness walk.", {"media": [sample_path("plain.jpg")]}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, info in media_infos(ctx):
            if info.problem is None:
                continue
            yield self.finding(
                f"{attachment_label(ctx, ref)} cannot be checked: {info.problem}",
                explanation=f"detected format: {info.format or 'unknown'}",
                data={"media": media_data(ref, format=info.format, size_bytes=info.size_bytes)},
            )
