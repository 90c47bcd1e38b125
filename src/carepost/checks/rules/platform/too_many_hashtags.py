"""PLT002: too-many-hashtags."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...context import Context
from ...model import Category, Finding, Level
from ...platforms.twitter_text import extract_hashtags
from ...rule import Example, Rule, RuleStatus, register
from ._shared import level_for, spec_of


@register
class TooManyHashtags(Rule):
    """
    What it does:
        Counts hashtags the way X's twitter-text finds them and flags a post with more
        than the surface allows: Instagram 5 (the 2025-12 in-app cap; configurable),
        TikTok 5, Threads 1 topic tag, YouTube 15 (above that, all are ignored).
        An organization can lower or raise a cap with `[options.platform] max_hashtags`.

    Why it matters:
        Over the cap, the platform rejects the post, silently drops tags, or (YouTube)
        ignores every hashtag, and a hashtag wall reads as spam next to health content.

    Example:
        Flu season is here! Walk in today. #flu #fluseason #vaccine #health #clinic #wellness
        #care

        (seven hashtags on an Instagram caption)

    Use instead:
        Flu season is here! Walk in today. #fluseason #vaccine

        Keep the few tags that describe the post; the variant adapter keeps the first ones.

    Fix safety:
        No automatic fix: which tags matter is an editorial choice.

    References:
        - Instagram: 5 hashtags per post (announcement 2025-12-19, third-party reports)
        - Threads: one topic tag per post (third-party)
        - shared reference platforms.md §1
    """

    code = "PLT002"
    name = "too-many-hashtags"
    category = Category.PLATFORM
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Flu season is here #flu #health #vaccine #clinic #wellness #care",
            {"platform": "instagram"},
        ),
        Example(
            "Flu shots #flu #vaccine",
            {"platform": "instagram"},
            {"options": {"platform": {"max_hashtags": {"instagram": 1}}}},
        ),
    )
    good_examples = (
        Example("Flu season is here #flu #vaccine #clinic", {"platform": "instagram"}),
        Example(
            "Flu season is here #flu #health #vaccine #clinic #wellness #care", {"platform": "x"}
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or spec.hashtags is None:
            return
        limit = spec.hashtags.max
        overrides = ctx.policy.option("platform", "max_hashtags", {}) or {}
        if isinstance(overrides, Mapping) and isinstance(overrides.get(spec.name), int):
            limit = overrides[spec.name]
        if limit is None:
            return
        tags = extract_hashtags(ctx.text)
        if len(tags) <= limit:
            return
        extra = tags[limit:]
        yield self.finding(
            f"{spec.display} takes at most {limit} hashtag{'s' if limit != 1 else ''}; this "
            f"post has {len(tags)} (over: {', '.join('#' + t.value for t in extra)})",
            span=(extra[0].start, extra[-1].end),
            level=level_for(spec.hashtags.verified),
            explanation=f"source: {spec.hashtags.source}",
            data={"count": len(tags), "max": limit, "platform": spec.name},
        )
