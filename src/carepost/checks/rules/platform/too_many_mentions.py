"""PLT003: too-many-mentions."""

from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...platforms.twitter_text import extract_mentions
from ...rule import Example, Rule, RuleStatus, register
from ._shared import level_for, spec_of


@register
class TooManyMentions(Rule):
    """
    What it does:
        Flags a post that tags more accounts (`@name`) than the surface allows
        (Instagram: 20 @ tags per caption).

    Why it matters:
        The API rejects the caption, so the post fails at publish time.

    Example:
        Thank you to everyone who made our health fair a success! @cityhealth @foodbank
        @ymca_downtown @library @firedept @policedept @schoolboard @parksrec @rotaryclub
        @lionsclub @farmersmarket @bikeshop @runclub @yogastudio @bakery @pharmacy
        @dentalgroup @eyecare @hearingcenter @bloodbank @radiostation

        (21 accounts tagged on Instagram)

    Use instead:
        Thank you to everyone who made our health fair a success, especially our partners
        @cityhealth and @foodbank!

        Tag the main partners and thank the rest without tags.

    Fix safety:
        No automatic fix.

    References:
        - Instagram Graph API ig-user/media: "30 hashtags, and 20 @ tags"
    """

    code = "PLT003"
    name = "too-many-mentions"
    category = Category.PLATFORM
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Thanks " + " ".join(f"@partner{i}" for i in range(21)), {"platform": "instagram"}),
    )
    good_examples = (
        Example("Thanks " + " ".join(f"@partner{i}" for i in range(5)), {"platform": "instagram"}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or spec.mentions is None or spec.mentions.max is None:
            return
        mentions = extract_mentions(ctx.text)
        limit = spec.mentions.max
        if len(mentions) <= limit:
            return
        yield self.finding(
            f"{spec.display} takes at most {limit} @ tags; this post has {len(mentions)}",
            span=(mentions[limit].start, mentions[-1].end),
            level=level_for(spec.mentions.verified),
            explanation=f"source: {spec.mentions.source}",
            data={"count": len(mentions), "max": limit, "platform": spec.name},
        )
