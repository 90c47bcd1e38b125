"""Running guideline rules over one text (shared by the STY rules through ``ctx.memo``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from .pack import GuidelineRule, cached_pack, default_pack, evaluate_formula

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["GuidelineHit", "active_rules", "guideline_hits", "text_metrics"]

_STRIP = re.compile(r"https?://\S+|www\.\S+|[#@][\w.]+|[^\w\s.,;:!?'’\-()]")


@dataclass(frozen=True, slots=True)
class GuidelineHit:
    rule: GuidelineRule
    start: int
    end: int
    message: str
    suggestion: str | None = None
    value: float | None = None


def active_rules(ctx: Context) -> tuple[GuidelineRule, ...]:
    rules: list[GuidelineRule] = []
    if ctx.policy.default_guidelines:
        rules.extend(default_pack())
    for path in ctx.policy.guideline_packs:
        rules.extend(cached_pack(path))
    return tuple(rules)


def guideline_hits(ctx: Context) -> list[GuidelineHit]:
    return ctx.memo("guidelines.hits", lambda: _run(ctx))


def _sentences(ctx: Context) -> list[tuple[int, int]]:
    return ctx.sentences


def text_metrics(ctx: Context) -> dict[str, float]:
    """Vale's metric variables, counted on the text without links, handles and emoji."""
    return ctx.memo("guidelines.metrics", lambda: _metrics(ctx))


@cache
def _hyphenator() -> Any:
    # Syllables come from pyphen's bundled hyphenation dictionary, the fallback textstat itself
    # uses: textstat 0.7.13's syllable_count first fetches NLTK's cmudict over the network,
    # which carepost must never do at run time.
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllable_count(word: str) -> int:
    """Syllables of one English word (hyphenation points + 1; at least 1)."""
    low = word.lower().strip("'’-")
    if not low:
        return 0
    return max(1, len(_hyphenator().positions(low)) + 1)


def _metrics(ctx: Context) -> dict[str, float]:
    clean = _STRIP.sub(" ", ctx.text)
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", clean)
    syllables = [syllable_count(w) for w in words]
    sentences = sum(1 for s, e in ctx.sentences if re.search(r"[A-Za-z]", ctx.text[s:e])) or 1
    return {
        "words": float(len(words)),
        "sentences": float(sentences),
        "syllables": float(sum(syllables)),
        "characters": float(sum(len(w) for w in words)),
        "complex_words": float(sum(1 for n in syllables if n >= 3)),
        "polysyllabic_words": float(sum(1 for n in syllables if n >= 3)),
        "long_words": float(sum(1 for w in words if len(w) > 6)),
        "paragraphs": float(max(1, len([p for p in re.split(r"\n\s*\n", ctx.text) if p.strip()]))),
    }


def _excepted(rule: GuidelineRule, matched: str) -> bool:
    if not rule.exceptions:
        return False
    return matched in rule.exceptions or matched.lower() in rule.exceptions


def _case_ok(style: str, text: str) -> bool:
    words: list[str] = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words:
        return True
    if style == "$upper":
        return all(w.isupper() for w in words)
    if style == "$lower":
        return all(w.islower() for w in words)
    if style == "$title":
        small = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "at", "by", "with"}
        return all(w[0].isupper() or w.lower() in small for w in words)
    # $sentence: first word capitalized; later words lower case unless acronyms/proper nouns
    return words[0][0].isupper()


def _run(ctx: Context) -> list[GuidelineHit]:
    text = ctx.text
    hits: list[GuidelineHit] = []
    for rule in active_rules(ctx):
        if rule.type in ("existence", "substitution"):
            assert rule.pattern is not None
            for m in rule.pattern.finditer(text):
                matched = m.group(0)
                if not matched or _excepted(rule, matched):
                    continue
                suggestion = rule.suggestion(matched) if rule.type == "substitution" else None
                message = rule.message
                if rule.type == "substitution" and suggestion is not None:
                    message = message.replace("%s", suggestion, 1).replace("%s", matched, 1)
                else:
                    message = rule.render(matched)
                hits.append(GuidelineHit(rule, m.start(), m.end(), message, suggestion))
        elif rule.type == "occurrence":
            assert rule.pattern is not None
            scopes = _sentences(ctx) if rule.scope == "sentence" else [(0, len(text))]
            for start, end in scopes:
                found = list(rule.pattern.finditer(text, start, end))
                n = len(found)
                if rule.max is not None and n > rule.max:
                    extra = found[rule.max]
                    hits.append(
                        GuidelineHit(
                            rule, extra.start(), found[-1].end(), rule.render(str(n)), value=n
                        )
                    )
                elif rule.min is not None and n < rule.min:
                    hits.append(GuidelineHit(rule, start, end, rule.render(str(n)), value=n))
        elif rule.type == "capitalization":
            scopes = _sentences(ctx) if rule.scope == "sentence" else [(0, len(text))]
            for start, end in scopes:
                chunk = text[start:end].strip()
                if not chunk or _excepted(rule, chunk):
                    continue
                ok = (
                    _case_ok(rule.match, chunk)
                    if rule.match.startswith("$")
                    else bool(re.fullmatch(rule.match, chunk))
                )
                if not ok:
                    lead = len(text[start:end]) - len(text[start:end].lstrip())
                    hits.append(
                        GuidelineHit(
                            rule, start + lead, start + lead + len(chunk), rule.render(chunk[:40])
                        )
                    )
        elif rule.type == "conditional":
            assert rule.pattern is not None and rule.second is not None
            defined = {m.group(1) for m in rule.second.finditer(text)}
            for m in rule.pattern.finditer(text):
                key = m.group(1)
                if key in defined or _excepted(rule, key):
                    continue
                hits.append(GuidelineHit(rule, m.start(1), m.end(1), rule.render(key)))
        elif rule.type == "metric":
            assert rule.formula is not None
            values = text_metrics(ctx)
            if values["words"] < rule.min_words or values["words"] == 0:
                continue
            op, threshold = rule.condition
            if rule.option:
                override: Any = ctx.policy.option("style", rule.option, None)
                if isinstance(override, int | float) and not isinstance(override, bool):
                    threshold = float(override)
            score = evaluate_formula(rule.formula, values)
            from .pack import _OPS

            if _OPS[op](score, threshold):
                hits.append(
                    GuidelineHit(
                        rule,
                        0,
                        len(text),
                        rule.render(f"{score:.1f}").replace("%t", f"{threshold:g}"),
                        value=score,
                    )
                )
    return hits
