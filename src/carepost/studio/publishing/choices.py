"""Choices a platform wants the *user* to make for each post (TikTok: who can see it, and
whether comments, duets and stitches are allowed, among what ``creator_info`` offers right
now). carepost never picks them itself; a post without a choice is not sent."""

from __future__ import annotations

from typing import Any

import httpx
from django.db import transaction
from django.utils import timezone

from carepost.publishing import PlatformError
from carepost.publishing.clients import TikTokClient
from carepost.studio.audit.services import audit_log
from carepost.studio.errors import ValidationFailed
from carepost.studio.posts.models import Post
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access

from .accounts import account_fresh_token, account_renewer
from .clients import client_for
from .models import AccountStatus, ConnectedAccount, PublishChoice, PublishJob

__all__ = [
    "PRIVACY_LABELS",
    "SWITCHES",
    "choice_options",
    "creator_info_for",
    "publish_choice_set",
]

#: TikTok's privacy_level values, as a person reads them.
PRIVACY_LABELS = {
    "PUBLIC_TO_EVERYONE": "Everyone",
    "MUTUAL_FOLLOW_FRIENDS": "Friends (followers you follow back)",
    "FOLLOWER_OF_CREATOR": "Followers",
    "SELF_ONLY": "Only me",
}
#: (option, creator_info flag that locks it off, label)
SWITCHES = (
    ("disable_comment", "comment_disabled", "Turn comments off"),
    ("disable_duet", "duet_disabled", "Turn duets off"),
    ("disable_stitch", "stitch_disabled", "Turn stitches off"),
)
NEEDS_CHOICE = {"tiktok"}


def choice_options(job: PublishJob) -> dict[str, Any]:
    """The stored choice for the job's post and platform, as request options."""
    if job.platform not in NEEDS_CHOICE:
        return {}
    choice = PublishChoice.objects.filter(post_id=job.post_id, platform=job.platform).first()
    return dict(choice.options) if choice else {}


def _account(post: Post, platform: str) -> ConnectedAccount | None:
    return (
        ConnectedAccount.objects.filter(
            workspace=post.workspace, platform=platform, status=AccountStatus.ACTIVE
        )
        .order_by("pk")
        .first()
    )


def creator_info_for(*, post: Post, http: httpx.Client | None = None) -> dict[str, Any]:
    """What TikTok offers this account right now (``creator_info``), with the stored choice:
    ``{"offered": [...], "locked": {...}, "chosen": {...}, "error": ""}``. Empty when the post
    has no TikTok variant or no connected account."""
    if not post.variants.filter(platform="tiktok").exists():
        return {}
    account = _account(post, "tiktok")
    chosen = PublishChoice.objects.filter(post=post, platform="tiktok").first()
    out: dict[str, Any] = {
        "offered": [],
        "locked": {},
        "chosen": dict(chosen.options) if chosen else {},
        "error": "",
        "labels": PRIVACY_LABELS,
        "switches": SWITCHES,
    }
    if account is None:
        out["error"] = "Connect a TikTok account to choose who can see this post."
        return out
    try:
        info = _creator_info(account, http)
    except PlatformError as exc:
        out["error"] = f"TikTok did not answer: {exc.message}. {exc.action}"
        return out
    out["offered"] = [str(v) for v in info.get("privacy_level_options") or []]
    out["locked"] = {opt: bool(info.get(flag)) for opt, flag, _ in SWITCHES}
    out["creator"] = str(info.get("creator_nickname") or info.get("creator_username") or "")
    return out


def _creator_info(account: ConnectedAccount, http: httpx.Client | None) -> dict[str, Any]:
    if http is None:
        with httpx.Client(timeout=20) as own:
            return _creator_info(account, own)
    renew = account_renewer(account, http=http)
    token = account_fresh_token(account_id=account.pk, renew=renew)
    client = client_for(account, http=http, access_token=token)
    assert isinstance(client, TikTokClient)
    return client.creator_info()


@transaction.atomic
def publish_choice_set(
    *,
    actor: Any,
    post: Post,
    platform: str,
    privacy_level: str,
    switches: dict[str, bool],
    offered: list[str],
    locked: dict[str, bool],
) -> PublishChoice:
    """Store the user's choice. ``offered``/``locked`` are what creator_info said when the form
    was shown; the choice must be one of them (TikTok checks again at publish time)."""
    workspace_access(user=actor, workspace=post.workspace).require(Cap.SCHEDULE)
    if platform not in NEEDS_CHOICE:
        raise ValidationFailed(f"{platform} asks for no choice", field="platform")
    if privacy_level not in offered:
        raise ValidationFailed("choose one of the audiences TikTok offers", field="privacy_level")
    options: dict[str, Any] = {"privacy_level": privacy_level}
    for opt, _flag, _label in SWITCHES:
        options[opt] = bool(switches.get(opt)) or bool(locked.get(opt))
    choice, _ = PublishChoice.objects.select_for_update().get_or_create(
        post=post, platform=platform, defaults={"chosen_at": timezone.now()}
    )
    old = dict(choice.options)
    choice.options = options
    choice.chosen_by = getattr(actor, "email", "")[:254]
    choice.chosen_at = timezone.now()
    choice.full_clean()
    choice.save()
    audit_log(
        event="publishing.choice.set",
        actor=actor,
        workspace=post.workspace,
        target=post,
        data={"platform": platform, "old": old, "new": options},
    )
    return choice
