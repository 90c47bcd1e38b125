"""Attack replays of the 6fad124 probe (issue 11). Each test names the finding it replays and
what the code answered at 6fad124; every one failed there and passes now."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    if request.node.get_closest_marker("django_db") is None:
        yield  # the cache is the database cache: nothing to clear without a database
        return
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path):
    settings.CAREPOST_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


def post_json(client, url: str, body) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")
