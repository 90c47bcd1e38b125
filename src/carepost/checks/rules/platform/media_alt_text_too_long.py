"""PLT017: media-alt-text-too-long."""

from __future__ import annotations

from ...rule import Example, RuleStatus, register
from ._shared import MediaRule


@register
class MediaAltTextTooLong(MediaRule):
    """
    What it does:
        Flags alt text longer than the surface accepts (X 1,000 characters, Mastodon 1,500).

    Why it matters:
        The API rejects the metadata call, and the image goes out without any description.

    Example:
        A 1,200-character description on an X image.

    Use instead:
        Shorten the description to what the image shows.

    Fix safety:
        No automatic fix.

    References:
        - docs.x.com openapi.json POST /2/media/metadata (alt_text maxLength 1000)
        - Mastodon Instance.md description_limit
    """

    code = "PLT017"
    name = "media-alt-text-too-long"
    problem_kind = "alt-length"
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Our new clinic opens Monday.",
            {
                "platform": "x",
                "media": [
                    {
                        "kind": "image",
                        "format": "jpeg",
                        "alt_text": "A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. A nurse smiles. ",
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
                        "kind": "image",
                        "format": "jpeg",
                        "alt_text": "A nurse smiles at the front desk.",
                    }
                ],
            },
        ),
        Example("Our new clinic opens Monday.", {"platform": "x"}),
    )
