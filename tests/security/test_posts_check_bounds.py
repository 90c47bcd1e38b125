"""Issue 11, finding 3: unbounded CPU per request.

At 6fad124 a 1 MB text sent to ``POST /api/v1/check`` was checked (58 s), and a live check of
200 KB × 9 platforms ran for 93 s; nothing limited how often a user could do it. Now every text
is capped (``CAREPOST_MAX_TEXT_CHARS``, 64K), so is the work of one request, checks per user and
minute are counted, and the engine has a time budget whose report says when it ran out
(``STY901``, which blocks approval and cannot be waived).

The workspaces here run cheap rules plus one that records each text it is given, so "nothing
was checked" is observed, not timed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from carepost.checks import rule as rule_module
from carepost.checks.model import Category, Finding, Level
from carepost.checks.rule import Rule
from carepost.studio.errors import ApprovalBlocked, Unprocessable, ValidationFailed
from carepost.studio.posts import checking
from carepost.studio.posts.models import Post
from carepost.studio.posts.services import post_create, post_update
from carepost.studio.reviews.services import post_review_approve, post_submit, post_waiver_record
from tests.studio.factories import make_workspace, member

pytestmark = pytest.mark.django_db

CHECKED: list[int] = []  # the length of every text the checker was given


class _Records(Rule):
    """Test double: records the length of each text it checks."""

    code = "TST941"
    name = "test-records-texts"
    category = Category.STYLE
    level = Level.NOTE

    def check(self, ctx) -> Iterator[Finding]:
        CHECKED.append(len(ctx.text))
        return iter(())


@pytest.fixture(autouse=True)
def _recording_rule() -> Iterator[None]:
    rule_module.all_rules()
    rule_module._REGISTRY["TST941"] = _Records
    checking._engine.cache_clear()
    CHECKED.clear()
    yield
    rule_module._REGISTRY.pop("TST941", None)
    checking._engine.cache_clear()


@pytest.fixture
def team(client):
    ws = make_workspace(policy_toml='[rules]\nselect = ["PLT001", "TST941"]\n')
    people = {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "privacy": member(ws, "privacy_officer"),
    }
    client.force_login(people["author"])
    return people


NINE = [
    "instagram",
    "facebook",
    "linkedin",
    "x",
    "tiktok",
    "threads",
    "youtube",
    "bluesky",
    "mastodon",
]


def test_api_refuses_a_megabyte_text_before_checking_it(client, team):
    response = client.post(
        "/api/v1/check",
        # 1,000,000 characters: the most the engine takes (6fad124 checked it and answered 200)
        data=json.dumps(
            {"text": "Flu shots today. " * 58_823 + "x" * 9, "workspace": team["ws"].pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422, response.status_code
    body = response.json()
    assert body["field"] == "text" and body["error"] == "text_too_long"
    assert "1,000,000 characters; the limit is 65,536" in body["message"]
    assert CHECKED == []


def test_live_check_of_200k_on_nine_platforms_is_refused_before_checking(client, team):
    text = "Flu shots today. " * 12_000  # 204,000 characters
    data = {"text": text, **{f"on_{p}": "on" for p in NINE}}
    response = client.post(reverse("live_check", args=[team["ws"].pk]), data)
    assert response.status_code == 422
    assert "the text has 204,000 characters; the limit is 65,536" in response.content.decode()
    assert CHECKED == []


def test_live_check_work_is_capped_across_platforms(client, team):
    text = "Flu shots today. " * 3_500  # 59,500 characters: under the per-text cap
    data = {"text": text, **{f"on_{p}": "on" for p in NINE}}  # empty variants: the master text
    response = client.post(reverse("live_check", args=[team["ws"].pk]), data)
    assert response.status_code == 422
    assert "too much text to check at once: 595,000 characters across 10 texts" in (
        response.content.decode()
    )
    assert CHECKED == []
    # with short platform variants the same master text is checked
    data.update({f"variant_{p}": "Flu shots today." for p in NINE})
    assert client.post(reverse("live_check", args=[team["ws"].pk]), data).status_code == 200
    assert sorted(CHECKED) == [16] * 9 + [59_500]


def test_saving_a_text_over_the_cap_keeps_it_in_the_form_with_the_reason(client, team):
    ws = team["ws"]
    text = "x" * 70_000
    response = client.post(reverse("post_new", args=[ws.pk]), {"title": "Long", "text": text})
    assert response.status_code == 200 and not Post.objects.exists()
    page = response.content.decode()
    assert "at most 65536 characters (it has 70000)" in page and text in page
    with pytest.raises(Unprocessable, match="the limit is 65,536") as refused:
        post_create(actor=team["author"], workspace=ws, title="Long", text=text)
    assert refused.value.field == "text" and refused.value.status == 422
    post = post_create(actor=team["author"], workspace=ws, title="Short", text="Flu shots.")
    with pytest.raises(Unprocessable) as refused:
        post_update(actor=team["author"], post=post, variants={"x": text})
    assert refused.value.field == "variant_x"
    assert [len("Flu shots.")] == CHECKED


def test_checks_are_rate_limited_per_user_and_minute(client, team, settings):
    settings.CAREPOST_CHECK_RATE_PER_MINUTE = 3
    url = reverse("live_check", args=[team["ws"].pk])
    with time_machine.travel(timezone.now().replace(second=1), tick=False) as clock:
        for _ in range(3):
            assert client.post(url, {"text": "Flu shots today."}).status_code == 200
        refused = client.post(url, {"text": "Flu shots today."})
        assert refused.status_code == 429 and "too many checks" in refused.content.decode()
        api = client.post(
            "/api/v1/check", json.dumps({"text": "Flu shots."}), content_type="application/json"
        )
        assert api.status_code == 429 and api.json()["error"] == "rate_limited"
        client.force_login(team["owner"])  # another member is not affected
        assert client.post(url, {"text": "Flu shots today."}).status_code == 200
        client.force_login(team["author"])
        clock.shift(timedelta(minutes=1))
        assert client.post(url, {"text": "Flu shots today."}).status_code == 200


def test_checked_characters_per_minute_are_limited_too(client, team, settings):
    settings.CAREPOST_CHECK_CHARS_PER_MINUTE = 100_000
    url = reverse("live_check", args=[team["ws"].pk])
    text = "Flu shots today. " * 3_000  # 51,000 characters
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        assert client.post(url, {"text": text}).status_code == 200
        assert client.post(url, {"text": text}).status_code == 429


def test_a_check_out_of_time_says_so_blocks_approval_and_is_rechecked(client, team, settings):
    ws = team["ws"]
    settings.CAREPOST_CHECK_BUDGET_SECONDS = 0  # every rule finds the budget spent
    live = client.post(reverse("live_check", args=[ws.pk]), {"text": "Flu shots.", "on_x": "on"})
    assert live.content.decode().count("STY901") >= 2  # the master text and X
    post = post_create(actor=team["author"], workspace=ws, title="Flu", text="Flu shots.")
    assert CHECKED == []
    post_submit(actor=team["author"], post=post)
    with pytest.raises(ApprovalBlocked, match="STY901"):
        post_review_approve(actor=team["owner"], post=post)
    with pytest.raises(ValidationFailed, match="cannot be waived"):
        post_waiver_record(actor=team["privacy"], post=post, code="STY901", reason="fine")
    settings.CAREPOST_CHECK_BUDGET_SECONDS = 15
    post_update(actor=team["author"], post=post, text="Flu shots.")  # same text: checked again
    assert [len("Flu shots.")] == CHECKED
    post_review_approve(actor=team["owner"], post=post)
    post.refresh_from_db()
    assert post.status == "approved"
