"""A post's content (what an approval covers), its hash, and its check — computed without
writing.

Checking is slow (seconds for a long text, more with photos and video), and on SQLite a write
transaction locks the whole database. So the services build a ``Draft`` of the content an edit
would produce and check it outside any transaction, then write briefly, guarded by the content
hash the draft was built from (issue 11, finding 2).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from carepost.checks.model import MediaRef
from carepost.studio.errors import ValidationFailed

from .checking import check_text, check_work_validate, claim_refs, consent_refs
from .models import PLATFORMS, Post, PostSource

__all__ = [
    "Draft",
    "DraftMedia",
    "content_hash",
    "draft_check",
    "draft_of",
    "draft_with_links",
    "newlines_normalized",
    "post_content",
    "post_content_hash",
    "reports_with_ids",
]

PLATFORM_KEYS = {p for p, _ in PLATFORMS}


def newlines_normalized(text: str) -> str:
    """``\r\n`` and lone ``\r`` as ``\n``: browsers submit a textarea's line breaks as CRLF but
    count (and the live check sees) LF, so a saved text must not gain a character per line."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class DraftMedia:
    sha256: str
    alt_text: str
    consents: tuple[Any, ...]  # Consent records
    path: str
    id: str  # the PostMedia pk, or a provisional label for a file being added


@dataclass(frozen=True)
class Draft:
    """The content of a post as an edit would leave it (nothing here is saved)."""

    text: str
    variants: Mapping[str, str]
    sources: tuple[str, ...]
    consents: tuple[Any, ...]
    claims: tuple[Any, ...]
    media: tuple[DraftMedia, ...]

    def content(self) -> dict[str, Any]:
        """The content an approval covers: master text, every variant's text, media, sources,
        consent and claim links. Title, pillar and campaign are internal and not covered."""
        return {
            "text": self.text,
            "variants": dict(self.variants),
            "media": [
                {
                    "sha256": m.sha256,
                    "alt_text": m.alt_text,
                    "consents": sorted(c.pk for c in m.consents),
                }
                for m in self.media
            ],
            "sources": list(self.sources),
            "consents": sorted(c.pk for c in self.consents),
            "claims": sorted(c.pk for c in self.claims),
        }

    def hash(self) -> str:
        return content_hash(self.content())

    def check_work(self) -> int:
        """Refuse a draft whose checking would be too much work (422 naming the field); an
        empty variant is checked with the master text, so it counts the master's length."""
        texts = {"text": self.text, **{f"variant_{p}": t for p, t in self.variants.items()}}
        empty = sum(1 for t in self.variants.values() if not t)
        return check_work_validate(texts, extra_chars=empty * len(self.text))


def content_hash(content: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of a post's content (sorted keys, no spaces)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def draft_of(post: Post) -> Draft:
    """The post's content as stored."""
    return Draft(
        text=post.text,
        variants={v.platform: v.text for v in post.variants.all()},
        sources=tuple(s.citation for s in post.sources.all()),
        consents=tuple(post.consents.all()),
        claims=tuple(post.claims.all()),
        media=tuple(
            DraftMedia(
                sha256=m.sha256,
                alt_text=m.alt_text,
                consents=tuple(m.consents.all()),
                path=m.file.path,
                id=str(m.pk),
            )
            for m in post.media.all()
        ),
    )


def post_content(post: Post) -> dict[str, Any]:
    return draft_of(post).content()


def post_content_hash(post: Post) -> str:
    """sha256 of the canonical JSON of ``post_content(post)`` (sorted keys, no spaces)."""
    return content_hash(post_content(post))


def draft_with_links(
    base: Draft,
    *,
    workspace: Any,
    text: str | None = None,
    variants: Mapping[str, str] | None = None,
    sources: Sequence[str] | None = None,
    consent_ids: Iterable[int] | None = None,
    claim_ids: Iterable[int] | None = None,
    media: Sequence[DraftMedia] | None = None,
) -> Draft:
    """``base`` with the given parts replaced, validated the way saving them would be (known
    platforms, sources that fit, consent and claims of this workspace). Reads only."""
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = newlines_normalized(text)
    if variants is not None:
        unknown = set(variants) - PLATFORM_KEYS
        if unknown:
            raise ValidationFailed(
                f"unknown platform(s): {', '.join(sorted(unknown))}", field="variants"
            )
        changes["variants"] = {p: newlines_normalized(t) for p, t in variants.items()}
    if sources is not None:
        kept = tuple(s.strip() for s in sources if s.strip())
        limit = PostSource._meta.get_field("citation").max_length or 500
        if any(len(s) > limit for s in kept):
            raise ValidationFailed(f"a source is longer than {limit} characters", field="sources")
        changes["sources"] = kept
    if consent_ids is not None:
        ids = set(consent_ids)
        found = tuple(workspace.consents.filter(pk__in=ids).order_by("pk"))
        if len(found) != len(ids):
            raise ValidationFailed("a linked consent is not in this workspace", field="consents")
        changes["consents"] = found
    if claim_ids is not None:
        from carepost.studio.claims.selectors import claim_list_for_workspace

        ids = set(claim_ids)
        found = tuple(claim_list_for_workspace(workspace=workspace).filter(pk__in=ids))
        if len(found) != len(ids):
            raise ValidationFailed(
                "a linked claim is not in this workspace's library", field="claims"
            )
        changes["claims"] = found
    if media is not None:
        changes["media"] = tuple(media)
    return dataclasses.replace(base, **changes)


def draft_check(*, workspace: Any, draft: Draft, deadline: float | None) -> dict[str, Any]:
    """Check the master text and every variant: ``{"master": report, "<platform>": ...}``.
    Slow: call it outside any transaction. Report ids are set once the post has a pk
    (``reports_with_ids``)."""
    from carepost.checks.media import describe

    consents = consent_refs(draft.consents)
    claims = claim_refs(draft.claims)
    sources = draft.sources
    media = tuple(
        describe(
            MediaRef(
                path=m.path,
                alt_text=m.alt_text or None,
                consent_ids=tuple(c.reference for c in m.consents),
                id=m.id,
            )
        )
        for m in draft.media
    )

    def run(text: str, platform: str | None) -> dict[str, Any]:
        return check_text(
            workspace=workspace,
            text=text,
            platform=platform,
            consents=consents,
            claims=claims,
            sources=sources,
            media=media,
            deadline=deadline,
        )

    reports = {"master": run(draft.text, None)}
    for platform in sorted(draft.variants):
        reports[platform] = run(draft.variants[platform] or draft.text, platform)
    return reports


def reports_with_ids(reports: Mapping[str, Any], post_pk: int) -> dict[str, Any]:
    """The reports with the ids the post's checks carry (``<pk>``, ``<pk>:<platform>``)."""
    return {
        name: {**report, "id": str(post_pk) if name == "master" else f"{post_pk}:{name}"}
        for name, report in reports.items()
    }
