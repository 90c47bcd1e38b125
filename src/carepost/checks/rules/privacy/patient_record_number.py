from __future__ import annotations

from collections.abc import Iterator

from ...context import Context
from ...model import Applicability, Category, Finding, Fix, Level, Span
from ...privacy import analyze
from ...rule import Example, Rule, RuleStatus, register


@register
class PatientRecordNumber(Rule):
    """
    What it does:
        Flags numbers that identify a patient record by their nature: social security numbers
        (SSA area/group/serial rules), medical record numbers, health-plan beneficiary and
        member numbers (incl. the Medicare MBI format) and account or claim numbers (incl.
        card-length numbers that pass the Luhn check). In a text labelled as synthetic or
        illustrative data they are listed by PHI004 as notes instead.

    Why it matters:
        These are Safe Harbor identifiers G–J. An organization never needs to publish one, so
        any of them in a post or reply is a disclosure or a mistake (a screenshot transcribed,
        a pasted chart note), whoever it belongs to.

    Example:
        Reminder for our billing team: patient MRN 00482913 still owes a copay.

    Use instead:
        Remove the number; handle records and billing through private channels.

    Fix safety:
        Display-only: the suggested replacement masks the number; a person must confirm.

    References:
        - 45 CFR 164.514(b)(2)(i)(G)–(J)
        - SSA: SSN randomization (area 000, 666 and 900–999 never issued)
        - CMS: Medicare Beneficiary Identifier format
    """

    code = "PHI003"
    name = "patient-record-number"
    category = Category.PRIVACY
    level = Level.ERROR
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Reminder for billing: MRN: 00482913 still owes a copay."),
        Example("Please update the chart, SSN 123-45-6789."),
        Example("Member ID: XJH4829301 was denied again."),
    )
    good_examples = (
        Example("Call us at (505) 555-0177 with questions about your account."),
        Example("Demo data for the training video (synthetic): MRN 00482913, flu shot."),
        Example("The example SSN 000-12-3456 is never issued, so it is safe for training slides."),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        if analysis.hypothetical:
            return  # labelled synthetic/illustrative: PHI004 lists the numbers as notes
        for ident in analysis.record_identifiers:
            yield self.finding(
                f"{ident.label} (Safe Harbor {ident.letter}) in the text",
                span=(ident.start, ident.end),
                confidence=ident.confidence,
                explanation=ident.signal,
                data={"identifier": ident.kind, "safe_harbor": ident.letter},
                fix=Fix(
                    title="Remove the number",
                    applicability=Applicability.DISPLAY_ONLY,
                    replacement="[removed]",
                    span=Span(ident.start, ident.end),
                ),
            )
