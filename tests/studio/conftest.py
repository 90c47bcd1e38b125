from __future__ import annotations

import pytest


@pytest.fixture
def demo(db):
    from carepost.studio.demo import seed_demo

    seed_demo()
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="demo")
