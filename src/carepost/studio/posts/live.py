"""The composer's live check: what one request of the check panel asks, and its answer.

The view only parses the form into a ``LiveRequest`` and renders the ``LiveResult``; checking
goes through ``.checking`` (the one check path), fixes through ``.panel.apply_fix`` and the
platform adapter through ``carepost.checks.variants``. An empty text is a validation message,
never a 500 and never the findings of an earlier text. ``seq`` is the browser's request number,
echoed so that an answer arriving late never replaces a newer one (``static/carepost/composer.js``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from carepost.checks.variants import adapt
from carepost.studio.workspaces.selectors import Access

from .checking import check_session
from .content import newlines_normalized
from .models import PLATFORMS
from .panel import PanelText, apply_fix, panels_build

__all__ = ["EMPTY_MESSAGE", "LiveRequest", "LiveResult", "live_check_run"]

EMPTY_MESSAGE = "Write the post's text (or a platform's variant) to check it."
_LABELS = dict(PLATFORMS)


@dataclass(frozen=True)
class LiveRequest:
    text: str
    variants: Mapping[str, str]  # each enabled platform → its text ("" = the master text)
    consent_ids: Sequence[int] = ()
    claim_ids: Sequence[int] = ()
    sources: Sequence[str] = ()
    adapt: bool = False  # write each enabled platform's variant from the master text
    apply_field: str | None = None  # apply a finding's fix to this field …
    apply_index: int | None = None  # … the finding at this index of its report
    seq: int | None = None


@dataclass(frozen=True)
class LiveResult:
    panels: list[dict[str, Any]]
    replaced: dict[str, str] = field(default_factory=dict)  # field → its new text (fix, adapt)
    message: str = ""  # a validation message instead of panels
    seq: int | None = None


def live_check_run(*, access: Access, request: LiveRequest) -> LiveResult:
    """Check the master text and each enabled variant (after applying a fix or adapting, when
    asked). Refuses too much work (422) and too many checks (429) before anything runs."""
    text = newlines_normalized(request.text)  # what saving will store (and count)
    variants = {p: newlines_normalized(t) for p, t in request.variants.items()}
    if not text.strip() and not any(t.strip() for t in variants.values()):
        return LiveResult(panels=[], message=EMPTY_MESSAGE, seq=request.seq)
    adapting = request.adapt and bool(variants) and bool(text.strip())
    applying = request.apply_field is not None and request.apply_index is not None
    session = check_session(
        access=access,
        text=text,
        variants=variants,
        consent_ids=request.consent_ids,
        claim_ids=request.claim_ids,
        sources=request.sources,
        adapt=adapting,
        apply_field=request.apply_field if applying else None,
    )
    replaced: dict[str, str] = {}
    if applying and request.apply_field is not None and request.apply_index is not None:
        target = request.apply_field
        platform = target.removeprefix("variant_") if target != "text" else None
        body = text if platform is None else variants.get(platform, "")
        if body.strip():
            findings = session.run(body, platform)["findings"]
            if 0 <= request.apply_index < len(findings):
                replaced[target] = apply_fix(body, findings[request.apply_index])
                if platform is None:
                    text = replaced[target]
                else:
                    variants[platform] = replaced[target]
    notes: dict[str, tuple[str, ...]] = {}
    if adapting:
        result = adapt(text, list(variants), engine=session.engine(), consents=session.consents)
        for variant in result.variants:
            replaced[f"variant_{variant.platform}"] = variants[variant.platform] = variant.text
            notes[variant.platform] = (*variant.notes, *variant.problems)
    texts = []
    if text.strip():
        texts.append(PanelText("text", "Master text", text, session.run(text)))
    for platform in (p for p, _ in PLATFORMS if p in variants):
        body = variants[platform] or text
        if body.strip():
            report = session.run(body, platform)
            texts.append(
                PanelText(
                    f"variant_{platform}",
                    _LABELS[platform],
                    body,
                    report,
                    notes.get(platform, ()),
                )
            )
    return LiveResult(panels=panels_build(texts), replaced=replaced, seq=request.seq)
