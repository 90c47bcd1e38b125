"""Finding 12: production must require MFA for the roles that see consent records.

A guard rather than a replay: at 6fad124 ``settings.production`` already set
``CAREPOST_REQUIRE_MFA = True`` (the probe found MFA off in the *demo*, which is intended), so
this test passes there too. It boots the real production settings in a subprocess, with the
environment trying to switch MFA off, and walks a privacy officer without TOTP into the studio
and the API. It also proves that ``migrate`` alone prepares a production database for the
login limiter and the check's rate limit (the database cache's table; the test runner's own
database set-up would create it anyway, so only a real ``migrate`` shows it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import django, json
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    from tests.studio.factories import make_workspace, member
    ws = make_workspace("Prod Clinic")
    out = {"require_mfa": settings.CAREPOST_REQUIRE_MFA}
    for role in ["owner", "privacy_officer", "author", "analyst"]:
        user = member(ws, role, mfa=False)
        client = Client(HTTP_HOST="studio.example.org")
        client.force_login(user)
        page = client.get(f"/w/{ws.pk}/", secure=True)
        api = client.post("/api/v1/check", data=json.dumps({"text": "Flu shots."}),
                          content_type="application/json", secure=True)
        out[role] = [page.status_code, page.get("Location", ""), api.status_code,
                     api.json().get("error")]
    print(json.dumps(out))
    """
)


def test_production_requires_mfa_for_consent_roles(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carepost.studio.settings.production",
        "CAREPOST_SECRET_KEY": "p" * 20 + "-production-mfa-test-0123456789abcdefghij",
        "CAREPOST_ALLOWED_HOSTS": "studio.example.org",
        "CAREPOST_DATA_DIR": str(tmp_path),
        "CAREPOST_REQUIRE_MFA": "0",  # the environment cannot switch it off in production
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    import json

    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["require_mfa"] is True
    for role in ["owner", "privacy_officer"]:
        status, location, api_status, api_error = out[role]
        assert status == 302 and location.endswith("/accounts/2fa/totp/activate/"), out
        assert api_status == 403 and api_error == "mfa_required", out
    for role in ["author", "analyst"]:  # roles that never see consent records
        status, _, api_status, _ = out[role]
        assert status == 200 and api_status == 200, out


def test_readme_says_production_requires_mfa():
    readme = (ROOT / "README.md").read_text()
    assert "Production settings always require it" in readme
