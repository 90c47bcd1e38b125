"""PLT010: media-format-unsupported."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaFormatUnsupported(MediaRule):
    """
    What it does:
        Flags an attachment whose file format or kind the target surface does not take (a PNG on
        Instagram, a video on an image-only surface, a document on X).

    Why it matters:
        The platform's API rejects the upload at publish time, so a scheduled post fails after
        approval.

    Example:
        An Instagram feed post with a PNG image.

    Use instead:
        Convert the file (JPEG for Instagram and Threads images) or pick a surface that takes
        it.

    Fix safety:
        No automatic fix: converting media is done before upload, outside the text.

    References:
        - Instagram Graph API ig-user/media (JPEG only)
        - docs.x.com media best practices
        - shared reference platforms.md §2
    """

    code = "PLT010"
    name = "media-format-unsupported"
    problem_kind = "format"
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "instagram",
                "media": [
                    {
                        "kind": "image",
                        "format": "png",
                        "width": 1080,
                        "height": 1080,
                        "alt_text": "Clinic entrance",
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
                        "alt_text": "Clinic entrance",
                    }
                ],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
