"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's
live_server. Run with ``pytest -m browser``; never ``playwright install``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from carepost.studio.posts.services import post_create, post_schedule
from carepost.studio.reviews.services import post_review_approve, post_submit

from .factories import PASSWORD, enable_totp, make_consent, make_workspace, member, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("studio_rules"),
    # live_server empties the database with TRUNCATE between tests, which the audit table's
    # append-only trigger rejects on PostgreSQL; the browser flows run on SQLite.
    pytest.mark.skipif(
        connection.vendor == "postgresql", reason="TRUNCATE of the audit table is rejected"
    ),
]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser(monkeypatch) -> Iterator:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between page actions are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def login(browser, base: str, user, secret: str):
    """Sign in with email + password, then the TOTP code computed here."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", totp_code(secret))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


@pytest.fixture
def team(transactional_db):
    ws = make_workspace("Browser Clinic")
    users = {}
    for role in ["owner", "author", "clinical_reviewer", "privacy_officer"]:
        user = member(ws, role, mfa=False)
        users[role] = (user, enable_totp(user))
    return ws, users


def test_privacy_error_blocks_then_claim_routes_approve_edit_resets(browser, live_server, team):
    ws, users = team
    base = live_server.url
    author = login(browser, base, *users["author"])

    # compose with a patient's name: the live panel shows the privacy error
    author.goto(f"{base}/w/{ws.pk}/posts/new/")
    author.fill("#id_title", "Thank-you post")
    author.fill("#id_text", "Thank you to patient Maria Lopez for visiting!")
    finding = author.locator('#panel .finding[data-code="TST901"]')
    finding.wait_for()
    assert "error" in finding.get_attribute("class")
    assert author.locator("#panel mark.error").inner_text() == "Maria Lopez"
    author.click("button.primary")
    author.wait_for_url(re.compile(r".*/posts/\d+/$"))
    author.click("#submit-review")
    author.locator("#approval-blocked").wait_for()
    assert author.locator("#post-status").inner_text() == "In review"

    # a claim routes to the clinical reviewer
    author.goto(f"{base}/w/{ws.pk}/posts/new/")
    author.fill("#id_title", "Cold remedy")
    author.fill("#id_text", "Our tea cures colds.")
    author.locator('#panel .finding[data-code="TST902"]').wait_for()
    author.click("button.primary")
    author.wait_for_url(re.compile(r".*/posts/\d+/$"))
    claim_url = author.url
    author.click("#submit-review")
    author.locator('.step[data-kind="clinical"]').wait_for()

    # the clinical reviewer and the marketing approver approve
    clinical = login(browser, base, *users["clinical_reviewer"])
    clinical.goto(claim_url)
    clinical.click('.step[data-kind="clinical"] button.approve')
    clinical.wait_for_load_state()
    owner = login(browser, base, *users["owner"])
    owner.goto(claim_url)
    owner.click('.step[data-kind="marketing"] button.approve')
    owner.wait_for_load_state()
    assert owner.locator("#post-status").inner_text() == "Approved"

    # an edit after approval resets it
    author.goto(claim_url + "edit/")
    author.fill("#id_text", "Our tea cures colds, fast.")
    author.click("button.primary")
    author.wait_for_url(claim_url)
    assert author.locator("#post-status").inner_text() == "In review"
    assert author.locator(".stale").count() == 2


def test_revoking_consent_sends_scheduled_post_back_to_review(browser, live_server, team):
    ws, users = team
    author_user = users["author"][0]
    privacy_user = users["privacy_officer"][0]
    consent = make_consent(ws, privacy_user)
    post = post_create(
        actor=author_user, workspace=ws, title="Story", text="A story.", consent_ids=[consent.pk]
    )
    post_submit(actor=author_user, post=post)
    post_review_approve(actor=users["owner"][0], post=post)
    post_schedule(actor=author_user, post=post, at=timezone.now() + timedelta(days=3))

    base = live_server.url
    privacy = login(browser, base, *users["privacy_officer"])
    privacy.goto(f"{base}/w/{ws.pk}/consents/{consent.pk}/")
    privacy.fill("input[name=reason]", "patient withdrew")
    privacy.click("#revoke")
    privacy.wait_for_load_state()
    privacy.goto(f"{base}/w/{ws.pk}/posts/{post.pk}/")
    assert privacy.locator("#post-status").inner_text() == "In review"
    assert f"C-{consent.pk}" in privacy.locator("#status-reason").inner_text()


def test_drag_on_the_calendar_reschedules(browser, live_server, team):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ws, users = team
    author_user = users["author"][0]
    post = post_create(actor=author_user, workspace=ws, title="Drag me", text="Flu shots.")
    post_submit(actor=author_user, post=post)
    post_review_approve(actor=users["owner"][0], post=post)
    zone = ZoneInfo(ws.timezone)
    post_schedule(actor=author_user, post=post, at=datetime(2027, 3, 10, 9, 0, tzinfo=zone))
    base = live_server.url
    page = login(browser, base, *users["author"])
    page.goto(f"{base}/w/{ws.pk}/calendar/?month=2027-03")
    page.drag_and_drop(".cal-post[draggable=true]", 'td[data-date="2027-03-17"]')
    page.locator('td[data-date="2027-03-17"] .cal-post').wait_for()
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(zone) == datetime(2027, 3, 17, 9, 0, tzinfo=zone)
