"""PLT004: too-many-links."""

from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...platforms.twitter_text import extract_urls
from ...rule import Example, Rule, RuleStatus, register
from ._shared import level_for, spec_of


@register
class TooManyLinks(Rule):
    """
    What it does:
        Flags a post with more links than the surface accepts (Threads: more than 5 links
        fails with `THREADS_API__LINK_LIMIT_EXCEEDED` since 2025-12-22). Links are found the
        way X finds them (with or without `https://`).

    Why it matters:
        The platform refuses the post at container creation, after it was approved.

    Example:
        Resources for new parents: https://example.org/feeding https://example.org/sleep
        https://example.org/car-seats https://example.org/vaccines
        https://example.org/postpartum https://example.org/support

        (six links on Threads)

    Use instead:
        Resources for new parents, all in one place: https://example.org/new-parents

        Link one landing page that lists the resources.

    Fix safety:
        No automatic fix.

    References:
        - developers.facebook.com threads/reference/publishing (2026-04-20)
    """

    code = "PLT004"
    name = "too-many-links"
    category = Category.PLATFORM
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "Resources: " + " ".join(f"https://example.org/r{i}" for i in range(6)),
            {"platform": "threads"},
        ),
    )
    good_examples = (
        Example(
            "Resources: " + " ".join(f"https://example.org/r{i}" for i in range(5)),
            {"platform": "threads"},
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or spec.links is None or spec.links.max is None:
            return
        urls = extract_urls(ctx.text)
        limit = spec.links.max
        if len(urls) <= limit:
            return
        yield self.finding(
            f"{spec.display} refuses posts with more than {limit} links; this post has {len(urls)}",
            span=(urls[limit].start, urls[-1].end),
            level=level_for(spec.links.verified),
            explanation=f"source: {spec.links.source}",
            data={"count": len(urls), "max": limit, "platform": spec.name},
        )
