from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class CheckIncomplete(Rule):
    """
    What it does:
        Reports that the check stopped before every rule ran, because its time budget was
        spent (the caller's deadline, or ``[options.engine] budget_ms`` in the policy). The
        engine emits it, whatever the rule selection, levels and waivers say; ``data.skipped``
        lists the rules that did not run.

    Why it matters:
        A report with rules missing can look clean while the text names a patient or makes an
        unsupported claim. At level ``error`` it blocks approval until a complete check passes.
        The studio bounds every request's checking time this way, so one huge or slow text
        cannot hold a server worker for minutes.

    Example:
        A 60,000-character post with every platform enabled, checked by the studio with a
        15-second budget on a busy server.

    Use instead:
        Check again when the server is less busy, shorten the text, or write shorter platform
        variants. A waiver cannot cover this finding.

    Fix safety:
        No fix: only a complete check can clear it.

    References:
        - carepost issue 11 (finding 3: unbounded CPU per request)
    """

    code = "STY901"
    name = "check-incomplete"
    category = Category.STYLE
    level = Level.ERROR
    status = RuleStatus.STABLE
    bad_examples = (
        Example(
            "Join our team at the spring health fair on May 3.",
            policy={"options": {"engine": {"budget_ms": 0}}},
        ),
    )
    good_examples = (Example("Join our team at the spring health fair on May 3."),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # emitted by the engine, which knows the time budget
