"""What a rule sees while checking one input: the input, the policy and shared analyses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .model import CheckInput
from .nlp import load_nlp
from .policy import Policy
from .sentences import doc_sentences, split_sentences

__all__ = ["Context"]

T = TypeVar("T")


class Context:
    """One input being checked. Expensive analyses (the spaCy parse, a family's own
    analysis) are computed once and shared between rules through ``memo``."""

    def __init__(self, item: CheckInput, policy: Policy) -> None:
        self.input = item
        self.policy = policy
        self._memo: dict[str, Any] = {}

    @property
    def text(self) -> str:
        return self.input.text

    @property
    def kind(self) -> str:
        return self.input.kind

    @property
    def platform(self) -> str | None:
        return self.input.platform

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    @property
    def doc(self) -> Any:
        """The spaCy ``Doc`` of the text (parsed on first use)."""
        return self.memo("spacy.doc", lambda: load_nlp(self.policy.nlp_model)(self.text))

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans of the text (``carepost.checks.sentences``), shared by every family."""
        return self.memo("sentences", lambda: split_sentences(self.text))

    @property
    def sentence_spans(self) -> list[Any]:
        """The same sentences as spaCy ``Span`` objects of ``doc`` (token-aligned)."""
        return self.memo("spacy.sentences", lambda: doc_sentences(self.doc, self.sentences))

    def parse(self, text: str) -> Any:
        """Parse another text (e.g. ``in_reply_to``) with the same model, memoized."""
        return self.memo(f"spacy.doc:{hash(text)}", lambda: load_nlp(self.policy.nlp_model)(text))
