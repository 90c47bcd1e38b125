"""Error pages as a person sees them (issue 13, item 10): a 403 says in plain words who may do
what (the sentence comes from the service's permission error), 404 and 500 are styled studio
pages, and the studio has a favicon of its own (no CDN)."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from carepost.studio.errors import PermissionDenied
from carepost.studio.workspaces.permissions import CAP_ACTIONS, Cap, denied_message
from carepost.studio.workspaces.selectors import workspace_access

from .factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db

STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/carepost/studio\.css">')


def test_every_capability_has_a_plain_sentence():
    assert set(CAP_ACTIONS) == set(Cap)
    assert (
        denied_message(Cap.VIEW_CONSENT)
        == "Only owners and privacy officers can open consent forms."
    )
    assert denied_message(Cap.RECORD_WAIVER) == "Only privacy officers can waive a finding."
    assert (
        denied_message(Cap.EXPORT_EVIDENCE)
        == "Only owners, clinical reviewers and privacy officers can export a post's evidence."
    )


def test_the_service_permission_error_carries_the_sentence():
    ws = make_workspace("Errors Clinic")
    author = member(ws, "author")
    with pytest.raises(PermissionDenied) as exc:
        workspace_access(user=author, workspace=ws).require(Cap.VIEW_CONSENT)
    assert exc.value.message == "Only owners and privacy officers can open consent forms."


def test_403_page_speaks_plainly(client):
    ws = make_workspace("Errors Clinic")
    privacy = member(ws, "privacy_officer")
    consent = make_consent(ws, privacy)
    author = member(ws, "author")
    client.force_login(author)
    response = client.get(reverse("consent_detail", args=[ws.pk, consent.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Only owners and privacy officers can open consent forms." in body
    assert "<h1>Not allowed</h1>" in body
    assert "view_consent" not in body  # no internal capability names
    assert STYLESHEET.search(body)


def test_404_page_is_a_styled_studio_page(client):
    ws = make_workspace("Errors Clinic")
    client.force_login(member(ws, "author"))
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Not found</h1>" in body and "There is no page at this address." in body
    assert STYLESHEET.search(body)
    assert 'class="topbar"' in body  # the studio's header, with the way home


def test_500_page_is_styled_and_needs_no_database():
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Something went wrong</h1>" in body
    assert STYLESHEET.search(body)
    assert 'href="/static/carepost/favicon.svg"' in body


def test_favicon_is_vendored(client):
    ws = make_workspace("Errors Clinic")
    client.force_login(member(ws, "author"))
    page = client.get(reverse("post_list", args=[ws.pk])).content.decode()
    icons = re.findall(r'<link rel="[^"]*icon" href="([^"]+)"', page)
    assert icons and all(href.startswith("/static/carepost/") for href in icons)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/carepost/favicon.ico"
    from django.contrib.staticfiles import finders

    for href in [*icons, response["Location"]]:
        path = finders.find(href.removeprefix("/static/"))
        assert path, href
        with open(path, "rb") as fh:
            head = fh.read(64)
        assert head.startswith(b"\x00\x00\x01\x00") or b"<svg" in head
