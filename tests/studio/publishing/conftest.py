from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carepost.studio.publishing.models import ConnectedAccount
from carepost.studio.workspaces.models import Role
from tests.support.fakeplatform import FakePlatform

from ..factories import make_workspace, member

FAST = {
    "LEASE_SECONDS": 30,
    "HTTP_TIMEOUT": 2,
    "BACKOFF_BASE": 1,
    "RECONCILE_DELAY": 1,
    "POLL_INTERVAL": 0,
    "POLL_TIMEOUT": 1,
}


@pytest.fixture
def fake():
    with FakePlatform(seed=7) as platform:
        yield platform


@pytest.fixture(autouse=True)
def fast_engine(settings):
    settings.CAREPOST_PUBLISHING = FAST
    settings.CAREPOST_PUBLISH_APP_LIMITS = {}
    yield
    from carepost.studio.publishing.services import _HTTP

    for http in _HTTP.values():  # the per-process pool outlives the fake server of one test
        http.close()
    _HTTP.clear()


@pytest.fixture
def ws(db):
    return make_workspace("Riverside Clinic")


@pytest.fixture
def owner(ws):
    return member(ws, Role.OWNER, email="owner@clinic.test")


@pytest.fixture
def account(ws, fake):
    return ConnectedAccount.objects.create(
        workspace=ws,
        platform="x",
        external_id="u1",
        display_name="@clinic",
        api_base_url=fake.url,
        access_token="tok-u1",
    )


@pytest.fixture
def due():
    return timezone.now() - timedelta(seconds=5)
