from __future__ import annotations

from collections.abc import Iterator

from ...claims.rulekit import family_findings
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class UndisclosedMaterialConnection(Rule):
    """
    What it does:
        Flags signs of a material connection (a gifted product, an affiliate or discount code,
        "#partner", "#sp", "thanks to @brand for sending") when the post has no clear
        disclosure such as "#ad", "#sponsored" or "Paid partnership".

    Why it matters:
        The FTC Endorsement Guides (16 CFR 255.5, revised 2023) require a clear and
        conspicuous disclosure of any connection the audience would not expect; ambiguous tags
        like "#sp", "#spon" or "#partner" are not enough. AMA ethics guidance asks physicians to
        disclose paid partnerships and sponsorships.

    Example:
        Loving this new retinol serum from @glowlab! Use my code GLOW20 for 20% off.

    Use instead:
        Put "#ad" or "Paid partnership with @brand" at the start of the post.

    Fix safety:
        No automatic fix: only the author knows the nature of the connection.

    References:
        - 16 CFR 255.5 (material connections) and 255.0(f) (clear and conspicuous)
        - FTC, Disclosures 101 for Social Media Influencers
        - shared reference claims.md §1.2, §2 row 53, §4.2
    """

    code = "CLM011"
    name = "undisclosed-material-connection"
    category = Category.CLAIMS
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Loving this new retinol serum from @glowlab! Use my code GLOW20 for 20% off. #sp"),
        Example("Thanks to @vitaboost for sending these gummies! #gifted"),
    )
    good_examples = (
        Example("#ad Paid partnership with @glowlab. Use my code GLOW20 for 20% off their serum."),
        Example("Our new patient code of conduct is posted in the lobby."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from family_findings(self, ctx, "material-connection")
