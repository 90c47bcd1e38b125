"""Run the selected rules over inputs and assemble reports."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from . import platforms
from .context import Context
from .errors import CheckError, InputError, PolicyError
from .model import CheckInput, Finding, Report
from .policy import Policy, Waiver
from .rule import Rule, get_rule, select_rules

__all__ = ["MAX_TEXT_CHARS", "BatchError", "Engine", "check", "check_batch"]

#: Larger texts are refused with an InputError (no social platform takes more than 63,206).
MAX_TEXT_CHARS = 1_000_000

UNUSED_WAIVER_CODE = "STY900"
INCOMPLETE_CHECK_CODE = "STY901"

#: Inputs scored by the model (and parsed by spaCy) together in ``check_many``.
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class BatchError:
    """One batch item that could not be checked, with where and why."""

    index: int
    reason: str
    id: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "line": self.line, "error": self.reason}


class Engine:
    """A policy plus the rules it selects; reuse one engine for many inputs."""

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> None:
        self.policy = policy or Policy()
        sel = tuple(select) or self.policy.select
        ign = (*self.policy.ignore, *ignore)
        self.rules: list[Rule] = [cls() for cls in select_rules(sel, ign)]
        self._codes = {r.code for r in self.rules}
        self._budget_ms = _budget_ms(self.policy)
        from .learned.rulebase import LearnedRule

        self.learned_codes = {r.code for r in self.rules if isinstance(r, LearnedRule)}

    def check(
        self,
        item: CheckInput,
        *,
        deadline: float | None = None,
        prefill: Mapping[str, Any] | None = None,
    ) -> Report:
        """Check one input. ``deadline`` (a ``time.monotonic()`` value) and the policy's
        ``[options.engine] budget_ms`` bound the time: once spent, the remaining rules are
        not run and the report carries an error-level ``STY901`` (check incomplete).
        ``prefill`` holds analyses computed for a whole batch (the model's scores, the spaCy
        parse) under their ``Context.memo`` keys."""
        started = time.perf_counter()
        _validate(item)
        deadline = _earliest(deadline, self._budget_ms)
        platform_count = (
            platforms.count(item.text, item.platform, self.policy) if item.platform else None
        )
        ctx = Context(item, self.policy)
        ctx.memo("platform.count", lambda: platform_count)
        for key, value in (prefill or {}).items():
            ctx.memo(key, _constant(value))
        findings: list[Finding] = []
        skipped: list[Rule] = []
        for index, rule in enumerate(self.rules):
            if deadline is not None and time.monotonic() >= deadline:
                skipped = self.rules[index:]
                break
            try:
                findings.extend(rule.check(ctx))
            except CheckError:
                raise
            except Exception as exc:  # a rule bug must name the rule, never the text
                raise CheckError(
                    f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}"
                ) from exc
        findings = [self._leveled(f) for f in findings]
        if self.learned_codes:
            from .learned.fusion import fuse

            findings = fuse(ctx, findings, self.learned_codes)
        kept, waived = self._apply_waivers(item.text, findings)
        if skipped:  # after levels and waivers: an incomplete check is never downgraded
            kept.append(_incomplete(skipped, len(self.rules), self._budget_ms))
        kept.sort(key=lambda f: (f.span.start if f.span else -1, -f.level.rank, f.code))
        return Report(
            findings=tuple(kept),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            id=item.id,
            platform=platform_count,
            waived=tuple(waived),
        )

    def check_many(self, items: Iterable[CheckInput]) -> Iterator[Report | BatchError]:
        """Check each input; an input that cannot be checked yields a ``BatchError``.

        Inputs go in batches of ``BATCH_SIZE``: the model scores the batch before the rules
        run and spaCy parses it with ``nlp.pipe``."""
        iterator = iter(items)
        index = 0
        while chunk := list(islice(iterator, BATCH_SIZE)):
            prefills = self.prefill(chunk)
            for item, prefill in zip(chunk, prefills, strict=True):
                try:
                    yield self.check(item, prefill=prefill)
                except CheckError as exc:
                    yield BatchError(index=index, reason=str(exc), id=item.id)
                index += 1

    def prefill(self, items: Sequence[CheckInput]) -> list[dict[str, Any]]:
        """Batch analyses for ``items``, one ``prefill`` mapping per input (``check``).
        Inputs that cannot be checked get an empty mapping (``check`` reports them)."""
        out: list[dict[str, Any]] = [{} for _ in items]
        ok = [i for i, item in enumerate(items) if _checkable(item)]
        if not ok:
            return out
        from .nlp import load_nlp

        nlp = load_nlp(self.policy.nlp_model)
        for i, doc in zip(ok, nlp.pipe([items[i].text for i in ok], batch_size=32), strict=True):
            out[i]["spacy.doc"] = doc
        if self.learned_codes:
            from .learned.scoring import SCORES_KEY, batch_scores

            scored = batch_scores(self.policy, [items[i] for i in ok])
            for i, probs in zip(ok, scored, strict=True):
                out[i][SCORES_KEY] = probs
        return out

    # -- internals -------------------------------------------------------------
    def _leveled(self, finding: Finding) -> Finding:
        level = self.policy.levels.get(finding.code)
        if level is None or level is finding.level:
            return finding
        return dataclasses.replace(finding, level=level)

    def _apply_waivers(
        self, text: str, findings: list[Finding]
    ) -> tuple[list[Finding], list[tuple[Finding, str]]]:
        if not self.policy.waivers:
            return findings, []
        used: set[int] = set()
        kept: list[Finding] = []
        waived: list[tuple[Finding, str]] = []
        for f in findings:
            waiver_index = _waiver_for(f, text, self.policy.waivers)
            if waiver_index is None:
                kept.append(f)
                continue
            used.add(waiver_index)
            w = self.policy.waivers[waiver_index]
            waived.append((f, f"{w.reason} (approved by {w.approved_by})"))
        if UNUSED_WAIVER_CODE in self._codes:
            rule = get_rule(UNUSED_WAIVER_CODE)()
            for i, w in enumerate(self.policy.waivers):
                if i not in used and w.code in self._codes:
                    kept.append(
                        rule.finding(
                            f"waiver for {w.code} suppresses nothing in this text; remove it "
                            "or narrow its 'match'",
                            explanation=f"waiver #{i + 1}: {w.reason} (approved by {w.approved_by})",
                            data={"waiver": i + 1, "waived_code": w.code},
                        )
                    )
        return kept, waived


def _budget_ms(policy: Policy) -> float | None:
    value = policy.option("engine", "budget_ms")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise PolicyError(
            f"options.engine.budget_ms must be a number of milliseconds >= 0, not {value!r}"
        )
    return float(value)


def _earliest(deadline: float | None, budget_ms: float | None) -> float | None:
    if budget_ms is None:
        return deadline
    own = time.monotonic() + budget_ms / 1000
    return own if deadline is None else min(deadline, own)


def _incomplete(skipped: Sequence[Rule], total: int, budget_ms: float | None) -> Finding:
    rule = get_rule(INCOMPLETE_CHECK_CODE)()
    return rule.finding(
        f"the check ran out of time: {len(skipped)} of {total} rules did not run, so this "
        "report is incomplete; check again (a shorter text checks faster)",
        explanation="time budget spent"
        + (f" (options.engine.budget_ms = {budget_ms:g})" if budget_ms is not None else ""),
        data={"skipped": [r.code for r in skipped], "rules": total},
    )


def _waiver_for(finding: Finding, text: str, waivers: Sequence[Waiver]) -> int | None:
    for i, w in enumerate(waivers):
        if w.code != finding.code:
            continue
        if w.match is not None:
            covered = text[finding.span.start : finding.span.end] if finding.span else text
            if w.match.lower() not in covered.lower():
                continue
        return i
    return None


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _checkable(item: CheckInput) -> bool:
    try:
        _validate(item)
    except CheckError:
        return False
    return bool(item.text.strip())


def _validate(item: CheckInput) -> None:
    if not item.text.strip() and not item.media:
        # A photo-only post (media, no caption) is checked; nothing at all is a mistake.
        raise InputError("the text is empty and no media is attached (nothing to check)")
    if len(item.text) > MAX_TEXT_CHARS:
        raise InputError(
            f"the text has {len(item.text):,} characters; the checker takes at most "
            f"{MAX_TEXT_CHARS:,} (no platform accepts more than 63,206)"
        )
    if "\x00" in item.text:
        raise InputError("the text contains a NUL byte; is this a binary file?")
    if item.platform:
        platforms.get_spec(item.platform)


_default_engine: Engine | None = None


def _engine_for(policy: Policy | None) -> Engine:
    global _default_engine
    if policy is not None:
        return Engine(policy)
    if _default_engine is None:
        _default_engine = Engine()
    return _default_engine


def check(
    text: str,
    *,
    kind: str = "post",
    platform: str | None = None,
    in_reply_to: str | None = None,
    policy: Policy | None = None,
    **fields: object,
) -> Report:
    """Check one text. ``fields`` are the other ``CheckInput`` fields (media, consents...)."""
    item = CheckInput(text=text, kind=kind, platform=platform, in_reply_to=in_reply_to, **fields)  # type: ignore[arg-type]
    return _engine_for(policy).check(item)


def check_batch(
    items: Iterable[CheckInput], *, policy: Policy | None = None
) -> Iterator[Report | BatchError]:
    """Check many inputs with one engine (models load once)."""
    return Engine(policy).check_many(items)
