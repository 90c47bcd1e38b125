"""The bench/publishing_chaos.py runs at a reduced size, on the database the suite runs on
(SQLite, or PostgreSQL when DATABASE_URL points at it): real ``carepost worker`` processes,
the fake platform on 127.0.0.1, SIGKILLs and lost answers. Full-size figures: bench/README.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.chaos, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "publishing_chaos.py"


def run(*args: str) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    db = "postgres" if url.startswith(("postgres", "pgsql")) else "sqlite"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    if db == "postgres":
        env["CAREPOST_TEST_DATABASE_URL"] = url
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--db", db, "--json", "--timeout", "240"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.stdout.strip(), proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_sigkilled_workers_publish_every_post_exactly_once():
    r = run("crash", "--kills", "10", "--posts", "80", "--kill-interval", "1.5", "--workers", "3")
    assert r["kills"] == 10
    assert r["duplicates"] == 0 and r["orphans_on_platform"] == 0
    assert r["lost"] == 0 and r["published"] + r["failed"] == r["due"] == 80
    assert r["failed"] == 0 and r["remote_ids_match"]


def test_lost_answers_are_all_reconciled_without_duplicates():
    r = run("lost", "--posts", "50", "--workers", "2")
    assert r["answers_lost"] == 50
    assert r["duplicates"] == 0 and r["lost"] == 0 and r["published"] == 50
    assert r["reconciled_jobs"] == 50  # 100 %: every lost answer found on the platform
    assert r["attempts"] == 50  # and never sent twice


def test_burst_of_due_posts_is_published():
    r = run("burst", "--posts", "200", "--workspaces", "20", "--workers", "2", "--spread", "5")
    assert r["published"] == 200 and r["duplicates"] == 0 and r["lost"] == 0


def test_concurrent_refreshes_spend_a_rotating_refresh_token_once():
    """TikTok rotates refresh tokens: 50 concurrent publishes needing a refresh → one refresh."""
    r = run("refresh-race", "--posts", "50")
    assert r["refresh_calls"] == 1 and r["errors"] == []
    assert r["distinct_tokens_returned"] == ["access-1"] and r["stored_refresh_token"] == "rt-2"


def test_tokens_expiring_across_all_nine_platforms_with_workers_killed():
    """Issue 20's run, reduced: every platform's dialect on the fake, tokens dying every 30 s
    (some early, refused mid-run), workers SIGKILLed. Full size: bench/README.md."""
    r = run(
        "tokens",
        "--posts",
        "54",
        "--kills",
        "4",
        "--kill-interval",
        "6",
        "--min-uptime",
        "20",
        "--token-ttl",
        "30",
        "--workers",
        "3",
        "--workspaces",
        "3",
    )
    assert r["kills"] == 4 and r["due"] == 54
    assert r["duplicates"] == 0 and r["orphans_on_platform"] == 0 and r["lost"] == 0
    assert r["accounts_needs_reconnect"] == 0, r["accounts_needs_reconnect_why"]
    assert r["published"] + r["needs_person"] == 54 and r["failed"] == 0
    assert r["needs_person"] == r["needs_person_live_on_platform"]  # each one is really live
    assert len(r["by_platform"]) >= 8 and r["remote_ids_match"]
    assert r["token_renewals"] > 0
