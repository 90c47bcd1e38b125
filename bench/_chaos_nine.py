"""The ``tokens`` scenario of publishing_chaos.py: every platform at once, tokens that expire
every ``--token-ttl`` seconds, workers SIGKILLed. Seeding and verification live here to keep
the runner short."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from typing import Any

#: The nine platforms, and what a post needs on each (text alone, an image, a video).
SHAPES = {
    "x": (),
    "facebook": (),
    "instagram": ("image",),
    "threads": (),
    "linkedin": (),
    "tiktok": ("image",),
    "youtube": ("video",),
    "bluesky": (),
    "mastodon": (),
}
#: Tokens that never expire on the real platforms: Page tokens from a long-lived user token
#: (Facebook, Instagram via Facebook Login) and Mastodon's.
STATIC = {"facebook", "instagram", "mastodon"}


def external_id(platform: str, i: int) -> str:
    return {
        "facebook": f"{1000 + i}",
        "linkedin": f"urn:li:person:li{i}",
        "bluesky": f"did:plc:bs{i}",
    }.get(platform, f"{platform[:2]}{i}")


def env_for(fake_url: str, margin: float, long_margin: float) -> dict[str, str]:
    env = {
        "CAREPOST_PUBLIC_MEDIA_BASE_URL": f"{fake_url}/media",
        "CAREPOST_PUBLISH_TOKEN_REFRESH_MARGIN": str(margin),
        # Threads can only renew a live token. Its real margin (7 of 60 days) is a small share
        # of its life because real outages last hours, not weeks; here workers are down for
        # seconds of a 30-second life, so it is renewed once a fifth of its life has passed.
        "CAREPOST_PUBLISH_LONG_LIVED_REFRESH_MARGIN": str(long_margin),
        "CAREPOST_PUBLISH_POLL_INTERVAL": "0.2",
        "CAREPOST_PUBLISH_POLL_TIMEOUT": "10",
    }
    for platform in SHAPES:
        env[f"CAREPOST_OAUTH_{platform.upper()}_CLIENT_ID"] = f"chaos-{platform}"
        env[f"CAREPOST_OAUTH_{platform.upper()}_CLIENT_SECRET"] = "chaos-secret"
    return env


def seed(
    fake: Any, *, posts: int, workspaces: int, start: float, spread: float, rnd: random.Random
) -> int:
    from django.utils import timezone
    from tests.support.publishing import approved_post

    from carepost.studio.publishing.models import ConnectedAccount, PublishChoice
    from carepost.studio.workspaces.models import Organization, Workspace

    org = Organization.objects.create(name="Nine Platforms Health", slug="nine")
    spaces = [
        Workspace.objects.create(organization=org, name=f"Clinic {i}", slug=f"clinic-{i}")
        for i in range(workspaces)
    ]
    now = timezone.now()
    for i, ws in enumerate(spaces):
        for platform in SHAPES:
            ext = external_id(platform, i)
            if platform in STATIC:
                access, refresh, ttl = f"tok-{ext}", "", None
            else:
                access, refresh, ttl = fake.issue(platform, ext)
            ConnectedAccount.objects.create(
                workspace=ws,
                platform=platform,
                external_id=ext,
                api_base_url=fake.base_url(platform),
                access_token=access,
                refresh_token=refresh,
                token_expires_at=now + timedelta(seconds=ttl) if ttl else None,
            )
    base = now + timedelta(seconds=start)
    platforms = list(SHAPES)
    for n in range(posts):
        platform = platforms[n % len(platforms)]
        ws = spaces[(n // len(platforms)) % len(spaces)]
        post = approved_post(
            workspace=ws,
            text=f"Post {n} on {platform}: flu shots this week at clinic {ws.slug} #{n}",
            at=base + timedelta(seconds=rnd.uniform(0, spread)),
            platforms=(platform,),
            media=SHAPES[platform],
        )
        if platform == "tiktok":  # the user's choice, as the studio's form stores it
            PublishChoice.objects.create(
                post=post,
                platform="tiktok",
                options={
                    "privacy_level": "PUBLIC_TO_EVERYONE" if n % 2 else "SELF_ONLY",
                    "disable_comment": False,
                    "disable_duet": False,
                    "disable_stitch": True,
                },
                chosen_by="chaos@clinic.example",
                chosen_at=now,
            )
    # Tokens are issued again last, so every account starts the run with a fresh one.
    for account in ConnectedAccount.objects.filter(workspace__organization=org):
        if account.platform in STATIC:
            continue
        access, refresh, ttl = fake.issue(account.platform, account.external_id)
        account.access_token, account.refresh_token = access, refresh
        account.token_expires_at = timezone.now() + timedelta(seconds=ttl or 0)
        account.save(update_fields=["access_token", "refresh_token", "token_expires_at"])
    return posts


def verify(fake: Any, baseline: dict[str, int]) -> dict[str, Any]:
    from carepost.studio.publishing.models import (
        AccountStatus,
        ConnectedAccount,
        JobState,
        PublishAttempt,
        PublishJob,
    )

    remote = [p for p in fake.posts() if p.user != "warmup"]
    per_key = Counter((p.platform, p.text) for p in remote)
    duplicates = sum(c - 1 for c in per_key.values() if c > 1)
    jobs = list(PublishJob.objects.select_related("post").exclude(post__workspace__slug="warmup"))
    by_state = Counter(j.state for j in jobs)
    from carepost.studio.posts.models import PostVariant

    settled = {JobState.PUBLISHED, JobState.FAILED, JobState.NEEDS_CONFIRMATION}
    due = PostVariant.objects.exclude(post__workspace__slug="warmup").count()
    lost = due - sum(1 for j in jobs if j.state in settled)
    published = [j for j in jobs if j.state == JobState.PUBLISHED]
    remote_ids = {p.id for p in remote} | {
        str(p.extra["public_id"]) for p in remote if "public_id" in p.extra
    }
    mismatched = [j.pk for j in published if j.remote_id and j.remote_id not in remote_ids]
    live_texts = {(p.platform, p.text) for p in remote}
    recorded = {
        (j.platform, j.post.text)
        for j in jobs
        if j.state in (JobState.PUBLISHED, JobState.NEEDS_CONFIRMATION)
    }
    orphan_keys = sorted(f"{p}: {t[:60]}" for p, t in live_texts if (p, t) not in recorded)
    orphans = sum(
        1
        for key in live_texts
        if key
        not in {
            (j.platform, j.post.text)
            for j in jobs
            if j.state in (JobState.PUBLISHED, JobState.NEEDS_CONFIRMATION)
        }
    )
    waiting = [j for j in jobs if j.state == JobState.NEEDS_CONFIRMATION]
    reconnect = ConnectedAccount.objects.exclude(workspace__slug="warmup").filter(
        status=AccountStatus.NEEDS_RECONNECT
    )
    # A rotating refresh token the platform spent while carepost never stored its successor:
    # the worker died between the platform's answer and carepost's commit (only a platform
    # with a reuse grace period, like Bluesky's PDS, survives that).
    with fake.lock:
        live = {(t.platform, t.user) for t in fake.state.refresh.values()}
    lost_rotations = sorted(
        f"{a.platform}:{a.external_id}"
        for a in reconnect
        if a.refresh_token
        and (a.platform, a.external_id) in live
        and str(a.refresh_token) not in fake.state.refresh
    )
    return {
        "due": due,
        "published": len(published),
        "by_platform": dict(Counter(j.platform for j in published)),
        "failed": by_state.get(JobState.FAILED, 0),
        "failed_reasons": dict(Counter(j.error_kind for j in jobs if j.state == JobState.FAILED)),
        "needs_person": len(waiting),
        "needs_person_live_on_platform": sum(
            1 for j in waiting if (j.platform, j.post.text) in live_texts
        ),
        "lost": lost,
        "duplicates": duplicates,
        "orphans_on_platform": orphans,
        "orphans": orphan_keys[:10],
        "remote_ids_match": not mismatched,
        "reconciled_jobs": sum(1 for j in published if j.reconciled),
        "accounts_needs_reconnect": reconnect.count(),
        "accounts_needs_reconnect_why": sorted({a.last_error[:120] for a in reconnect}),
        "renewal_answers_lost_with_a_killed_worker": lost_rotations,
        "token_renewals": fake.count("refreshes") - baseline.get("refreshes", 0),
        "expired_tokens_refused": fake.count("expired_token_refused")
        - baseline.get("expired_token_refused", 0),
        "refresh_tokens_refused": fake.count("refresh_refused")
        - baseline.get("refresh_refused", 0),
        "attempts": PublishAttempt.objects.exclude(job__post__workspace__slug="warmup").count(),
        "remote_posts": len(remote),
    }
