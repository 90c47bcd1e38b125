"""Exactly-once publishing under fire: crash, lost-response and burst runs against the fake
platform on 127.0.0.1, with real ``carepost worker`` processes.

    python bench/publishing_chaos.py crash --db sqlite   --kills 100 --posts 400
    python bench/publishing_chaos.py crash --db postgres --kills 100 --posts 400
    python bench/publishing_chaos.py lost  --db postgres --posts 1000
    python bench/publishing_chaos.py burst --db postgres --posts 10000 --workspaces 50 --workers 4
    python bench/publishing_chaos.py burst --db sqlite   --posts 1000 --workspaces 50 --workers 1

    python bench/publishing_chaos.py tokens --db sqlite   --posts 400 --kills 40 --kill-interval 10 --min-uptime 30
    python bench/publishing_chaos.py tokens --db postgres --posts 400 --kills 40 --kill-interval 10 --min-uptime 30

crash: workers are SIGKILLed at random moments while posts fall due (the fake platform holds
each answer a little so kills land between "post created" and "answer received").
tokens: the crash run across all nine platforms at once (each speaks its own dialect on the fake;
Instagram and TikTok posts carry an image, YouTube ones a video), with every expiring token
(X, Threads, LinkedIn, TikTok, YouTube, Bluesky) dying after --token-ttl seconds: the engine
renews them before expiry and once on a refusal, serialized per account; 0 accounts may end in
"needs reconnect". Facebook/Instagram Page tokens and Mastodon tokens do not expire.
lost:  every create is committed by the platform and its answer dropped (or answered 503).
burst: every post is due within the same minute; measures time to publish all and lag.

It prints the figures next to carepost's exactly-once acceptance targets (TARGETS below; no
peer publisher can be run offline against the same fake, so the targets are the comparison).
PostgreSQL: CAREPOST_TEST_DATABASE_URL (``./run`` sets one up on 127.0.0.1:54329); a fresh
database is created and dropped per run. ``--json`` prints one JSON object (used by the tests).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

TARGETS = {
    "crash": "0 duplicates, 0 lost",
    "tokens": "0 duplicates, 0 lost, 0 accounts wrongly sent to needs_reconnect",
    "lost": "0 duplicates, 100% reconciled",
    "burst-sqlite": "p99 lag ≤ 60 s embedded",
    "burst-postgres": "p99 lag ≤ 15 s with 4 workers",
}


def _pg_database(base: str, name: str, *, drop: bool = False) -> str:
    import psycopg

    parsed = urlparse(base)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def configure(args: argparse.Namespace, tmp: Path) -> dict[str, str]:
    if args.db == "postgres":
        base = os.environ.get(
            "CAREPOST_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:54329/carepost"
        )
        url = _pg_database(base, f"carepost_chaos_{os.getpid()}")
    else:
        url = f"sqlite:///{tmp / 'chaos.sqlite3'}"
    lease = max(args.lease, 2 * args.http_timeout)
    env = {
        "DJANGO_SETTINGS_MODULE": "carepost.studio.settings.dev",
        "DATABASE_URL": url,
        "CAREPOST_DATA_DIR": str(tmp),
        "CAREPOST_SECRET_KEY": "chaos-bench-secret-key-0123456789abcdef0123456789",
        "CAREPOST_LOG_LEVEL": os.environ.get("CHAOS_LOG_LEVEL", "ERROR"),
        "CAREPOST_PUBLISH_LEASE_SECONDS": str(lease),
        "CAREPOST_PUBLISH_HTTP_TIMEOUT": str(args.http_timeout),
        "CAREPOST_PUBLISH_TICK_SECONDS": "0.5",
        "CAREPOST_PUBLISH_BACKOFF_BASE": "0.5",
        "CAREPOST_PUBLISH_BACKOFF_MAX": "5",
        "CAREPOST_PUBLISH_RECONCILE_DELAY": "0.3",
        "CAREPOST_PUBLISH_ENQUEUE_TIMEOUT": str(2 * lease),
        "CAREPOST_PUBLISH_MAX_ATTEMPTS": "50",
        "CAREPOST_PUBLISH_DISPATCH_BATCH": "500",
        "CAREPOST_PUBLISH_APP_LIMITS": "{}",
        "PYTHONPATH": str(ROOT / "src"),
    }
    os.environ.update(env)
    return env


def seed(args: argparse.Namespace, fake_url: str, start: float, spread: float) -> int:
    from django.utils import timezone
    from tests.support.publishing import approved_posts_bulk

    from carepost.studio.publishing.models import ConnectedAccount
    from carepost.studio.workspaces.models import Organization, Workspace

    org = Organization.objects.create(name="Chaos Health", slug="chaos")
    workspaces = [
        Workspace.objects.create(
            organization=org, name=f"Clinic {i}", slug=f"clinic-{i}", timezone="America/New_York"
        )
        for i in range(args.workspaces)
    ]
    for i, ws in enumerate(workspaces):
        ConnectedAccount.objects.create(
            workspace=ws,
            platform="x",
            external_id=f"u{i}",
            api_base_url=fake_url,
            access_token=f"tok-u{i}",
        )
    base = timezone.now() + timedelta(seconds=start)
    rnd = random.Random(args.seed)
    items = [
        (
            workspaces[n % len(workspaces)],
            f"Post {n}: flu shots this week at clinic {n % len(workspaces)} #{n}",
            base + timedelta(seconds=rnd.uniform(0, spread)),
        )
        for n in range(args.posts)
    ]
    return len(approved_posts_bulk(items=items))


def warmup(fake_url: str, timeout: float) -> None:
    from django.utils import timezone
    from tests.support.publishing import approved_post

    from carepost.studio.publishing.models import ConnectedAccount, JobState, PublishJob
    from carepost.studio.workspaces.models import Organization, Workspace

    org = Organization.objects.create(name="Warm-up", slug="warmup")
    ws = Workspace.objects.create(organization=org, name="Warm-up", slug="warmup")
    ConnectedAccount.objects.create(
        workspace=ws,
        platform="x",
        external_id="warmup",
        api_base_url=fake_url,
        access_token="tok-warmup",
    )
    post = approved_post(workspace=ws, text="warm-up", at=timezone.now())
    began = time.monotonic()
    while not PublishJob.objects.filter(post=post, state=JobState.PUBLISHED).exists():
        if time.monotonic() - began > timeout:
            raise SystemExit("workers did not start")
        time.sleep(0.2)


def spawn(env: dict[str, str], logdir: Path, n: int) -> subprocess.Popen[bytes]:
    log = open(logdir / f"worker-{n}.log", "ab")  # noqa: SIM115 (kept open for the child)
    return subprocess.Popen(
        [sys.executable, "-m", "carepost.cli", "worker"],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )


def outstanding() -> int:
    from carepost.studio.posts.models import PostStatus, PostVariant
    from carepost.studio.publishing.models import JobState, PublishJob

    due_variants = PostVariant.objects.filter(
        post__status__in=[PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED]
    ).count()
    done = PublishJob.objects.filter(
        state__in=[
            JobState.PUBLISHED,
            JobState.FAILED,
            JobState.STOPPED,
            JobState.NEEDS_RECONNECT,
            JobState.NEEDS_CONFIRMATION,
        ]
    ).count()
    return due_variants - done


def verify(fake, t_due_first, baseline: dict[str, int]) -> dict[str, object]:
    from carepost.studio.posts.models import PostVariant
    from carepost.studio.publishing.models import AttemptState, JobState, PublishAttempt, PublishJob

    remote = [p for p in fake.posts() if p.user != "warmup"]
    by_text = Counter(p.text for p in remote)
    duplicates = sum(c - 1 for c in by_text.values() if c > 1)
    jobs = list(PublishJob.objects.select_related("post").exclude(post__workspace__slug="warmup"))
    published = [j for j in jobs if j.state == JobState.PUBLISHED]
    failed = [j for j in jobs if j.state == JobState.FAILED]
    variants = PostVariant.objects.exclude(post__workspace__slug="warmup").count()
    lost = variants - len(published) - len(failed)
    remote_ids = {p.id for p in remote}
    recorded_ok = sum(1 for j in published if j.remote_id in remote_ids)
    published_texts = {j.post.text for j in published}
    orphans = sum(1 for p in remote if p.text not in published_texts)
    lags = sorted((j.published_at - j.post.scheduled_at).total_seconds() for j in published)
    last = max((j.published_at for j in published), default=None)
    risky = (
        PublishAttempt.objects.filter(
            state__in=[AttemptState.UNKNOWN, AttemptState.DUPLICATE]
        ).count()
        + PublishAttempt.objects.filter(state=AttemptState.SENDING).count()
    )

    def pct(p: float) -> float:
        return round(lags[min(len(lags) - 1, int(p * len(lags)))], 2) if lags else 0.0

    return {
        "due": variants,
        "published": len(published),
        "failed": len(failed),
        "failed_reasons": dict(Counter(j.error_kind for j in failed)),
        "lost": lost,
        "duplicates": duplicates,
        "orphans_on_platform": orphans,
        "remote_ids_match": recorded_ok == len(published),
        "reconciled_jobs": sum(1 for j in published if j.reconciled),
        "answers_lost": fake.count("dropped_after") - baseline["dropped_after"],
        "attempts": PublishAttempt.objects.exclude(job__post__workspace__slug="warmup").count(),
        "attempts_unknown_or_in_flight": risky,
        "remote_posts": len(remote),
        "lag_p50_s": pct(0.50),
        "lag_p99_s": pct(0.99),
        "lag_max_s": round(lags[-1], 2) if lags else 0.0,
        "all_published_after_s": round((last - t_due_first).total_seconds(), 2) if last else None,
    }


def refresh_race(args: argparse.Namespace) -> int:
    """N threads need a fresh token for one account whose refresh tokens rotate (TikTok):
    exactly one refresh may happen, and every thread must get the new access token."""
    import threading

    from django.db import connection
    from django.utils import timezone

    from carepost.publishing import TokenDead
    from carepost.publishing.oauth import TokenSet
    from carepost.studio.publishing.accounts import account_fresh_token
    from carepost.studio.publishing.models import ConnectedAccount
    from carepost.studio.workspaces.models import Organization, Workspace

    org = Organization.objects.create(name="Race", slug="race")
    ws = Workspace.objects.create(organization=org, name="Race", slug="race")
    account = ConnectedAccount.objects.create(
        workspace=ws,
        platform="tiktok",
        external_id="o1",
        access_token="old",
        refresh_token="rt-1",
        token_expires_at=timezone.now() - timedelta(minutes=1),
    )
    calls: list[str] = []
    guard = threading.Lock()

    def refresh(access: str, token: str) -> TokenSet:
        with guard:
            calls.append(token)
            n = len(calls)
        time.sleep(0.05)  # a real token endpoint takes a while: widen the race window
        if token != "rt-1":
            raise TokenDead("refresh token already used (rotated)", platform="tiktok")
        return TokenSet(f"access-{n}", f"rt-{n + 1}", 86400)

    results: list[str] = []
    errors: list[str] = []

    def worker() -> None:
        try:
            results.append(account_fresh_token(account_id=account.pk, renew=refresh))
        except Exception as exc:
            errors.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(args.posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    account.refresh_from_db()
    result = {
        "scenario": "refresh-race",
        "db": args.db,
        "threads": args.posts,
        "refresh_calls": len(calls),
        "errors": errors,
        "distinct_tokens_returned": sorted(set(results)),
        "stored_refresh_token": str(account.refresh_token),
        "account_status": account.status,
    }
    connections_close()
    print(json.dumps(result) if args.json else "\n".join(f"  {k}: {v}" for k, v in result.items()))
    return 0 if len(calls) == 1 and not errors else 1


def connections_close() -> None:
    from django.db import connections

    connections.close_all()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        base = os.environ.get(
            "CAREPOST_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:54329/carepost"
        )
        _pg_database(base, f"carepost_chaos_{os.getpid()}", drop=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", choices=["crash", "lost", "burst", "refresh-race", "tokens"])
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--posts", type=int, default=None)
    p.add_argument("--workspaces", type=int, default=10)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--kill-interval", type=float, default=0.6, help="mean seconds between kills")
    p.add_argument(
        "--drop-rate", type=float, default=1.0, help="lost: share of creates whose answer is lost"
    )
    p.add_argument("--lease", type=float, default=4.0)
    p.add_argument("--http-timeout", type=float, default=1.5)
    p.add_argument(
        "--timeout", type=float, default=900, help="give up waiting after this many seconds"
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--spread", type=float, default=None, help="seconds over which posts fall due")
    p.add_argument("--json", action="store_true")
    p.add_argument("--token-ttl", type=float, default=30, help="tokens: seconds a token lives")
    p.add_argument(
        "--min-uptime",
        type=float,
        default=None,
        help="an idle worker younger than this is not killed (default: 10 s for tokens, else 0)",
    )
    p.add_argument(
        "--token-jitter",
        type=float,
        default=0.4,
        help="tokens: a token may die up to this share of its life early (refused mid-run)",
    )
    args = p.parse_args(argv)
    defaults = {
        "crash": (300, 3),
        "lost": (200, 2),
        "burst": (1000, 1),
        "refresh-race": (50, 1),
        "tokens": (400, 3),
    }
    args.posts = args.posts or defaults[args.scenario][0]
    args.workers = args.workers or defaults[args.scenario][1]
    if args.min_uptime is None:
        args.min_uptime = 10.0 if args.scenario == "tokens" else 0.0

    tmp = Path(tempfile.mkdtemp(prefix="carepost-chaos-"))
    env = configure(args, tmp)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))  # tests.support: the fake platform and the post factories
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from tests.support.fakeplatform import FakePlatform

    call_command("migrate", interactive=False, verbosity=0)
    if args.scenario == "refresh-race":
        return refresh_race(args)
    rnd = random.Random(args.seed)
    nine = args.scenario == "tokens"
    fake = FakePlatform(
        seed=args.seed,
        token_ttl=args.token_ttl if nine else None,
        token_jitter=args.token_jitter if nine else 0.0,
    ).start()
    if nine:
        import _chaos_nine

        env.update(
            _chaos_nine.env_for(
                fake.url, margin=min(5.0, args.token_ttl / 4), long_margin=args.token_ttl * 0.8
            )
        )
        os.environ.update(env)
    workers = [spawn(env, tmp, n) for n in range(args.workers)]
    spawned = len(workers)
    warmup(fake.url, args.timeout)  # every worker process is up (one published post proves it)
    baseline = {
        k: fake.count(k)
        for k in (
            "create_calls",
            "created",
            "dropped_after",
            "dropped_before",
            "refreshes",
            "expired_token_refused",
            "refresh_refused",
        )
    }
    if args.scenario in ("crash", "tokens"):
        fake.faults.delay_after_create = 0.2
        spread = args.kills * args.kill_interval * 0.9
    elif args.scenario == "lost":
        fake.faults.drop_after_create = args.drop_rate
        spread = args.spread if args.spread is not None else 5.0
    else:
        spread = args.spread if args.spread is not None else 59.0
    start_in = 1.0
    if nine:
        fake.faults.drop_after_create = args.drop_rate if args.drop_rate < 1 else 0.0
        seeded = _chaos_nine.seed(
            fake,
            posts=args.posts,
            workspaces=args.workspaces,
            start=start_in,
            spread=spread,
            rnd=rnd,
        )
    else:
        seeded = seed(args, fake.url, start_in, spread)
    t_due_first = timezone.now() + timedelta(seconds=start_in)
    kills = mid_publish = 0
    began = time.monotonic()
    try:
        if args.scenario in ("crash", "tokens"):
            from carepost.studio.publishing.models import JobState, PublishJob

            time.sleep(start_in)
            born = [time.monotonic()] * len(workers)
            while kills < args.kills and time.monotonic() - began < args.timeout:
                time.sleep(rnd.uniform(0.5, 1.5) * args.kill_interval)
                by_pid = {w.pid: i for i, w in enumerate(workers)}
                busy = [
                    by_pid[pid]
                    for owner in PublishJob.objects.filter(
                        state=JobState.PUBLISHING, lease_expires_at__gt=timezone.now()
                    ).values_list("lease_owner", flat=True)
                    if (pid := int(owner.rsplit(":", 1)[-1] or 0)) in by_pid
                ]
                # A worker younger than --min-uptime is spared, busy or not (on a loaded machine
                # a boot takes longer than the kill interval, and killing boots only measures
                # boot time).
                up = [
                    i for i in range(len(workers)) if time.monotonic() - born[i] >= args.min_uptime
                ]
                busy = [i for i in busy if i in up]
                if busy and rnd.random() < 0.8:
                    i = rnd.choice(busy)
                    mid_publish += 1
                elif up:
                    i = rnd.choice(up)
                else:
                    continue
                workers[i].send_signal(signal.SIGKILL)
                workers[i].wait()
                kills += 1
                workers[i] = spawn(env, tmp, spawned)
                born[i] = time.monotonic()
                spawned += 1
        if args.scenario == "lost":
            # Stop losing answers once every post had its first try, so reconciliation can finish.
            while (
                fake.count("created") - baseline["created"] < seeded
                and time.monotonic() - began < args.timeout
            ):
                time.sleep(0.2)
            fake.faults.drop_after_create = fake.faults.error_503_after_create = 0.0
        while outstanding() > 0 and time.monotonic() - began < args.timeout:
            time.sleep(0.5)
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=10)
            except subprocess.TimeoutExpired:
                w.kill()
    result = {
        "scenario": args.scenario,
        "db": args.db,
        "posts": seeded,
        "workspaces": args.workspaces,
        "workers": args.workers,
        "kills": kills,
        "kills_while_a_publish_was_in_flight": mid_publish,
        "fake": {
            k: fake.count(k) - baseline.get(k, 0)
            for k in ("create_calls", "created", "dropped_after")
        },
        "wall_s": round(time.monotonic() - began, 1),
        **(_chaos_nine.verify(fake, baseline) if nine else verify(fake, t_due_first, baseline)),
    }
    if nine:
        result["token_ttl_s"] = args.token_ttl
        result["token_jitter"] = args.token_jitter
    fake.stop()
    from django.db import connections

    connections.close_all()
    if args.db == "postgres":
        _pg_database(
            os.environ.get(
                "CAREPOST_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:54329/carepost"
            ),
            f"carepost_chaos_{os.getpid()}",
            drop=True,
        )
    if args.json:
        print(json.dumps(result))
    else:
        target = TARGETS.get(f"{args.scenario}-{args.db}", TARGETS.get(args.scenario, ""))
        print(
            f"carepost publishing — {args.scenario} on {args.db}: {seeded} posts, {args.workers} worker(s), {kills} SIGKILLs"
        )
        width = max(len(k) for k in result)
        for k, v in result.items():
            print(f"  {k:<{width}}  {v}")
        print(f"  {'target':<{width}}  {target}")
    ok = result["duplicates"] == 0 and result["lost"] == 0 and result["orphans_on_platform"] == 0
    if nine:
        ok = ok and result["accounts_needs_reconnect"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
