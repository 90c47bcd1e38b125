"""What one request can make the studio check (issue 11, finding 3): wall time and answer of
the probe's two requests, and of the largest requests still accepted, with the full rule set.

    .venv/bin/python bench/check_bounds.py [api|live ...]   # only the requests named so

In-process through Django's test client (no network) on a throwaway SQLite database, one
workspace with the default policy (every rule). Printed side by side with the figures the
outside probe measured at 6fad124 (issue 11): a 1 MB API check took 58 s, a live check of
200 KB × 9 platforms 93 s, both answered 200. It uses only URLs and the test factories, so it
also runs against an older checkout (PYTHONPATH=<checkout>/src:<checkout>).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "Flu season is here. Dr. Amara Okafor and our nurses give flu shots every weekday from 8 to "
    "5, no appointment needed. Bring your insurance card; most plans cover the vaccine. "
)
NINE = [
    "instagram",
    "facebook",
    "linkedin",
    "x",
    "tiktok",
    "threads",
    "youtube",
    "bluesky",
    "mastodon",
]
PROBE = {"api 1 MB": "58 s, 200", "live 200 KB x 9": "93 s, 200"}


def text_of(chars: int) -> str:
    return (PARAGRAPH * (chars // len(PARAGRAPH) + 1))[:chars]


def main() -> None:
    os.environ.setdefault("TMPDIR", tempfile.mkdtemp(prefix="carepost-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepost.studio.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 422s are expected
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from tests.studio.factories import make_workspace, member

    ws = make_workspace("Bench Clinic", policy_toml="")  # the default policy: every rule
    client = Client()
    client.force_login(member(ws, "author"))
    live_url = f"/w/{ws.pk}/check/"

    def api(chars: int):
        body = json.dumps({"text": text_of(chars), "workspace": ws.pk})
        return client.post("/api/v1/check", body, content_type="application/json")

    def live(chars: int, variants: dict[str, str] | None = None):
        data = {"text": text_of(chars), **{f"on_{p}": "on" for p in NINE}}
        data.update({f"variant_{p}": t for p, t in (variants or {}).items()})
        return client.post(live_url, data)

    api(200)  # load the models once (spaCy, lexicons): not part of any figure
    runs = [
        ("api 1 MB", lambda: api(1_000_000)),  # the engine's own maximum
        ("live 200 KB x 9", lambda: live(204_800)),
        ("api 64 KB (largest accepted)", lambda: api(65_536)),
        ("live 24 KB + 9 short variants", lambda: live(24_000, dict.fromkeys(NINE, PARAGRAPH))),
    ]
    print(f"{'request':32} {'this checkout':>22}   {'6fad124 (probe)':>16}")
    wanted = sys.argv[1:]
    for name, run in runs:
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        client.logout()
        client.force_login(member(ws, "author"))  # a fresh user: the rate limit is per user
        started = time.perf_counter()
        response = run()
        elapsed = time.perf_counter() - started
        incomplete = " (STY901)" if b"STY901" in response.content else ""
        now = f"{elapsed:.2f} s, {response.status_code}{incomplete}"
        print(f"{name:32} {now:>22}   {PROBE.get(name, '-'):>16}")


if __name__ == "__main__":
    main()
