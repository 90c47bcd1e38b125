"""PLT013: media-duration-out-of-range."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaDurationOutOfRange(MediaRule):
    """
    What it does:
        Flags a video shorter or longer than the surface accepts (X 0.5–140 s, Instagram Stories
        3–60 s, Reels 3 s–15 min, Facebook Reels 3–90 s).

    Why it matters:
        The platform rejects the video at publish time, or (Stories) cuts it.

    Example:
        A 3-minute video for X.

    Use instead:
        Trim the video, or post it where the length fits (a Reel instead of a Story).

    Fix safety:
        No automatic fix.

    References:
        - docs.x.com media best practices
        - Instagram Graph API ig-user/media
        - Facebook reels-publishing guide
    """

    code = "PLT013"
    name = "media-duration-out-of-range"
    problem_kind = "duration"
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "x",
                "media": [
                    {
                        "kind": "video",
                        "format": "mp4",
                        "width": 1280,
                        "height": 720,
                        "duration_s": 180,
                    }
                ],
            },
        ),
    )
    good_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "x",
                "media": [
                    {
                        "kind": "video",
                        "format": "mp4",
                        "width": 1280,
                        "height": 720,
                        "duration_s": 45,
                    }
                ],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
