from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from carepost.studio.audit.models import AuditEvent
from carepost.studio.workspaces.services import membership_remove

from .factories import PASSWORD, make_workspace, member, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


def _login(client, user):
    client.force_login(user)
    assert client.get("/").status_code == 200


def test_idle_timeout_logs_out():
    from django.test import Client

    client = Client()
    ws = make_workspace()
    user = member(ws, "author")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _login(client, user)
        traveller.shift(timedelta(seconds=settings.CAREPOST_SESSION_IDLE_SECONDS - 60))
        assert client.get("/").status_code == 200  # activity keeps the session alive
        traveller.shift(timedelta(seconds=settings.CAREPOST_SESSION_IDLE_SECONDS + 1))
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert client.get("/").status_code == 302  # really logged out


def test_absolute_lifetime_even_with_activity(client):
    ws = make_workspace()
    user = member(ws, "author")
    step = timedelta(seconds=settings.CAREPOST_SESSION_IDLE_SECONDS // 2)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _login(client, user)
        elapsed = timedelta(0)
        while elapsed + step < timedelta(seconds=settings.CAREPOST_SESSION_MAX_SECONDS):
            traveller.shift(step)
            elapsed += step
            assert client.get("/").status_code == 200
        traveller.shift(step + timedelta(seconds=1))
        assert client.get("/").status_code == 302


def test_removing_a_member_ends_their_sessions(client, django_capture_on_commit_callbacks):
    ws = make_workspace()
    owner = member(ws, "owner")
    user = member(ws, "author")
    _login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        membership_remove(actor=owner, workspace=ws, user=user)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEvent.objects.filter(event_type="membership.remove").exists()


def test_consent_roles_must_set_up_mfa(client):
    ws = make_workspace()
    officer = member(ws, "privacy_officer", mfa=False)
    author = member(ws, "author", mfa=False)
    client.force_login(officer)
    response = client.get(f"/w/{ws.pk}/consents/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    # the setup page itself is reachable (allauth first asks for the password again)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauth")
    client.force_login(author)  # authors cannot see consent records: no MFA requirement
    assert client.get(f"/w/{ws.pk}/").status_code == 200


def test_login_with_totp_and_audit(client):
    ws = make_workspace()
    user = member(ws, "privacy_officer", mfa=False)
    from .factories import enable_totp

    secret = enable_totp(user)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get(f"/w/{ws.pk}/").status_code == 302  # not signed in until the code
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(f"/w/{ws.pk}/consents/").status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.login", actor_id=user.pk).exists()


def test_brute_force_is_limited_also_for_the_admin(client):
    ws = make_workspace()
    user = member(ws, "owner")
    user.is_staff = user.is_superuser = True
    user.save()
    # the admin's own login form is replaced by the rate-limited allauth login
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post("/admin/login/", {"username": user.email, "password": "wrong"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    limited = "Too many failed login attempts"
    pages = [
        client.post("/accounts/login/", {"login": user.email, "password": f"wrong-{i}"})
        for i in range(6)
    ]
    assert [limited in p.content.decode() for p in pages] == [False] * 5 + [True]
    # even the right password is refused while limited
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200 and limited in response.content.decode()
    assert AuditEvent.objects.filter(event_type="auth.login.fail").count() >= 5


def test_check_deploy_is_clean_on_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carepost.studio.settings.production",
        "CAREPOST_SECRET_KEY": "k" * 20 + "-production-test-key-0123456789abcdefghij",
        "CAREPOST_ALLOWED_HOSTS": "studio.example.org",
        "CAREPOST_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_mfa_pages_render_totp_and_webauthn(client):
    ws = make_workspace()
    user = member(ws, "owner")
    client.force_login(user)
    for url in ["/accounts/2fa/", "/accounts/2fa/webauthn/"]:
        assert client.get(url).status_code == 200, url
