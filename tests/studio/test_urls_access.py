"""Every studio URL, for tenant isolation and role permissions.

The table below must list every named URL in ``carepost.studio.urls`` (a test checks it), so a
new endpoint cannot ship without an isolation and permission case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.utils import timezone

from carepost.studio import urls as studio_urls
from carepost.studio.audit.models import AuditEvent
from carepost.studio.claims.services import claim_create
from carepost.studio.posts.models import Post
from carepost.studio.posts.services import post_create, post_schedule
from carepost.studio.reviews.clients import post_client_link_create
from carepost.studio.reviews.services import post_comment_add, post_review_approve, post_submit

from .factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db

ROLES = ["owner", "author", "clinical_reviewer", "privacy_officer", "analyst"]
ALL = set(ROLES)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    kwargs: tuple[str, ...]  # which fixture ids the URL takes
    allowed: frozenset[str]
    extra: tuple[tuple[str, str], ...] = ()
    data: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        extra = dict(self.extra)
        return f"{self.method} {self.name}{':' + extra['action'] if 'action' in extra else ''}{':' + extra['fmt'] if 'fmt' in extra else ''}"


def case(name, method, kwargs, allowed, **extra):
    data = extra.pop("data", {})
    return Case(
        name, method, tuple(kwargs), frozenset(allowed), tuple(extra.items()), tuple(data.items())
    )


EDITORS = {"owner", "author"}
CONSENT = {"owner", "privacy_officer"}
CASES = [
    case("dashboard", "GET", [], ALL),
    case("calendar_all", "GET", [], ALL),
    case("post_list", "GET", ["ws"], ALL),
    case("post_new", "GET", ["ws"], EDITORS),
    case("post_new", "POST", ["ws"], EDITORS, data={"title": "t", "text": "Flu shots."}),
    case("post_detail", "GET", ["ws", "pk"], ALL),
    case("post_edit", "GET", ["ws", "pk"], EDITORS),
    case("post_edit", "POST", ["ws", "pk"], EDITORS, data={"title": "t2", "text": "Flu shots!"}),
    case(
        "post_evidence",
        "GET",
        ["ws", "pk"],
        {"owner", "clinical_reviewer", "privacy_officer"},
        fmt="json",
    ),
    case(
        "post_evidence",
        "GET",
        ["ws", "pk"],
        {"owner", "clinical_reviewer", "privacy_officer"},
        fmt="html",
    ),
    case("post_action", "POST", ["ws", "draft"], EDITORS, action="submit"),
    case("post_action", "POST", ["ws", "review"], EDITORS, action="approve"),
    case(
        "post_action",
        "POST",
        ["ws", "review"],
        EDITORS,
        action="request-changes",
        data={"note": "x"},
    ),
    case(
        "post_action",
        "POST",
        ["ws", "review"],
        {"privacy_officer"},
        action="waive",
        data={"code": "X", "reason": "r"},
    ),
    case(
        "post_action",
        "POST",
        ["ws", "pk"],
        ALL - {"analyst"},
        action="comment",
        data={"body": "hi"},
    ),
    case(
        "post_action",
        "POST",
        ["ws", "approved"],
        EDITORS,
        action="schedule",
        data={"scheduled_at": "2030-01-02T10:00"},
    ),
    case("post_action", "POST", ["ws", "scheduled"], EDITORS, action="unschedule"),
    case("post_action", "POST", ["ws", "pk"], EDITORS, action="media-add"),
    case("post_action", "POST", ["ws", "pk"], EDITORS, action="media-remove"),
    case("post_action", "POST", ["ws", "pk"], EDITORS, action="archive"),
    case(
        "post_action",
        "POST",
        ["ws", "review"],
        EDITORS,
        action="client-link",
        data={"email": "c@example.org"},
    ),
    case("post_reschedule", "POST", ["ws", "scheduled"], EDITORS, data={"date": "2030-01-05"}),
    case("live_check", "POST", ["ws"], ALL, data={"text": "Flu shots."}),
    case("members", "GET", ["ws"], ALL),
    case(
        "member_invite",
        "POST",
        ["ws"],
        {"owner"},
        data={"email": "n@example.org", "role": "author"},
    ),
    case("member_remove", "POST", ["ws", "user_id"], {"owner"}),
    case("settings", "GET", ["ws"], ALL),
    case("crisis", "POST", ["ws"], {"owner", "privacy_officer"}, data={"reason": "outbreak"}),
    case("audit", "GET", ["ws"], {"owner", "privacy_officer"}),
    case("outbox", "GET", ["ws"], {"owner"}),
    case("review_policy", "GET", ["ws"], ALL),
    case(
        "review_policy",
        "POST",
        ["ws"],
        {"owner"},
        data={"action": "step-add", "name": "Legal", "cap": "sign_off"},
    ),
    case("audit_export", "GET", ["ws"], {"owner", "privacy_officer"}),
    case("consent_list", "GET", ["ws"], CONSENT),
    case("consent_new", "GET", ["ws"], CONSENT),
    case("consent_detail", "GET", ["ws", "consent"], CONSENT),
    case("consent_document", "GET", ["ws", "consent"], CONSENT),
    case("consent_revoke", "POST", ["ws", "consent"], CONSENT, data={"reason": "asked"}),
    case("calendar", "GET", ["ws"], ALL),
    case("calendar_ics", "GET", ["ws"], ALL),  # token-authenticated, see test_ics_needs_token
    case("claim_list", "GET", ["ws"], ALL),
    case(
        "claim_new",
        "POST",
        ["ws"],
        {"owner", "clinical_reviewer"},
        data={"text": "c", "references": "PMID:1"},
    ),
    case("claim_retire", "POST", ["ws", "claim"], {"owner", "clinical_reviewer"}),
    # reachable without a workspace session: token links, checked in their own tests
    case("healthz", "GET", [], ALL),
    case("favicon", "GET", [], ALL),
    case("invitation_accept", "GET", [], ALL, token="x"),
    case("client_review", "GET", [], ALL, token="x"),
    case("notifications_read", "POST", [], ALL),
]


def test_every_studio_url_has_a_case():
    names = {
        p.name for p in studio_urls.urlpatterns if isinstance(p, URLPattern) and p.name is not None
    }
    assert names == {c.name for c in CASES}


def _world(ws):
    """A workspace with posts in several states, a consent, a claim and a spare member."""
    owner = member(ws, "owner")
    author = member(ws, "author")
    spare = member(ws, "analyst")
    draft = post_create(actor=author, workspace=ws, title="Draft", text="Flu shots.")
    review = post_create(actor=author, workspace=ws, title="Review", text="Flu shots today.")
    post_submit(actor=author, post=review)
    approved = post_create(actor=author, workspace=ws, title="Approved", text="Flu shots soon.")
    post_submit(actor=author, post=approved)
    post_review_approve(actor=owner, post=approved)
    scheduled = post_create(actor=author, workspace=ws, title="Sched", text="Flu shots Monday.")
    post_submit(actor=author, post=scheduled)
    post_review_approve(actor=owner, post=scheduled)
    post_schedule(actor=author, post=scheduled, at=timezone.now() + timedelta(days=3))
    post_comment_add(actor=author, post=draft, body="first")
    post_client_link_create(actor=author, post=review, email="client@example.org")
    privacy = member(ws, "privacy_officer")
    consent = make_consent(
        ws, privacy, document=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed form")
    )
    claim = claim_create(
        actor=owner, workspace=ws, text="Vaccines reduce risk.", references=["PMID:1"]
    )
    return {
        "ws": ws.pk,
        "pk": draft.pk,
        "draft": draft.pk,
        "review": review.pk,
        "approved": approved.pk,
        "scheduled": scheduled.pk,
        "consent": consent.pk,
        "claim": claim.pk,
        "user_id": spare.pk,
    }


def _url(c: Case, ids: dict) -> str:
    kwargs = {}
    for key in c.kwargs:
        target = {
            "draft": "pk",
            "review": "pk",
            "approved": "pk",
            "scheduled": "pk",
            "consent": "pk",
            "claim": "pk",
        }.get(key, key)
        kwargs[target] = ids[key]
    kwargs.update(dict(c.extra))
    url = reverse(c.name, kwargs=kwargs)
    if c.name == "calendar_ics":
        from carepost.studio.workspaces.models import Workspace

        url += "?token=" + Workspace.objects.get(pk=ids["ws"]).ics_token
    return url


def _call(client, c: Case, ids: dict):
    url = _url(c, ids)
    response = client.get(url) if c.method == "GET" else client.post(url, dict(c.data))
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
        response.close()
    return response


WORKSPACE_CASES = [c for c in CASES if "ws" in c.kwargs and c.name != "calendar_ics"]


@pytest.mark.parametrize("c", WORKSPACE_CASES, ids=lambda c: c.id)
def test_other_tenants_objects_are_not_found(client, c):
    mine = make_workspace("Mine")
    theirs = make_workspace("Theirs")
    me = member(mine, *ROLES)  # every role at home
    _world(mine)
    their_ids = _world(theirs)
    their_events = AuditEvent.objects.filter(workspace_id=theirs.pk).count()
    their_posts = list(
        Post.objects.filter(workspace=theirs).values_list("status", "version", "title")
    )
    client.force_login(me)
    response = _call(client, c, their_ids)
    assert response.status_code == 404, response.content[:300]
    body = response.content.decode()
    assert "Theirs" not in body and "Flu shots" not in body
    assert AuditEvent.objects.filter(workspace_id=theirs.pk).count() == their_events
    assert (
        list(Post.objects.filter(workspace=theirs).values_list("status", "version", "title"))
        == their_posts
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("c", WORKSPACE_CASES, ids=lambda c: c.id)
def test_roles_are_enforced(client, c, role, django_capture_on_commit_callbacks):
    ws = make_workspace("Home")
    ids = _world(ws)
    user = member(ws, role)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(client, c, ids)
    if role in c.allowed:
        assert response.status_code not in (403, 404, 500), response.content[:300]
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])


def test_other_tenant_never_listed(client):
    mine = make_workspace("Mine")
    theirs = make_workspace("Theirs")
    me = member(mine, "owner")
    _world(mine)
    _world(theirs)
    client.force_login(me)
    for url in [
        "/",
        "/calendar/",
        reverse("calendar", args=[mine.pk]) + "?month=" + timezone.now().strftime("%Y-%m"),
    ]:
        body = client.get(url).content.decode()
        assert "Theirs" not in body


def test_ics_needs_token(client):
    ws = make_workspace("Home")
    ids = _world(ws)
    assert client.get(reverse("calendar_ics", args=[ws.pk])).status_code == 404
    assert client.get(reverse("calendar_ics", args=[ws.pk]) + "?token=wrong").status_code == 404
    response = client.get(reverse("calendar_ics", args=[ws.pk]) + "?token=" + ws.ics_token)
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content
    assert b"Sched" in response.content and b"Flu shots" not in response.content
    assert ids


def test_anonymous_is_sent_to_login(client):
    ws = make_workspace("Home")
    ids = _world(ws)
    for c in WORKSPACE_CASES:
        response = _call(client, c, ids)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], c.id
