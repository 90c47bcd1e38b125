from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...media import sample_path
from ...media.analysis import attachment_label, media_data, media_infos
from ...model import Category, Finding, Level
from ...rule import Example, Rule, register


@register
class MediaExtensionMismatch(Rule):
    """
    What it does:
        Flags a file whose name says one format while its bytes are another (a PNG named
        `.jpg`, an MP4 named `.gif`). The checker always reads the content, not the name.

    Why it matters:
        Platforms and browsers decide from the name or the declared type; a mismatch is
        rejected at upload or shown as a broken image, and sometimes means the file is not
        the one the author thinks it is.

    Example:
        `photo.jpg` whose content is PNG.

    Use instead:
        Rename the file to match its format, or re-export it.

    Fix safety:
        No automatic fix.

    References:
        - shared reference platforms.md (accepted media formats)
    """

    code = "MED005"
    name = "media-extension-mismatch"
    category = Category.MEDIA
    level = Level.WARNING
    bad_examples = (Example("Meet our new front desk!", {"media": [sample_path("png-named.jpg")]}),)
    good_examples = (Example("Meet our new front desk!", {"media": [sample_path("plain.jpg")]}),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ref, info in media_infos(ctx):
            if info.extension_mismatch is None:
                continue
            yield self.finding(
                f"{attachment_label(ctx, ref)} is {info.extension_mismatch}; rename or re-export it",
                explanation="format detected from the file's first bytes",
                data={"media": media_data(ref, format=info.format)},
            )
