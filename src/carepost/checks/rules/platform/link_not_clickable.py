"""PLT007: link-not-clickable."""

from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...platforms.twitter_text import extract_urls
from ...rule import Example, Rule, RuleStatus, register
from ._shared import spec_of


@register
class LinkNotClickable(Rule):
    """
    What it does:
        Flags a link in the text of a surface that does not make links clickable
        (Instagram and TikTok captions, YouTube titles and Shorts, Google Business posts).
        A bare domain ("cdc.gov") reads as the source's name and is left alone.

    Why it matters:
        Readers cannot follow the link, so a citation or a booking page is effectively
        missing; long URLs also eat the caption.

    Example:
        "Read the CDC guidance at https://www.cdc.gov/flu" as an Instagram caption.

    Use instead:
        Keep the source's name in the text ("CDC guidance"), put the link in the bio or the
        platform's link field, and say "link in bio". The variant adapter does this.

    Fix safety:
        No automatic fix here; `carepost adapt` produces the rewritten variant.

    References:
        - Instagram: links in captions are not clickable (third-party, unverified)
        - shared reference platforms.md §1
    """

    code = "PLT007"
    name = "link-not-clickable"
    category = Category.PLATFORM
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (Example("Flu shot facts: https://www.cdc.gov/flu", {"platform": "instagram"}),)
    good_examples = (
        Example("Flu shot facts: https://www.cdc.gov/flu", {"platform": "x"}),
        Example("Flu shot facts from the CDC (link in bio)", {"platform": "instagram"}),
        Example("Flu shot facts: cdc.gov (link in bio)", {"platform": "instagram"}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or spec.links is None or spec.links.clickable:
            return
        for url in extract_urls(ctx.text):
            if "://" not in url.value and "/" not in url.value:
                continue  # a bare domain reads as the source's name ("cdc.gov")
            yield self.finding(
                f"links in {spec.display} text are not clickable: move {url.value} to the "
                "bio or link field and keep the source's name in the text",
                span=(url.start, url.end),
                explanation=f"{'verified' if spec.links.verified else 'unverified'}; "
                f"source: {spec.links.source}",
                data={"url": url.value, "platform": spec.name},
            )
