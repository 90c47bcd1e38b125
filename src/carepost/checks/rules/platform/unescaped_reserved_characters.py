"""PLT005: unescaped-reserved-characters."""

from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level
from ...platforms.escaping import escape_reserved, unescaped_reserved
from ...rule import Example, Rule, RuleStatus, register
from ._shared import spec_of


@register
class UnescapedReservedCharacters(Rule):
    r"""
    What it does:
        On LinkedIn, flags the reserved characters of the "little text" format
        (`\ | { } @ [ ] ( ) < > # * _ ~`) that are not backslash-escaped. The `#` of a
        hashtag and `@[Name](urn:li:...)` mention templates are left alone.

    Why it matters:
        LinkedIn silently truncates the post at the first unescaped reserved character:
        everything after a "(" can vanish, including the disclaimer and the source.

    Example:
        "Flu shots (free for members) are in. General info, not medical advice."

    Use instead:
        "Flu shots \(free for members\) are in. General info, not medical advice."

        Escape them (`\(`). `carepost adapt --platforms linkedin` and the LinkedIn
        publisher do this; escape them yourself only if you paste the text by hand.

    Fix safety:
        Safe: escaping changes nothing a reader sees.

    References:
        - learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format
        - linkedctl issue #194 (truncation reports)
    """

    code = "PLT005"
    name = "unescaped-reserved-characters"
    category = Category.PLATFORM
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Flu shots (free for members) are in.", {"platform": "linkedin"}),
        Example("Email us at team@example.org", {"platform": "linkedin_org"}),
    )
    good_examples = (
        Example("Flu shots \\(free for members\\) are in. #FluSeason", {"platform": "linkedin"}),
        Example("Flu shots (free for members) are in.", {"platform": "facebook"}),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or spec.reserved is None or spec.reserved.action != "escape":
            return
        positions = unescaped_reserved(ctx.text, spec.reserved.chars)
        if not positions:
            return
        first = positions[0]
        chars = "".join(sorted({ctx.text[i] for i in positions}))
        yield self.finding(
            f"{spec.display} cuts the text at the first unescaped reserved character "
            f"({ctx.text[first]!r} at position {first}); {len(positions)} of them are "
            f"unescaped ({chars}). Everything after it would be lost",
            span=(first, first + 1),
            explanation=f"source: {spec.reserved.source}",
            data={"positions": positions, "platform": spec.name},
            fix=Fix(
                title="Backslash-escape the reserved characters",
                applicability=Applicability.SAFE,
                replacement=escape_reserved(ctx.text, spec.reserved.chars),
            ),
        )
