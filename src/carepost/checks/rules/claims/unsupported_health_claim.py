from __future__ import annotations

from collections.abc import Iterator

from ...claims import analyze
from ...context import Context
from ...model import Category, Finding, Level
from ...rule import Example, Rule, RuleStatus, register


@register
class UnsupportedHealthClaim(Rule):
    """
    What it does:
        Finds sentences that claim a health effect and flags those with no credible source in
        the post and no match in the workspace's approved claims library.

        A claim sentence has an effect predicate (lowers, treats, boosts, reverses, eases,
        "helps ... sleep", "adds years to your life" ...) sharing its clause with a health
        object (a condition, symptom or outcome), or states a result (pounds lost, "37%
        faster", "results last 12 months", a before/after). The check works on spaCy lemmas
        and the dependency parse, so paraphrases match and negations ("there is no cure"),
        questions and myth-busting lines do not. A credible source is a tier-1/2 citation
        (DOI, PMID, PMCID, a government or journal link, or an attributed authority such as
        "according to the CDC" or "(Smith et al., JAMA 2021)"); "studies show" is not one.
        A close paraphrase of an approved claim (content-lemma coverage >= 0.75 with equal
        numbers, polarity and effect sense) also counts as supported.

    Why it matters:
        The FTC requires competent and reliable scientific evidence for every objective health
        claim before it is made, and reads implied claims by their net impression; state
        boards hold clinicians to the same standard online.

    Example:
        A daily handful of walnuts lowers LDL cholesterol by 15 points.

    Use instead:
        Cite the evidence in the post ("In a 2023 meta-analysis in JAMA, ...", a DOI or an
        agency link), soften to what the evidence shows, or use an approved claim from the
        library.

    Fix safety:
        No automatic fix: only a person can pick the right source or wording.

    References:
        - FTC Health Products Compliance Guidance (2022): substantiation
        - 16 CFR 255.2 (consumer endorsements are not scientific evidence)
        - shared reference claims.md §1.1, §3
    """

    code = "CLM001"
    name = "unsupported-health-claim"
    category = Category.CLAIMS
    level = Level.WARNING
    status = RuleStatus.PREVIEW
    bad_examples = (
        Example(
            "A daily handful of walnuts lowers LDL cholesterol by 15 points. Add them to your breakfast!"
        ),
        Example("Cold showers reset your nervous system and reduce depression symptoms."),
        Example("Restwell headband users fall asleep 37% faster. See how it works in this video."),
    )
    good_examples = (
        Example(
            "According to the CDC, two doses of MMR vaccine are about 97% effective at "
            "preventing measles. General information only, not medical advice."
        ),
        Example("There is no cure for the common cold, but rest and fluids help you feel better."),
        Example("Does green tea lower blood pressure? Our dietitian answers on Thursday."),
        Example(
            "Walnuts lower LDL cholesterol.",
            {
                "approved_claims": [
                    {
                        "id": "AC-1",
                        "text": "Eating walnuts can lower LDL cholesterol.",
                        "references": ["doi:10.1093/ajcn/nqab153"],
                    }
                ]
            },
        ),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        analysis = analyze(ctx)
        flagged_sentences = {
            h.sentence
            for h in analysis.hits
            if (
                h.family.kind in ("absolute", "enforcement", "typicality")
                and h.family.family != "fair-balance"
            )
            or (h.family.kind in ("soft-absolute", "unnamed-source") and not analysis.credible)
        }
        for claim in analysis.claims:
            if analysis.claim_supported(claim) or claim.sentence in flagged_sentences:
                continue
            unnamed = [
                h.text
                for h in analysis.hits_of(kind="unnamed-source")
                if h.sentence == claim.sentence
            ]
            why = "no credible source in the post and no matching approved claim"
            if analysis.credible and (claim.own_service or claim.procedure_subject):
                why = "the cited source does not cover a claim about the practice's own service"
            if unnamed:
                why += f"; {unnamed[0]!r} names no source"
            yield self.finding(
                f"unsupported health claim: {why}",
                span=(claim.trigger_start, claim.trigger_end),
                confidence=min(0.95, 0.6 + 0.1 * len(claim.signals)),
                explanation="; ".join(claim.signals)
                + (" (testimonial)" if claim.testimonial else "")
                + (" (about the practice's own service)" if claim.own_service else ""),
                data={
                    "sentence": claim.text.strip(),
                    "trigger": claim.trigger,
                    "health_terms": list(claim.health_terms),
                    "citations": [c.to_dict() for c in analysis.citations],
                },
            )
