"""The composer's live check always runs (issue 13, item 3), shows a finding repeated across
variants once (item 4), and counts what saving stores (item 9)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from carepost.studio.posts.live import EMPTY_MESSAGE
from carepost.studio.posts.services import post_create, post_update
from carepost.studio.reviews.services import post_submit
from tests.studio.factories import make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules")]


@pytest.fixture
def ws():
    return make_workspace("Live Clinic")


@pytest.fixture
def author(ws, client):
    user = member(ws, "author")
    client.force_login(user)
    return user


def _check(client, ws, **data):
    return client.post(reverse("live_check", args=[ws.pk]), data)


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_is_a_validation_message_not_an_error(client, ws, author, text):
    response = _check(client, ws, text=text, on_x="on", variant_x="", seq="3")
    assert response.status_code == 200
    body = response.content.decode()
    assert html.escape(EMPTY_MESSAGE) in body
    assert 'class="finding' not in body and "<section" not in body  # nothing stale shown


def test_a_variant_alone_is_checked_when_the_master_text_is_empty(client, ws, author):
    body = _check(client, ws, text="", on_x="on", variant_x="Thanks patient Maria Lopez!").content
    body = body.decode()
    assert 'data-field="variant_x"' in body and 'data-code="TST901"' in body
    assert 'data-field="text"' not in body


def test_the_answer_echoes_the_request_number(client, ws, author):
    response = _check(client, ws, text="Flu shots today.", seq="41")
    assert response["X-Check-Seq"] == "41"
    assert "X-Check-Seq" not in _check(client, ws, text="Flu shots today.")


def test_the_composer_asks_for_the_check_from_the_panel_not_the_form(client, ws, author):
    """htmx validates a form before it sends it: with the request on the form, an empty title
    (a required field) stopped the live check. The panel sends it, including the form."""
    page = client.get(reverse("post_new", args=[ws.pk])).content.decode()
    form = re.search(r"<form[^>]*id=\"composer\"[^>]*>", page).group(0)
    assert "hx-post" not in form
    panel = re.search(r"<aside[^>]*id=\"panel\"[^>]*>", page, re.S).group(0)
    assert 'hx-include="#composer"' in panel and "hx-sync" in panel
    assert "carepost/composer.js" in page


def test_a_finding_in_every_variant_is_listed_once_with_the_texts_it_applies_to(client, ws, author):
    body = _check(
        client,
        ws,
        text="Thanks patient Maria Lopez!",
        on_x="on",
        variant_x="",
        on_facebook="on",
        variant_facebook="",
    ).content.decode()
    assert body.count('data-code="TST901"') == 1
    assert "Applies to: Master text, Facebook, X" in body
    assert body.count('<mark class="error"') == 3  # every text still highlights it


def test_saved_post_lists_a_repeated_finding_once(client, ws, author):
    post = post_create(
        actor=author,
        workspace=ws,
        title="t",
        text="Thanks patient Maria Lopez!",
        variants={"x": "", "instagram": ""},
    )
    post_submit(actor=author, post=post)
    page = client.get(reverse("post_detail", args=[ws.pk, post.pk])).content.decode()
    assert page.count('class="finding error" data-code="TST901"') == 1
    assert "Applies to: Master text, Instagram, X" in page
    blocked = re.search(r'id="approval-blocked">(.*?)</p>', page, re.S).group(1)
    assert blocked.count(">TST901 test-patient-named<") == 1


def test_line_endings_are_saved_as_newlines_so_counters_do_not_jump(client, ws, author):
    typed = "Flu shots today.\nWalk in any weekday.\nNo appointment needed."
    submitted = typed.replace("\n", "\r\n")  # what a browser posts for a textarea
    live = _check(client, ws, text=typed, on_x="on", variant_x="").content.decode()
    live_count = re.search(r'data-platform="x">(\d+) /', live).group(1)
    post = post_create(
        actor=author, workspace=ws, title="t", text=submitted, variants={"x": submitted}
    )
    post.refresh_from_db()
    assert post.text == typed and post.variants.get().text == typed
    saved = post.versions.get().reports["x"]["platform"]["length"]
    assert str(saved) == live_count
    post_update(actor=author, post=post, text=submitted + "\r\nSee you.")
    post.refresh_from_db()
    assert "\r" not in post.text
