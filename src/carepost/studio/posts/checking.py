"""The studio's one check path: turning posts and composer input into the checker's plain input
(``carepost.checks.CheckInput``), and the bounds on every request's checking work.

Bounds (issue 11, finding 3), all settings:

* ``CAREPOST_MAX_TEXT_CHARS`` (65,536): any one text (master, variant, reply). No platform takes
  more than 63,206 characters.
* ``CAREPOST_MAX_CHECK_CHARS`` (262,144): all the texts one request checks together (the master
  and every platform variant; an empty variant is checked with the master text).
* ``CAREPOST_CHECK_BUDGET_SECONDS`` (15): the engine's time budget per request; rules left
  unrun make the report incomplete (``STY901``, error level: it blocks approval).
* ``CAREPOST_CHECK_RATE_PER_MINUTE`` (120) checks and ``CAREPOST_CHECK_CHARS_PER_MINUTE``
  (1,000,000) characters per user and minute, counted in Django's cache (shared by workers when
  the cache is).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache

from carepost.checks import Engine, Policy
from carepost.checks.model import ApprovedClaim, CheckInput, ConsentRef, MediaRef
from carepost.studio.errors import RateLimited, Unprocessable
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import Access

__all__ = [
    "INCOMPLETE_CODE",
    "CheckSession",
    "check_deadline",
    "check_item",
    "check_rate_limit",
    "check_session",
    "check_text",
    "check_work_validate",
    "claim_refs",
    "consent_refs",
    "consent_refs_for_check",
    "engine_for",
    "report_incomplete",
    "workspace_policy",
]

INCOMPLETE_CODE = "STY901"


@lru_cache(maxsize=64)
def _policy_from_toml(toml: str, slug: str) -> Policy:
    return Policy.from_toml(toml, path=f"workspace:{slug}") if toml else Policy()


def workspace_policy(*, workspace: Workspace) -> Policy:
    return _policy_from_toml(workspace.policy_toml, workspace.slug)


@lru_cache(maxsize=64)
def _engine(toml: str, slug: str) -> Engine:
    return Engine(_policy_from_toml(toml, slug))


def engine_for(*, workspace: Workspace | None) -> Engine:
    """The workspace's engine (its policy), or the default policy's for ``None``; built once
    per policy and process."""
    if workspace is None:
        return _engine("", "")
    return _engine(workspace.policy_toml, workspace.slug)


def check_item(
    *, workspace: Workspace | None, item: CheckInput, deadline: float | None = None
) -> dict[str, Any]:
    """The one check path: the composer's live check, the saved check and the REST API (posts
    and replies) all end here. Returns the report as a JSON-ready dict."""
    return engine_for(workspace=workspace).check(item, deadline=deadline).to_dict()


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


def consent_refs_for_check(*, access: Access, consent_ids: Iterable[int]) -> tuple[ConsentRef, ...]:
    """The consents a live check may apply: records of this workspace, and only for a member
    who may link consent to posts (``Cap.LINK_CONSENT``). For anyone else the ids are ignored:
    the findings are exactly those of the text without them, so the answer reveals neither
    whether an id exists nor whose consent it is (issue 11, finding 7)."""
    from carepost.studio.consent.models import Consent

    ids = set(consent_ids)
    if not ids or not access.can(Cap.LINK_CONSENT):
        return ()
    return consent_refs(
        Consent.objects.filter(workspace=access.workspace, pk__in=ids).prefetch_related("media")
    )


def claim_refs(claims: Iterable[Any]) -> tuple[ApprovedClaim, ...]:
    return tuple(
        ApprovedClaim(id=f"K-{c.pk}", text=c.text, references=tuple(c.references or ()))
        for c in claims
        if c.status == "active"
    )


# --- bounds on the work of one request ----------------------------------------------------------


def check_work_validate(texts: Mapping[str, str], *, extra_chars: int = 0) -> int:
    """Refuse (422, naming the field and the limit) a text over ``CAREPOST_MAX_TEXT_CHARS``,
    and a request whose texts together (plus ``extra_chars`` of other checking work, such as
    adapting the master text to each platform) exceed ``CAREPOST_MAX_CHECK_CHARS``. Returns
    the number of characters the request will check."""
    limit = settings.CAREPOST_MAX_TEXT_CHARS
    for field, text in texts.items():
        if len(text) > limit:
            raise Unprocessable(
                f"{_label(field)} has {len(text):,} characters; the limit is {limit:,}",
                code="text_too_long",
                field=field,
            )
    total = sum(len(t) for t in texts.values()) + extra_chars
    budget = settings.CAREPOST_MAX_CHECK_CHARS
    if total > budget:
        raise Unprocessable(
            f"too much text to check at once: {total:,} characters across {len(texts)} texts "
            f"(the limit is {budget:,}); write shorter platform variants or enable fewer "
            "platforms",
            code="check_too_large",
            field=next(iter(texts), None),
        )
    return total


def _label(field: str) -> str:
    if field == "text":
        return "the text"
    if field.startswith("variant_"):
        return f"the {field.removeprefix('variant_')} variant"
    return field.replace("_", " ")


def check_deadline() -> float:
    """The ``time.monotonic()`` deadline of a check starting now (the request's budget)."""
    return time.monotonic() + float(settings.CAREPOST_CHECK_BUDGET_SECONDS)


def check_rate_limit(*, user: Any, chars: int) -> None:
    """Count one check request of ``chars`` characters for ``user``; RateLimited (429) over
    ``CAREPOST_CHECK_RATE_PER_MINUTE`` requests or ``CAREPOST_CHECK_CHARS_PER_MINUTE``
    characters in the current minute."""
    now = int(time.time())
    key = f"carepost:check-rate:{user.pk}:{now // 60}"
    requests = _bump(f"{key}:n", 1)
    checked = _bump(f"{key}:c", max(0, chars))
    max_requests = settings.CAREPOST_CHECK_RATE_PER_MINUTE
    max_chars = settings.CAREPOST_CHECK_CHARS_PER_MINUTE
    if requests > max_requests or checked > max_chars:
        raise RateLimited(
            f"too many checks: at most {max_requests} checks and {max_chars:,} characters a "
            f"minute; try again in {60 - now % 60} s"
        )


def _bump(key: str, amount: int) -> int:
    cache.add(key, 0, timeout=120)
    try:
        return int(cache.incr(key, amount))
    except ValueError:  # expired between add and incr
        cache.set(key, amount, timeout=120)
        return amount


def report_incomplete(report: Mapping[str, Any] | None) -> bool:
    """Whether a stored report is from a check that ran out of time."""
    return any(f.get("code") == INCOMPLETE_CODE for f in (report or {}).get("findings", ()))


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
    deadline: float | None = None,
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
    return check_item(workspace=workspace, item=item, deadline=deadline)


@dataclass(frozen=True)
class CheckSession:
    """What one composer request may check: the workspace's engine, the consents and claims
    the member may apply, and the request's deadline."""

    workspace: Workspace
    consents: tuple[ConsentRef, ...]
    claims: tuple[ApprovedClaim, ...]
    sources: tuple[str, ...]
    deadline: float

    def run(self, text: str, platform: str | None = None) -> dict[str, Any]:
        return check_text(
            workspace=self.workspace,
            text=text,
            platform=platform,
            consents=self.consents,
            claims=self.claims,
            sources=self.sources,
            deadline=self.deadline,
        )

    def engine(self) -> Engine:
        return engine_for(workspace=self.workspace)


def check_session(
    *,
    access: Access,
    text: str,
    variants: Mapping[str, str],
    consent_ids: Iterable[int] = (),
    claim_ids: Iterable[int] = (),
    sources: Iterable[str] = (),
    adapt: bool = False,
    apply_field: str | None = None,
) -> CheckSession:
    """Admit one live check (the composer's panel): ``variants`` maps each enabled platform to
    its text ("" = checked with the master text). Refuses too much work (422) and too many
    checks (429) before anything runs; applies consents only for members who may."""
    from carepost.studio.claims.selectors import claim_list_for_workspace

    access.require(Cap.VIEW)
    texts = {"text": text, **{f"variant_{p}": t for p, t in variants.items()}}
    extra = len(text) * sum(1 for t in variants.values() if not t)  # empty: the master text
    if adapt:
        extra += len(text) * len(variants)  # the adapter checks each platform's variant
    if apply_field is not None:
        extra += len(texts.get(apply_field) or text)
    chars = check_work_validate(texts, extra_chars=extra)
    check_rate_limit(user=access.user, chars=chars)
    claims = claim_refs(
        claim_list_for_workspace(workspace=access.workspace).filter(pk__in=set(claim_ids))
    )
    return CheckSession(
        workspace=access.workspace,
        consents=consent_refs_for_check(access=access, consent_ids=consent_ids),
        claims=claims,
        sources=tuple(s.strip() for s in sources if s.strip()),
        deadline=check_deadline(),
    )
