"""PLT011: media-aspect-ratio-out-of-range."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaAspectRatioOutOfRange(MediaRule):
    """
    What it does:
        Flags an image or video whose aspect ratio (width:height) is outside what the surface
        accepts, and names the surface of the same network that takes it (a 9:16 image on the
        Instagram feed fits a Reel or Story).

    Why it matters:
        Instagram refuses feed images outside 4:5–1.91:1; other platforms reject or crop,
        cutting off text or faces that matter (and sometimes revealing what was meant to be
        outside the frame).

    Example:
        A 1080×1920 (9:16) image for the Instagram feed.

    Use instead:
        Crop to the accepted range, or post it on the surface that fits (Reel or Story).

    Fix safety:
        No automatic fix: cropping changes what the image shows.

    References:
        - Instagram Graph API ig-user/media (4:5 to 1.91:1)
        - docs.x.com media best practices (video 1:3 to 3:1)
        - shared reference platforms.md §2
    """

    code = "PLT011"
    name = "media-aspect-ratio-out-of-range"
    problem_kind = "aspect"
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
                        "height": 1920,
                        "alt_text": "Flu clinic poster",
                    }
                ],
            },
        ),
    )
    good_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "instagram_stories",
                "media": [{"kind": "image", "format": "jpeg", "width": 1080, "height": 1920}],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
