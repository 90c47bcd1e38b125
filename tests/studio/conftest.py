from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from carepost.checks.model import Category, Finding, Level, Span
from carepost.checks.rule import Rule


@pytest.fixture
def demo(db):
    from carepost.studio.demo.seed import seed_demo

    seed_demo(calendar=False)  # the month of calendar posts: see test_smoke
    from django.contrib.auth import get_user_model

    from .factories import enable_totp

    user = get_user_model().objects.get(username="demo")
    enable_totp(user)  # the demo owner can see consent records: MFA is required
    return user


class _PatientNamed(Rule):
    """Test double of a privacy rule: "patient <First Last>" is a patient name."""

    code = "TST901"
    name = "test-patient-named"
    category = Category.PRIVACY
    level = Level.ERROR

    def check(self, ctx) -> Iterator[Finding]:
        for m in re.finditer(r"[Pp]atient ([A-Z][a-z]+ [A-Z][a-z]+)", ctx.text):
            yield Finding(
                code=self.code,
                name=self.name,
                category=self.category,
                level=self.level,
                message="a patient's name",
                span=Span(m.start(1), m.end(1)),
                explanation="test pattern",
            )


class _Cures(Rule):
    """Test double of a claims rule: the word "cures" is an absolute claim."""

    code = "TST902"
    name = "test-cures"
    category = Category.CLAIMS
    level = Level.WARNING

    def check(self, ctx) -> Iterator[Finding]:
        for m in re.finditer(r"\bcures?\b", ctx.text):
            yield Finding(
                code=self.code,
                name=self.name,
                category=self.category,
                level=self.level,
                message="absolute claim",
                span=Span(m.start(), m.end()),
            )


@pytest.fixture
def studio_rules() -> Iterator[None]:
    """Make the studio's engines run two small test rules alongside the real ones, so these
    tests do not depend on which checker rules have landed. Removed afterwards."""
    from carepost.checks import rule as rule_module
    from carepost.studio.posts import checking

    rule_module.all_rules()  # discover the real rules first
    rule_module._REGISTRY["TST901"] = _PatientNamed
    rule_module._REGISTRY["TST902"] = _Cures
    checking._engine.cache_clear()
    try:
        yield
    finally:
        rule_module._REGISTRY.pop("TST901", None)
        rule_module._REGISTRY.pop("TST902", None)
        checking._engine.cache_clear()


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path):
    """Signed audit checkpoints (housekeeping writes them) stay inside each test."""
    settings.CAREPOST_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture(autouse=True)
def _audit_table_flushable(request):
    """Transactional tests (live_server) empty the database after each test with DELETE
    (SQLite), which the audit table's append-only triggers refuse: drop them just for that
    flush and put them back afterwards. Teardown runs in reverse order of set-up:
    ``_audit_triggers_dropped`` (drop) → ``transactional_db`` (flush) → here (re-install)."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    from carepost.studio.audit.triggers import install_sqlite_triggers

    request.getfixturevalue("transactional_db")
    request.getfixturevalue("_audit_triggers_dropped")
    yield
    install_sqlite_triggers()


@pytest.fixture
def _audit_triggers_dropped():
    from django.db import connection

    from carepost.studio.audit.triggers import SQLITE_DROP

    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in SQLITE_DROP:
                cursor.execute(sql)
