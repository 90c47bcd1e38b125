"""The live check in a browser (issue 13, item 3): it runs with no title, and an answer that
arrives late never replaces a newer one. Playwright with Debian's chromium (``-m browser``)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.studio.test_browser import ARGS, CHROMIUM, browser, login, team  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("studio_rules"),
    pytest.mark.skipif(
        connection.vendor == "postgresql", reason="TRUNCATE of the audit table is rejected"
    ),
]


def _composer(browser, live_server, team):  # noqa: F811
    ws, users = team
    page = login(browser, live_server.url, *users["author"])
    page.goto(f"{live_server.url}/w/{ws.pk}/posts/new/")
    page.locator("#check-message").wait_for()  # the first check ran: nothing to check yet
    return page


def test_live_check_runs_without_a_title(browser, live_server, team):  # noqa: F811
    page = _composer(browser, live_server, team)
    assert page.input_value("#id_title") == ""
    page.fill("#id_text", "Thank you to patient Maria Lopez for visiting!")
    page.locator('#panel .finding[data-code="TST901"]').wait_for()
    page.fill("#id_text", "")
    page.locator("#check-message").wait_for()  # emptied: a message, not the old findings
    assert page.locator("#panel .finding").count() == 0


def test_a_late_answer_never_replaces_a_newer_one(browser, live_server, team):  # noqa: F811
    """The adapt button's request is held until a newer check is on screen: its late answer
    (findings for the old text, and a variant written from it) changes nothing."""
    page = _composer(browser, live_server, team)
    held = []

    def hold_adapt(route, request):
        if "adapt=1" in (request.post_data or "") and not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/check/", hold_adapt)
    page.check("#id_on_x")
    page.fill("#id_text", "Thank you to patient Maria Lopez for visiting!")
    page.locator('#panel .finding[data-code="TST901"]').first.wait_for()
    page.click("#adapt")
    page.wait_for_function("() => document.querySelector('#panel .finding') !== null")
    page.fill("#id_text", "Flu shots are here: walk in any weekday.")
    page.wait_for_function(
        "() => document.querySelectorAll('#panel .finding[data-code=\"TST901\"]').length === 0"
    )
    assert held, "the adapt request was not held"
    newer = page.evaluate("() => window.carepostCheckSeq().shown")
    held[0].continue_()
    page.wait_for_timeout(1500)  # the late answer arrives now, and is dropped
    assert page.evaluate("() => window.carepostCheckSeq().shown") == newer
    assert page.locator('#panel .finding[data-code="TST901"]').count() == 0
    assert page.input_value("#id_variant_x") == ""  # the late variant was not written


def test_the_sequence_guard_drops_older_answers(browser, live_server, team):  # noqa: F811
    page = _composer(browser, live_server, team)
    swaps = page.evaluate(
        """() => {
          const answer = (seq) => {
            const detail = {xhr: {getResponseHeader: (h) => h === "X-Check-Seq" ? String(seq) : null},
                            shouldSwap: true};
            document.body.dispatchEvent(new CustomEvent("htmx:beforeSwap", {detail, bubbles: true}));
            return detail.shouldSwap;
          };
          return [answer(100), answer(99), answer(101), answer(100)];
        }"""
    )
    assert swaps == [True, False, True, False]
