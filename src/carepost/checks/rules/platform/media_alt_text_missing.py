"""PLT015: media-alt-text-missing."""

from __future__ import annotations

from ...model import Level
from ...platforms.media import MediaProblem
from ...rule import Example, RuleStatus, register
from ._shared import MediaRule, level_for


@register
class MediaAltTextMissing(MediaRule):
    """
    What it does:
        Flags an attached image or GIF without alt text. A warning on most platforms
        (accessibility), an error on Bluesky, whose lexicon makes `alt` a required field.
        Surfaces that take no alt text (Instagram Reels and Stories) are skipped.

    Why it matters:
        Patients who use screen readers cannot see the image; health information in an
        image (dates, doses, warning signs) is lost to them. Bluesky rejects an image
        record without `alt`.

    Example:
        An infographic on Bluesky with no description.

    Use instead:
        Describe what the image shows in one or two sentences, without patient details.

    Fix safety:
        No automatic fix: only a person can describe the image.

    References:
        - atproto lexicons app.bsky.embed.images (alt required)
        - WCAG 2.2 success criterion 1.1.1 (non-text content)
        - docs.x.com POST /2/media/metadata
    """

    code = "PLT015"
    name = "media-alt-text-missing"
    problem_kind = "alt-missing"
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Flu shots are here.",
            {"platform": "bluesky", "media": [{"kind": "image", "format": "jpeg"}]},
        ),
        Example(
            "Flu shots are here.",
            {"platform": "x", "media": [{"kind": "image", "format": "jpeg", "alt_text": " "}]},
        ),
    )
    good_examples = (
        Example(
            "Flu shots are here.",
            {
                "platform": "bluesky",
                "media": [{"kind": "image", "format": "jpeg", "alt_text": "Flu clinic sign"}],
            },
        ),
        Example(
            "Flu shots are here.",
            {"platform": "instagram_reels", "media": [{"kind": "video", "format": "mp4"}]},
        ),
    )

    def level_of(self, problem: MediaProblem) -> Level:
        if problem.data.get("required"):
            return level_for(problem.verified, Level.ERROR)
        return Level.WARNING
