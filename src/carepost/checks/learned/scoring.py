"""What the learned rules read: the model's probabilities for one input, per text and per sentence.

The engine fills ``ctx`` with a whole batch's text-level scores at once (``prefill``); a single
check computes them on first use. Per-sentence probabilities are computed only for a text that a
learned rule is about to flag, to name the sentence that carries the signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .runtime import DEFAULT_MODEL_DIR, LearnedModel, load_model
from .thresholds import Thresholds, load_thresholds

if TYPE_CHECKING:
    from ..context import Context
    from ..model import CheckInput
    from ..policy import Policy

__all__ = [
    "SCORES_KEY",
    "SentenceScore",
    "model_for",
    "sentence_scores",
    "text_scores",
    "thresholds_for",
]

SCORES_KEY = "learned.scores"
_SENTENCES_KEY = "learned.sentences"
_THRESHOLDS: dict[Path, Thresholds] = {}
_MIN_WORDS: dict[Path, int] = {}


@dataclass(frozen=True, slots=True)
class SentenceScore:
    start: int
    end: int
    probs: dict[str, float]


def _model_dir(policy: Policy) -> Path:
    raw = policy.option("model", "path")
    if raw:
        base = Path(policy.source).parent if policy.source else Path.cwd()
        return (base / str(raw)).resolve()
    return DEFAULT_MODEL_DIR


def model_for(policy: Policy) -> LearnedModel:
    """The policy's model (``[options.model] path``, default the packaged one), loaded once."""
    return load_model(_model_dir(policy))


def thresholds_for(policy: Policy) -> Thresholds:
    """``thresholds.yaml`` next to the policy's model, validated once per process."""
    path = _model_dir(policy) / "thresholds.yaml"
    found = _THRESHOLDS.get(path)
    if found is None:
        found = load_thresholds(path)
        _THRESHOLDS[path] = found
    return found


def _parent(item: CheckInput) -> str | None:
    return item.in_reply_to if item.kind == "reply" and item.in_reply_to else None


def min_words(policy: Policy) -> int:
    """The model's ``min_words`` (model.json), read without loading the model."""
    directory = _model_dir(policy)
    found = _MIN_WORDS.get(directory)
    if found is None:
        import json

        try:
            manifest = json.loads((directory / "model.json").read_text(encoding="utf-8"))
            found = int(manifest.get("min_words", 6))
        except (OSError, ValueError, TypeError, AttributeError):
            found = 0  # unreadable: let the model load and say why
        _MIN_WORDS[directory] = found
    return found


def batch_scores(policy: Policy, items: Sequence[CheckInput]) -> list[dict[str, float]]:
    """Text-level probabilities for many inputs in one batched model call. The model is not
    even loaded when every text is too short for it to judge."""
    floor = min_words(policy)
    if all(len(i.text.split()) < floor for i in items):
        return [{} for _ in items]
    model = model_for(policy)
    scored = model.score([i.text for i in items], [_parent(i) for i in items])
    return [s.probs for s in scored]


def text_scores(ctx: Context) -> dict[str, float]:
    """Per-head probability for the whole input (prefilled by the engine in batch mode)."""

    def compute() -> dict[str, float]:
        if not ctx.text.strip():
            return {}
        return batch_scores(ctx.policy, [ctx.input])[0]

    scores: dict[str, float] = ctx.memo(SCORES_KEY, compute)
    return scores


def sentence_scores(ctx: Context) -> list[SentenceScore]:
    """Per-head probability of each sentence of the text (with the reply's parent)."""

    def compute() -> list[SentenceScore]:
        from ..sentences import split_sentences

        spans = [(s, e) for s, e in split_sentences(ctx.text) if ctx.text[s:e].strip()]
        if not spans:
            return []
        if len(spans) == 1:
            s, e = spans[0]
            return [SentenceScore(s, e, dict(text_scores(ctx)))]
        model = model_for(ctx.policy)
        parent = _parent(ctx.input)
        # sentences only rank each other here (which one carries the signal): all are scored
        scored = model.score(
            [ctx.text[s:e] for s, e in spans], [parent] * len(spans), judge_all=True
        )
        return [SentenceScore(s, e, x.probs) for (s, e), x in zip(spans, scored, strict=True)]

    found: list[SentenceScore] = ctx.memo(_SENTENCES_KEY, compute)
    return found


def describe(probs: dict[str, Any]) -> str:
    return ", ".join(f"{k} {float(v):.2f}" for k, v in probs.items())
