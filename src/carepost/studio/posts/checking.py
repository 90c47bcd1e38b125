"""Adapting a Post into the checker's plain input (``carepost.checks.CheckInput``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from carepost.checks import Engine, Policy
from carepost.checks.model import ApprovedClaim, CheckInput, ConsentRef, MediaRef
from carepost.studio.workspaces.models import Workspace

__all__ = [
    "check_text",
    "claim_refs",
    "consent_refs",
    "engine_for",
    "workspace_policy",
]


@lru_cache(maxsize=64)
def _policy_from_toml(toml: str, slug: str) -> Policy:
    return Policy.from_toml(toml, path=f"workspace:{slug}") if toml else Policy()


def workspace_policy(*, workspace: Workspace) -> Policy:
    return _policy_from_toml(workspace.policy_toml, workspace.slug)


@lru_cache(maxsize=64)
def _engine(toml: str, slug: str) -> Engine:
    return Engine(_policy_from_toml(toml, slug))


def engine_for(*, workspace: Workspace) -> Engine:
    return _engine(workspace.policy_toml, workspace.slug)


def consent_refs(consents: Iterable[Any]) -> tuple[ConsentRef, ...]:
    today = date.today()
    out = []
    for c in consents:
        expired = c.expires_on is not None and c.expires_on < today
        out.append(
            ConsentRef(
                id=c.reference,
                person=c.person_name,
                aliases=tuple(c.aliases or ()),
                media=tuple(str(m.pk) for m in c.media.all()) if c.pk else (),
                platforms=tuple(c.scope_platforms or ()),
                expires=c.expires_on.isoformat() if c.expires_on else None,
                revoked=c.status == "revoked" or expired or c.status == "expired",
            )
        )
    return tuple(out)


def claim_refs(claims: Iterable[Any]) -> tuple[ApprovedClaim, ...]:
    return tuple(
        ApprovedClaim(id=f"K-{c.pk}", text=c.text, references=tuple(c.references or ()))
        for c in claims
        if c.status == "active"
    )


def check_text(
    *,
    workspace: Workspace,
    text: str,
    platform: str | None = None,
    consents: tuple[ConsentRef, ...] = (),
    claims: tuple[ApprovedClaim, ...] = (),
    sources: tuple[str, ...] = (),
    media: tuple[MediaRef, ...] = (),
    item_id: str | None = None,
) -> dict[str, Any]:
    """Check one text; returns the report as JSON-ready dict."""
    item = CheckInput(
        text=text,
        platform=platform,
        consents=consents,
        approved_claims=claims,
        sources=sources,
        media=media,
        id=item_id,
    )
    return engine_for(workspace=workspace).check(item).to_dict()
