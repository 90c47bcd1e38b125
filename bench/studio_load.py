"""Studio load: the calendar month view and the post list with 10,000 posts in a workspace.

A bounded loop through Django's test client (in-process, no network), on SQLite and on
PostgreSQL in the same run. For each page: p50 / p95 latency and SQL queries per request, at
1,000 and at 10,000 posts, printed side by side with the target (p95 <= 150 ms; queries per
page constant in the number of posts). "cpu p95" is this process's CPU time per request (the
database server's time is not in it): on a loaded machine it is steadier than wall time.

    .venv/bin/python bench/studio_load.py                       # SQLite only
    .venv/bin/python bench/studio_load.py --postgres postgresql://postgres@127.0.0.1:54329/carepost_bench

Posts are spread over 1,000 days (about 300 in a month view), statuses mixed; they are
bulk-inserted (the services would run the checker 10,000 times, which is not what is measured).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150.0
SIZES = (1_000, 10_000)


def child(size: int, iterations: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepost.studio.settings.test")
    django.setup()
    from datetime import timedelta

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.studio.factories import make_workspace, member

        from carepost.studio.posts.models import Post, PostStatus

        ws = make_workspace("Bench Clinic")
        owner = member(ws, "owner")
        now = timezone.now()
        statuses = [
            PostStatus.SCHEDULED,
            PostStatus.PUBLISHED,
            PostStatus.DRAFT,
            PostStatus.APPROVED,
        ]
        pillars = ["education", "public_health", "team_culture", "qa", "event", ""]
        report = {"findings": [], "blocking": False, "elapsed_ms": 1.0}
        Post.objects.bulk_create(
            [
                Post(
                    workspace=ws,
                    title=f"Post {i}",
                    text=f"Flu shots are available this week ({i}).",
                    status=statuses[i % len(statuses)],
                    pillar=pillars[i % len(pillars)],
                    scheduled_at=now + timedelta(days=(i % 1000) - 500, hours=i % 12),
                    content_hash=f"{i:064x}",
                    last_report=report,
                )
                for i in range(size)
            ],
            batch_size=1000,
        )
        client = Client()
        client.force_login(owner)
        month = now.strftime("%Y-%m")
        pages = {
            "calendar month": f"/w/{ws.pk}/calendar/?month={month}",
            "post list p1": f"/w/{ws.pk}/",
            "post list deep": f"/w/{ws.pk}/?page={size // 50 - 1}",
        }
        out = {}
        for name, url in pages.items():
            assert client.get(url).status_code == 200, url  # warm caches
            times, cpu, queries = [], [], []
            for _ in range(iterations):
                with CaptureQueriesContext(connection) as ctx:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200
                queries.append(len(ctx.captured_queries))
            times.sort()
            cpu.sort()
            out[name] = {
                "cpu_p95": cpu[max(0, int(len(cpu) * 0.95) - 1)],
                "p50": statistics.median(times),
                "p95": times[max(0, int(len(times) * 0.95) - 1)],
                # the typical request; at most twice a minute the session's last-seen time is
                # written too (idle timeout), which adds a few queries to that one request
                "queries": statistics.mode(queries),
                "queries_max": max(queries),
                "items": response.content.count(b'class="cal-post')
                or response.content.count(b"<tr>") - 1,
            }
        return out
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(db_url: str | None, size: int, iterations: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(size), "--iterations", str(iterations)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="PostgreSQL URL (a scratch database is created)")
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.iterations)))
        return
    backends = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    print(f"studio load: {args.iterations} requests per page, target p95 <= {TARGET_P95_MS:.0f} ms")
    header = f"{'database':<11} {'page':<15} {'posts':>6} {'shown':>6} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'cpu p95':>8} {'queries':>8} {'max':>4}"
    print(header)
    print("-" * len(header))
    for label, url in backends:
        results = {size: run(url, size, args.iterations) for size in SIZES}
        for page in results[SIZES[0]]:
            for size in SIZES:
                r = results[size][page]
                ok = "ok" if r["p95"] <= TARGET_P95_MS else "MISS"
                print(
                    f"{label:<11} {page:<15} {size:>6} {r['items']:>6} {r['p50']:>8.1f} {r['p95']:>8.1f} {ok:>7} {r['cpu_p95']:>8.1f} {r['queries']:>8} {r['queries_max']:>4}"
                )
            constant = len({results[s][page]["queries"] for s in SIZES}) == 1
            print(
                f"{'':<11} {page:<15} queries constant from {SIZES[0]:,} to {SIZES[-1]:,} posts: {'yes' if constant else 'NO'}"
            )


if __name__ == "__main__":
    main()
