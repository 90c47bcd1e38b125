from __future__ import annotations

import re
from collections.abc import Iterator

from ...claims import analyze
from ...claims.detect import ClaimsAnalysis
from ...claims.phrases import PhraseHit, lexicon_regex
from ...claims.rulekit import hit_finding
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class OverstatedHealthClaim(Rule):
    """
    What it does:
        Flags absolute or overstated health language: cure, guaranteed, risk-free, no side
        effects, pain-free, permanent results, miracle, instant, "works for everyone", "100%
        success", "won't get sick", and disease-prevention promises or "clinically proven"
        with no credible source. The phrase families live in ``claims/phrases.yaml``.

        Explicit absolutes are flagged even when a source is cited: a sourced claim that is
        then overstated ("...so you are guaranteed never to be readmitted") is still
        overstated. A cure promised for a service (an IV drip, a therapy, a procedure) is an
        error: no disclaimer makes it true. Appeals to proof ("clinically proven") and disease-prevention promises
        are flagged only when the post cites no tier-1/2 source.

    Why it matters:
        Regulators single these words out: FDA warning letters cite "cures", "prevents" and
        "treats all forms of cancer"; the FTC calls "guaranteed" and "100%" claims deceptive
        unless every consumer gets the result, which no treatment delivers.

    Example:
        Our dental implants last a lifetime, with a 100% success rate, guaranteed!

    Use instead:
        Describe typical outcomes with their source and limits: "Most implants last many
        years with good care (ADA)."

    Fix safety:
        Substitution families carry a suggested wording as an `unsafe` fix: it changes what
        the post promises, so a person must confirm it is true.

    References:
        - FTC Health Products Compliance Guidance (2022)
        - FDA warning letters on cancer-cure and COVID claims (claims.md §2 rows 1-32)
        - shared reference claims.md §8 items 1-3
    """

    code = "CLM002"
    name = "overstated-health-claim"
    category = Category.CLAIMS
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example("Our dental implants last a lifetime, with a 100% success rate, guaranteed!"),
        Example("Laser hair removal = permanent results, zero pain, no side effects!"),
        Example(
            "This 3-step routine cures eczema permanently (not medical advice, general info only!)"
        ),
        Example("Walking 10,000 steps a day prevents heart disease."),
        Example("Our IV vitamin drip cures fatigue and boosts immunity 100%!"),
    )
    good_examples = (
        Example(
            "There is no cure for eczema, but a gentle routine can calm flares. Talk to your dermatologist."
        ),
        Example("Guaranteed parking for every appointment at our new Elm Street office!"),
        Example(
            "Per the CDC, vaccination is the best way to prevent measles. General info only, "
            "not medical advice."
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        seen: set[tuple[int, str]] = set()
        # a phrase already reported by an enforcement family (CLM003-CLM011) is not repeated
        enforced = {(h.start, h.end) for h in analysis.hits if h.family.kind == "enforcement"}
        for hit in analysis.hits:
            kind = hit.family.kind
            if kind == "soft-absolute" and analysis.credible:
                continue
            if kind not in ("absolute", "soft-absolute"):
                continue
            if (hit.start, hit.end) in enforced:
                continue
            key = (hit.sentence, hit.family.id)
            if key in seen:
                continue
            seen.add(key)
            if hit.family.id == "cure-language" and _service_cure(analysis, hit):
                yield hit_finding(
                    self,
                    hit,
                    analysis,
                    extra="a cure claim for a service is an error that no disclaimer fixes",
                    level=Level.ERROR,
                )
            else:
                yield hit_finding(self, hit, analysis)


_CURE_RATE = re.compile(r"\s+rates?\b", re.IGNORECASE)


def _service_cure(analysis: ClaimsAnalysis, hit: PhraseHit) -> bool:
    """A cure promised for a clinic or spa service (an IV drip, a therapy, a procedure): not a
    drug with its approval, nor a supplement (CLM003)."""
    if analysis.credible or not 0 <= hit.sentence < len(analysis.sentences):
        return False  # a sourced figure ("cure rates of 99% (ACMS)") is checked by CLM001
    sentence = analysis.sentences[hit.sentence].text
    if _CURE_RATE.match(sentence, hit.end - analysis.sentences[hit.sentence].start):
        return False
    return bool(lexicon_regex("service_terms").search(sentence)) and not lexicon_regex(
        "rx_drug_terms"
    ).search(sentence)
