"""PLT006: forbidden-characters."""

from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level, Span
from ...rule import Example, Rule, RuleStatus, register
from ._shared import level_for, spec_of

_LOOKALIKES = {"<": "‹", ">": "›"}


@register
class ForbiddenCharacters(Rule):
    """
    What it does:
        Flags characters the surface refuses outright: YouTube titles and descriptions
        accept "all valid UTF-8 characters except < and >".

    Why it matters:
        The upload fails ("invalid or empty video title"), so the video is not published.

    Example:
        "Kids <5 need two doses" as a YouTube title.

    Use instead:
        Write it out ("under 5") or use a look-alike (‹ ›).

    Fix safety:
        Display-only: the suggested look-alike characters change the text.

    References:
        - developers.google.com/youtube/v3/docs/videos (snippet.title, snippet.description)
    """

    code = "PLT006"
    name = "forbidden-characters"
    category = Category.PLATFORM
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (Example("Kids <5 need two doses", {"platform": "youtube_title"}),)
    good_examples = (
        Example("Kids under 5 need two doses", {"platform": "youtube_title"}),
        Example("Kids <5 need two doses", {"platform": "facebook"}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or spec.reserved is None or spec.reserved.action != "forbid":
            return
        for i, ch in enumerate(ctx.text):
            if ch not in spec.reserved.chars:
                continue
            lookalike = _LOOKALIKES.get(ch)
            yield self.finding(
                f"{spec.display} refuses the character {ch!r}",
                span=(i, i + 1),
                level=level_for(spec.reserved.verified),
                explanation=f"source: {spec.reserved.source}",
                data={"char": ch, "platform": spec.name},
                fix=Fix(
                    title=f"Replace {ch!r} with {lookalike!r}",
                    applicability=Applicability.DISPLAY_ONLY,
                    replacement=lookalike,
                    span=Span(i, i + 1),
                )
                if lookalike
                else None,
            )
