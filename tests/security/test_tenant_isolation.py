"""Tenant isolation over every URL with another organization's ids, for every role.

The probe of 6fad124 found no leak here (808 cross-tenant requests, 0 leaks), so these are
guards, not replays: they pass at 6fad124 too. They extend the walker of
``tests/studio/test_urls_access.py`` (which signs in one user holding every role) to a member
holding each role alone, add the publishing pages (post, job, retry, mark posted, package,
connect) and the API's workspace and media ids, and check that the answer is the same 404 as for
an id that does not exist, that it names nothing of the other tenant and that nothing of theirs
changed.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from carepost.studio.audit.models import AuditEvent
from carepost.studio.posts.models import Post, PostMedia
from carepost.studio.posts.services import post_media_add
from carepost.studio.publishing.models import PublishJob
from carepost.studio.publishing.services import jobs_materialize
from carepost.studio.workspaces.models import Organization
from tests.checks.media.fixtures import gradient, jpeg_bytes
from tests.studio.factories import make_workspace, member
from tests.studio.test_urls_access import ROLES, WORKSPACE_CASES, _call, _world
from tests.support.publishing import approved_post

pytestmark = pytest.mark.django_db


def _publishing_urls(ids: dict) -> list[tuple[str, str]]:
    """Every URL under /w/<ws>/publishing/, built from its urlpatterns (a new one is walked
    without editing this file), with GET and POST."""
    from django.urls import reverse

    from carepost.studio.publishing import urls as publishing_urls

    out = []
    for pattern in publishing_urls.urlpatterns:
        route = str(pattern.pattern)
        kwargs: dict = {"ws": ids["ws"]}
        if "<int:pk>" in route:
            kwargs["pk"] = ids["job"] if route.startswith("jobs/") else ids["post"]
        if "<str:platform>" in route:
            kwargs["platform"] = "x"
        url = reverse(pattern.name, kwargs=kwargs)
        out += [("GET", url), ("POST", url)]
    return out


def _their_world(django_capture_on_commit_callbacks):
    org = Organization.objects.create(name="Their Org", slug="their-org")
    theirs = make_workspace("Theirs", org=org)
    ids = _world(theirs)
    author = member(theirs, "author")
    post = Post.objects.get(pk=ids["draft"])
    with django_capture_on_commit_callbacks(execute=True):
        media = post_media_add(
            actor=author,
            post=post,
            upload=SimpleUploadedFile("p.jpg", jpeg_bytes(gradient((40, 30)))),
        )
    due = approved_post(
        workspace=theirs, text="Flu shots Friday.", at=timezone.now() - timedelta(minutes=1)
    )
    jobs_materialize()
    ids.update(media=media.pk, job=PublishJob.objects.get(post=due).pk, post=due.pk)
    return theirs, ids


def _snapshot(ws) -> tuple:
    return (
        AuditEvent.objects.filter(workspace_id=ws.pk).count(),
        list(Post.objects.filter(workspace=ws).values_list("status", "version", "title")),
        list(PublishJob.objects.filter(workspace=ws).values_list("state", "attempts")),
        PostMedia.objects.filter(post__workspace=ws).count(),
    )


def _assert_hidden(response, label: str, missing_body: bytes | None = None) -> None:
    assert response.status_code == 404, (label, response.status_code, response.content[:300])
    body = response.content.decode()
    assert "Theirs" not in body and "Flu shots" not in body, label
    if missing_body is not None:
        assert response.content == missing_body, label


@pytest.mark.parametrize("role", ROLES)
def test_every_url_hides_another_organizations_objects(
    client, role, django_capture_on_commit_callbacks
):
    mine = make_workspace("Mine")
    _world(mine)
    me = member(mine, role)
    theirs, their_ids = _their_world(django_capture_on_commit_callbacks)
    before = _snapshot(theirs)
    client.force_login(me)
    checked = 0
    for c in WORKSPACE_CASES:
        with django_capture_on_commit_callbacks(execute=True):
            response = _call(client, c, their_ids)
        _assert_hidden(response, c.id)
        checked += 1
    publishing = _publishing_urls(their_ids)
    for method, url in publishing:
        response = client.get(url) if method == "GET" else client.post(url, {"url": "https://x"})
        if response.status_code == 405:  # this URL does not take the method at all
            continue
        _assert_hidden(response, f"{method} {url}")
        checked += 1
    # the API: their workspace id and their media id answer exactly like ids that do not exist
    api = "/api/v1/check"

    def check(body):
        return client.post(api, data=json.dumps(body), content_type="application/json")

    missing_ws = check({"text": "x", "workspace": 10**9}).content
    _assert_hidden(check({"text": "x", "workspace": their_ids["ws"]}), "api workspace", missing_ws)
    missing_media = check({"text": "x", "media": [{"id": 10**9}]}).content
    _assert_hidden(
        check({"text": "x", "media": [{"id": their_ids["media"]}]}), "api media", missing_media
    )
    checked += 2
    assert checked >= len(WORKSPACE_CASES) + len(publishing) // 2 + 2
    assert _snapshot(theirs) == before
