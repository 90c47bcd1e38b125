from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level, PlatformCount
from ...platforms import get_spec
from ...platforms.counting import count_text
from ...rule import Example, Rule, RuleStatus, register


@register
class TextOverLimit(Rule):
    """
    What it does:
        Counts the text the way the target platform counts it (X: weighted length with
        URLs as 23 and every emoji sequence as 2; Bluesky: graphemes and UTF-8 bytes;
        Mastodon: graphemes with URLs as 23; Threads: characters with emoji as UTF-8 bytes;
        Instagram, TikTok, LinkedIn: UTF-16 code units; YouTube description: UTF-8 bytes)
        and flags a text longer than the platform accepts. Mastodon's limit is set per
        instance: `[options.platform] limits = { mastodon = 1000 }`.

    Why it matters:
        A post over the limit is rejected by the platform's API at publish time, or silently
        cut, which can drop a disclaimer or a citation from the end of the post.

    Example:
        Flu shots are here! Our walk-in clinic is giving this season's flu vaccine to everyone
        6 months and older, Monday through Saturday from 8 a.m. to 7 p.m., no appointment
        needed. Bring your insurance card if you have one; if you don't, ask about our free
        vaccine program for uninsured neighbors. See you soon, and stay well this winter!

        (about 330 characters, scheduled for X: the limit is 280 weighted characters)

    Use instead:
        Flu shots are here! Walk in Mon-Sat, 8 a.m. to 7 p.m., for this season's vaccine, no
        appointment needed. No insurance? Ask about our free vaccine program.

        Shorten the text, use the platform's short disclaimer, or split it into a thread.

    Fix safety:
        No automatic fix: shortening health content changes its meaning.

    References:
        - twitter-text config v3 (maxWeightedTweetLength 280)
        - Bluesky lexicon app.bsky.feed.post (maxGraphemes 300, maxLength 3000 bytes)
        - Mastodon: per-instance max_characters, set with `[options.platform] limits`
        - shared reference platforms.md
    """

    code = "PLT001"
    name = "text-over-limit"
    category = Category.PLATFORM
    level = Level.ERROR
    status = RuleStatus.STABLE
    bad_examples = (
        Example("Flu shots are here. " * 15, {"platform": "x"}),
        Example("🩺" * 301, {"platform": "bluesky"}),
        # 150 graphemes but 3,750 UTF-8 bytes: under maxGraphemes, over maxLength
        Example("👩‍👩‍👧‍👧" * 150, {"platform": "bluesky"}),
        Example("x" * 501, {"platform": "mastodon"}),
    )
    good_examples = (
        Example("Flu shots are here. " * 13, {"platform": "x"}),
        Example("Flu shots are here. " * 15, {"platform": "linkedin"}),
        Example("Flu shots are here. " * 15),
        Example(
            "x" * 501,
            {"platform": "mastodon"},
            {"options": {"platform": {"limits": {"mastodon": 1000}}}},
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        count: PlatformCount | None = ctx.memo("platform.count", lambda: None)
        if count is None:
            return
        spec = get_spec(count.name)
        if count.remaining < 0:
            level = Level.ERROR if spec.verified else Level.WARNING
            configured = " (this organization's setting)" if count.limit != spec.limit else ""
            yield self.finding(
                f"{spec.display} accepts {count.limit:,} {_unit(count.unit)}{configured}; this "
                f"text has {count.length:,} ({-count.remaining:,} over)",
                level=level,
                explanation=f"counted in {count.unit}; limit source: {spec.source}",
                data=count.to_dict(),
            )
        for extra in spec.extra_limits:
            length = count_text(ctx.text, extra.unit)
            if length <= extra.limit:
                continue
            yield self.finding(
                f"{spec.display} also accepts at most {extra.limit:,} {_unit(extra.unit)}; this "
                f"text has {length:,} ({length - extra.limit:,} over)",
                level=Level.ERROR if extra.verified else Level.WARNING,
                explanation=f"counted in {extra.unit}; limit source: {extra.source}",
                data={"length": length, "limit": extra.limit, "unit": extra.unit},
            )


def _unit(unit: str) -> str:
    return {
        "weighted": "weighted characters",
        "graphemes": "characters (graphemes)",
        "utf16": "characters",
        "codepoints": "characters",
        "bytes": "bytes",
    }.get(unit, unit)
