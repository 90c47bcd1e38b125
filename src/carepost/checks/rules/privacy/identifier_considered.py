from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Category, Finding, Level
from ...privacy import SAFE_HARBOR, analyze
from ...rule import Example, Rule, RuleStatus, register

_SHORT = {
    "date": "date",
    "age": "age",
    "age_over_89": "age over 89",
    "geography": "place",
    "zip": "ZIP code",
    "phone": "phone number",
    "fax": "fax number",
    "email": "e-mail address",
    "url": "link",
    "ip": "IP address",
    "handle": "social handle",
    "unique": "identifying detail",
    "health_plan": "health plan number",
    "mrn": "medical record number",
}


@register
class IdentifierConsidered(Rule):
    """
    What it does:
        Lists, as notes, the identifiers and people the privacy checks found but judged not
        to be a patient's: staff names (by title, credential, policy list or team context),
        the organization's own phone, e-mail, address and website, public figures, people
        marked as hypothetical, and event dates. Each note says which identifier type it is and
        why it was not treated as PHI.

    Why it matters:
        A reviewer signing off a post should see what the checker looked at and on what
        grounds it let a name or number through, so that a wrong call can be caught and a
        staff list or policy corrected.

    Example:
        Welcome Dr. Hannah Boateng to Little Oaks Pediatrics! Call (217) 555-0103 to
        schedule. (notes: staff name by title; the office's contact number)

    Use instead:
        Nothing to change; add staff and public figures to the policy to make the call explicit.

    Fix safety:
        No fix: notes are informational.

    References:
        - 45 CFR 164.514(b)(2)
        - shared reference privacy.md §2 (what is not PHI)
    """

    code = "PHI004"
    name = "identifier-considered"
    category = Category.PRIVACY
    level = Level.NOTE
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "We're excited to welcome Dr. Hannah Boateng, MD, to Little Oaks Pediatrics! Call "
            "(217) 555-0103 to schedule."
        ),
    )
    good_examples = (Example("Flu shots are here! Walk in anytime during pharmacy hours."),)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for item in analyze(ctx).considered:
            letter, _label = SAFE_HARBOR.get(item.kind, ("A", item.kind))
            label = _SHORT.get(item.kind, item.kind.replace("_", " "))
            yield self.finding(
                f"{label} considered, not treated as PHI: {item.reason}",
                span=(item.start, item.end),
                confidence=0.5,
                explanation=item.reason,
                data={"identifier": item.kind, "safe_harbor": letter},
            )
