"""Issue 11, finding 2: saving a post blocked the studio.

At 6fad124 ``post_create``/``post_update`` ran the whole check inside the write transaction
(``BEGIN IMMEDIATE`` on SQLite; a row lock on PostgreSQL): while one author's save was being
checked, other members' logins, comments and page views failed with "database is locked".

Here a test rule blocks the check on an Event (no timing), and other members write through the
studio meanwhile. The concurrent writes get 5 seconds of lock waiting (SQLite's busy timeout,
PostgreSQL's lock_timeout), so the old code fails instead of hanging."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from carepost.checks import rule as rule_module
from carepost.checks.model import Category, Finding, Level
from carepost.checks.rule import Rule
from carepost.studio.posts import checking
from carepost.studio.posts.models import Post
from carepost.studio.posts.services import post_content_hash, post_create
from carepost.studio.reviews.models import Comment
from tests.studio.factories import PASSWORD, make_workspace, member
from tests.support.flushable_audit import audit_triggers_off

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "slow-check"


class _Gate:
    """Each check of a text containing MARKER announces itself, then waits to be let through."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.go = threading.Semaphore(0)
        self.runs = 0


GATE = _Gate()


class _BlocksOnMarker(Rule):
    """Test double: a check that takes as long as the test wants (on texts with MARKER)."""

    code = "TST931"
    name = "test-blocks-on-marker"
    category = Category.STYLE
    level = Level.NOTE

    def check(self, ctx) -> Iterator[Finding]:
        if MARKER in ctx.text:
            GATE.runs += 1
            GATE.started.release()
            assert GATE.go.acquire(timeout=60), "the test never let the check through"
        return iter(())


@pytest.fixture(scope="module", autouse=True)
def _flushable(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), audit_triggers_off():
        yield


@pytest.fixture(autouse=True)
def _blocking_rule() -> Iterator[None]:
    global GATE
    GATE = _Gate()
    rule_module.all_rules()
    rule_module._REGISTRY["TST931"] = _BlocksOnMarker
    checking._engine.cache_clear()
    yield
    rule_module._REGISTRY.pop("TST931", None)
    checking._engine.cache_clear()


@pytest.fixture
def team():
    ws = make_workspace(policy_toml='[rules]\nselect = ["PLT001", "TST931"]\n')
    return {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "other": member(ws, "author", mfa=False),  # signs in with a password alone
        "privacy": member(ws, "privacy_officer"),
    }


def _lock_wait_bounded() -> None:
    """Give this thread's writes 5 s of lock waiting, like SQLite's busy_timeout."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")


def _save_in_thread(client: Client, url: str, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["response"] = client.post(url, data)
        except BaseException as exc:  # reported by the test, not lost in the thread
            out["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    out["thread"] = thread
    return out


def _finish(save: dict[str, Any]) -> Any:
    for _ in range(10):  # let every pending check through (the save may re-check)
        GATE.go.release()
    save["thread"].join(timeout=120)
    assert not save["thread"].is_alive()
    if "error" in save:
        raise save["error"]
    return save["response"]


def _edit_form(text: str) -> dict[str, str]:
    return {"title": "Flu clinic", "text": text}


def test_studio_keeps_writing_while_a_save_is_being_checked(team):
    ws = team["ws"]
    post = post_create(actor=team["author"], workspace=ws, title="Flu clinic", text="Flu shots.")
    author = Client()
    author.force_login(team["author"])
    save = _save_in_thread(
        author, reverse("post_edit", args=[ws.pk, post.pk]), _edit_form(f"Flu shots {MARKER}.")
    )
    try:
        assert GATE.started.acquire(timeout=60), "the save never reached the check"
        _lock_wait_bounded()
        # a login (a session and last_login written)
        visitor = Client()
        login = visitor.post(
            "/accounts/login/", {"login": team["other"].email, "password": PASSWORD}
        )
        assert login.status_code == 302 and "_auth_user_id" in visitor.session
        # a comment on the very post being saved
        comment = visitor.post(
            reverse("post_action", args=[ws.pk, post.pk, "comment"]), {"body": "On it."}
        )
        assert comment.status_code == 302
        assert Comment.objects.filter(post=post, body="On it.").exists()
        # the privacy officer's consent list (and their session write)
        officer = Client()
        officer.force_login(team["privacy"])
        assert officer.get(reverse("consent_list", args=[ws.pk])).status_code == 200
    finally:
        response = _finish(save)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.text == f"Flu shots {MARKER}."
    assert post.content_hash == post_content_hash(post)
    assert post.versions.order_by("-number").first().content["text"] == post.text


def test_content_changed_during_the_check_is_checked_again(team):
    ws = team["ws"]
    post = post_create(actor=team["author"], workspace=ws, title="Flu clinic", text="Flu shots.")
    author = Client()
    author.force_login(team["author"])
    save = _save_in_thread(
        author,
        reverse("post_edit", args=[ws.pk, post.pk]),
        {**_edit_form(f"Flu shots {MARKER}."), "on_x": "on", "variant_x": ""},
    )
    try:
        assert GATE.started.acquire(timeout=60)
        _lock_wait_bounded()
        # meanwhile the owner adds a source: content the author's check did not see
        owner = Client()
        owner.force_login(team["owner"])
        edit = owner.post(
            reverse("post_edit", args=[ws.pk, post.pk]),
            {**_edit_form("Flu shots."), "sources": "https://www.cdc.gov/flu"},
        )
        assert edit.status_code == 302
    finally:
        response = _finish(save)
    assert response.status_code == 302
    assert GATE.runs >= 3  # master + X checked once, then again after the owner's edit
    post = Post.objects.get(pk=post.pk)
    version = post.versions.order_by("-number").first()
    # what is stored is what was checked: the author's text, and the reports of it
    assert version.content["text"] == post.text == f"Flu shots {MARKER}."
    assert version.content_hash == post.content_hash == post_content_hash(post)
    assert set(version.reports) == {"master", "x"}


def test_a_post_that_keeps_changing_refuses_the_save_and_keeps_the_text(team):
    ws = team["ws"]
    post = post_create(actor=team["author"], workspace=ws, title="Flu clinic", text="Flu shots.")
    author = Client()
    author.force_login(team["author"])
    text = f"Flu shots, walk in today {MARKER}."
    save = _save_in_thread(author, reverse("post_edit", args=[ws.pk, post.pk]), _edit_form(text))
    owner = Client()
    owner.force_login(team["owner"])
    try:
        for n in range(3):  # every attempt's check is overtaken by another edit
            assert GATE.started.acquire(timeout=60)
            edit = owner.post(
                reverse("post_edit", args=[ws.pk, post.pk]), _edit_form(f"Flu shots ({n}).")
            )
            assert edit.status_code == 302
            GATE.go.release()
    finally:
        response = _finish(save)
    assert response.status_code == 409
    body = response.content.decode()
    assert "kept changing" in body
    assert re.search(r"<textarea[^>]*>\s*" + re.escape(text) + r"</textarea>", body)
    assert Post.objects.get(pk=post.pk).text == "Flu shots (2)."
