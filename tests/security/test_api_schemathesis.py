"""A bounded, deterministic schemathesis run against ``/api/openapi.json``, in-process.

The outside probe of 6fad124 ran schemathesis from outside (15,011 cases: 1 server error, 4
responses that broke the schema). This run is bounded (``MAX_EXAMPLES`` per operation,
hypothesis derandomized, so every run sends the same cases) and goes through Django's WSGI
handler in this process, signed in as a workspace member with a CSRF token. Each case must
answer without a server error, with a documented status code, content type and body schema.
``CASES`` counts the cases sent (the test asserts a floor, the report prints it).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.studio.factories import fast_policy, make_workspace, member

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 40
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
CASES: dict[str, int] = {}

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def session(settings):
    # As Django's test client does: a WSGI request must not close the test's database
    # connection (it holds the test transaction; PostgreSQL would lose it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _signed_in(settings)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _signed_in(settings) -> dict:
    settings.CAREPOST_CHECK_RATE_PER_MINUTE = 10_000  # measure the API, not the rate limit
    settings.CAREPOST_CHECK_CHARS_PER_MINUTE = 10**9
    ws = make_workspace("Fuzz", policy_toml=fast_policy())
    user = member(ws, "author")
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    cookies[settings.CSRF_COOKIE_NAME] = csrf
    return {"cookies": cookies, "headers": {"X-CSRFToken": csrf}}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_case_by_its_schema(case, session):
    response = case.call(headers=session["headers"], cookies=session["cookies"])
    case.validate_response(response, checks=CHECKS)
    key = f"{case.method} {case.path}"
    CASES[key] = CASES.get(key, 0) + 1


def test_cases_ran():
    """Runs after the parametrized test (same module, file order): the run was not empty."""
    total = sum(CASES.values())
    print(f"schemathesis: {total} cases over {len(CASES)} operations: {CASES}")
    assert len(CASES) >= 4 and total >= 4 * 10
