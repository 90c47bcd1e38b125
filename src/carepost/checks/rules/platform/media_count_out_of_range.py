"""PLT014: media-count-out-of-range."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaCountOutOfRange(MediaRule):
    """
    What it does:
        Flags a post with more (or, for carousels, fewer) attachments than the surface takes, or
        a mix the platform refuses (X: up to 4 photos, or 1 GIF, or 1 video).

    Why it matters:
        The API rejects the post (Instagram error 2207028 for carousels outside 2–10 items) or
        drops the extra files.

    Example:
        Five photos on X.

    Use instead:
        Keep to the limit, split the post, or use a carousel where the platform has one.

    Fix safety:
        No automatic fix.

    References:
        - docs.x.com media best practices
        - Instagram carousel: 2–10 children
        - Threads carousel: 2–20 items
    """

    code = "PLT014"
    name = "media-count-out-of-range"
    problem_kind = "count"
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "x",
                "media": [
                    {"kind": "image", "format": "jpeg", "alt_text": "a"},
                    {"kind": "image", "format": "jpeg", "alt_text": "b"},
                    {"kind": "image", "format": "jpeg", "alt_text": "c"},
                    {"kind": "image", "format": "jpeg", "alt_text": "d"},
                    {"kind": "image", "format": "jpeg", "alt_text": "e"},
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
                    {"kind": "image", "format": "jpeg", "alt_text": "a"},
                    {"kind": "image", "format": "jpeg", "alt_text": "b"},
                ],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
