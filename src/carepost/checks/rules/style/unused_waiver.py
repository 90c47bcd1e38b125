from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class UnusedWaiver(Rule):
    """
    What it does:
        Reports a waiver in the policy that suppressed no finding in the checked text. The
        engine emits it after all other rules ran.

    Why it matters:
        A waiver is a recorded exception approved by a named person. One that no longer
        matches anything is stale, and a stale waiver can silently cover a future finding
        that nobody approved.

    Example:
        A waiver for CLM002 with ``match = "reduces the risk"`` on a text that no longer
        contains that claim.

    Use instead:
        Remove the waiver, or narrow its ``match`` to the text it was approved for.

    Fix safety:
        No fix: changing the policy is a decision for the person who approved the waiver.

    References:
        - Ruff RUF100 (unused-noqa), the model for this rule
    """

    code = "STY900"
    name = "unused-waiver"
    category = Category.STYLE
    level = Level.NOTE
    status = RuleStatus.STABLE
    bad_examples = (
        Example(
            "Join our team at the spring health fair on May 3.",
            policy={
                "waivers": [
                    {"code": "PLT001", "reason": "tested", "approved_by": "a.lee", "match": "x"}
                ]
            },
        ),
    )
    good_examples = (Example("Join our team at the spring health fair on May 3."),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # emitted by the engine, which sees every waiver's use
