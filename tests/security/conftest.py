"""Attack replays of the 6fad124 probe (issue 11). Each test names the finding it replays and
what the code answered at 6fad124; every one failed there and passes now."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


def post_json(client, url: str, body) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")
