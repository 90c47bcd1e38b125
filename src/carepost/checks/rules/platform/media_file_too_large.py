"""PLT012: media-file-too-large."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaFileTooLarge(MediaRule):
    """
    What it does:
        Flags an attachment larger than the surface's size limit for that kind (X images 5 MB,
        Instagram images 8 MB, Bluesky images 2,000,000 bytes...).

    Why it matters:
        An oversized file fails the upload (Instagram error 36000 / 2207004), so the post is not
        published on time.

    Example:
        A 12 MB JPEG for Instagram.

    Use instead:
        Compress or resize the file, or shorten the video.

    Fix safety:
        No automatic fix.

    References:
        - Instagram error-codes reference (2207004)
        - atproto lexicons app.bsky.embed.images
        - shared reference platforms.md §2
    """

    code = "PLT012"
    name = "media-file-too-large"
    problem_kind = "size"
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "instagram",
                "media": [
                    {
                        "kind": "image",
                        "format": "jpeg",
                        "width": 1080,
                        "height": 1080,
                        "size_bytes": 12000000,
                        "alt_text": "Team photo",
                    }
                ],
            },
        ),
    )
    good_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "instagram",
                "media": [
                    {
                        "kind": "image",
                        "format": "jpeg",
                        "width": 1080,
                        "height": 1080,
                        "size_bytes": 900000,
                        "alt_text": "Team photo",
                    }
                ],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
