"""Finding 6 (Medium): the login limiter locked out other accounts.

At 6fad124 the limit was keyed on the client IP alone (``5/5m/ip``) with no trusted-proxy
setting: after 5 bad passwords for one user, the *correct* password of another user from the
same address was refused; the counters lived in each process's memory (lost on restart,
separate per worker). Now failures count per account + client IP (plus a looser per-IP rate),
``X-Forwarded-For`` counts only from ``CAREPOST_TRUSTED_PROXIES``, and the counters live in the
database cache.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.studio.factories import PASSWORD, make_workspace, member

pytestmark = pytest.mark.django_db

LIMITED = "Too many failed login attempts"


def _login(client, user, password, **headers):
    return client.post(
        "/accounts/login/", {"login": user.email, "password": password}, headers=headers
    )


def _fail_five(client, user, **headers):
    for i in range(5):
        page = _login(client, user, f"wrong-{i}", **headers)
        assert page.status_code == 200 and LIMITED not in page.content.decode()


@pytest.fixture
def two_users():
    ws = make_workspace()
    return member(ws, "author"), member(ws, "analyst")


def test_bad_passwords_for_one_account_do_not_block_another(two_users):
    """6fad124: B's correct password after A's 5 failures from the same address → limited."""
    a, b = two_users
    for i in range(5):  # forged X-Forwarded-For values: ignored, all count against the peer
        page = _login(Client(), a, f"wrong-{i}", x_forwarded_for=f"198.51.100.{i}")
        assert LIMITED not in page.content.decode()
    response = _login(Client(), b, PASSWORD)  # same IP (127.0.0.1), other account
    assert response.status_code == 302
    response = _login(Client(), a, PASSWORD, x_forwarded_for="192.0.2.99")
    assert response.status_code == 200 and LIMITED in response.content.decode()


def test_password_spraying_from_one_address_is_still_limited():
    """6fad124: the 6th account tried from one address was already refused (5/5m/ip); now
    30 failures across accounts are allowed from one address (an office behind one NAT) and
    the 31st attempt is refused."""
    ws = make_workspace()
    users = [member(ws, "analyst") for _ in range(31)]
    client = Client()
    for user in users[:30]:
        page = _login(client, user, "wrong")
        assert page.status_code == 200 and LIMITED not in page.content.decode()
    response = _login(client, users[30], PASSWORD)
    assert response.status_code == 429 or LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_trusted_proxies_give_the_client_address(two_users, settings):
    """6fad124 had no trusted-proxy setting: behind a proxy every user shared its address."""
    settings.CAREPOST_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    a, _ = two_users
    for i in range(5):  # a forged address prepended by the client does not help it
        _login(Client(), a, f"wrong-{i}", x_forwarded_for=f"1.2.3.{i}, 203.0.113.5, 10.0.0.2")
    limited = _login(Client(), a, PASSWORD, x_forwarded_for="9.9.9.9, 203.0.113.5, 10.0.0.2")
    assert limited.status_code == 200 and LIMITED in limited.content.decode()
    owner = _login(Client(), a, PASSWORD, x_forwarded_for="198.51.100.7, 10.0.0.2")
    assert owner.status_code == 302


def test_counters_live_in_the_shared_database_cache(two_users):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    table = settings.CACHES["default"]["LOCATION"]
    a, _ = two_users
    _fail_five(Client(), a)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login_failed" in k for k in keys)
    # another worker (a new cache object over the same table) sees the same counters
    from django.core.cache.backends.db import DatabaseCache

    other_worker = DatabaseCache(table, {})
    counted = [k for k in keys if "login_failed" in k and "/key" in k]
    assert counted and len(other_worker.get(counted[0].split(":", 2)[-1], [])) == 5
