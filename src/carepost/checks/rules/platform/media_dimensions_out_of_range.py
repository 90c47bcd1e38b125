"""PLT016: media-dimensions-out-of-range."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaDimensionsOutOfRange(MediaRule):
    """
    What it does:
        Flags an image or video narrower, wider, taller or with more pixels than the surface
        accepts (Instagram feed width 320–1440, X video 32×32 to 1280×1024, Mastodon pixel
        limits).

    Why it matters:
        The API rejects the file or rescales it, blurring small print such as a disclaimer on
        the image.

    Example:
        A 200-pixel-wide image for the Instagram feed.

    Use instead:
        Export the file at a size the platform takes.

    Fix safety:
        No automatic fix.

    References:
        - Instagram Graph API ig-user/media
        - docs.x.com media best practices
        - Mastodon Instance.md
    """

    code = "PLT016"
    name = "media-dimensions-out-of-range"
    problem_kind = "dimensions"
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
                        "width": 200,
                        "height": 200,
                        "alt_text": "Logo",
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
                        "alt_text": "Logo",
                    }
                ],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
