from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.html import escape

from carepost.studio.posts.models import Post
from carepost.studio.workspaces.models import Membership, Organization, Role, Workspace

from .factories import totp_code

pytestmark = pytest.mark.django_db


def test_dashboard_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_demo_seed_is_idempotent_and_covers_every_state(db):
    from carepost.studio.audit.services import audit_verify
    from carepost.studio.consent.models import Consent
    from carepost.studio.demo.seed import seed_demo
    from carepost.studio.posts.models import PostStatus

    seed_demo()
    counts = (Organization.objects.count(), Workspace.objects.count(), Post.objects.count())
    seed_demo()
    assert counts == (Organization.objects.count(), Workspace.objects.count(), Post.objects.count())
    assert counts[1] == 2
    assert set(Post.objects.values_list("status", flat=True)) == set(PostStatus.values)
    assert all(p.last_report is not None for p in Post.objects.all())
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert Consent.objects.filter(status="revoked").exists()
    assert Post.objects.filter(scheduled_at__isnull=False).count() >= 20  # a month of entries
    assert audit_verify()[1] is None


def test_login_and_dashboard_shows_only_own_workspaces(client, demo, django_user_model):
    other_org = Organization.objects.create(name="Other", slug="other")
    other_ws = Workspace.objects.create(organization=other_org, name="Secret Clinic", slug="s")
    Post.objects.create(workspace=other_ws, title="Private plans", text="hidden")
    response = client.post(
        "/accounts/login/",
        {"login": settings.CAREPOST_DEMO_EMAIL, "password": settings.CAREPOST_DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"  # the demo owner has TOTP
    secret = Authenticator.objects.get(user=demo, type="totp").data["secret"]
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Riverside Family Clinic" in page
    latest = Post.objects.filter(workspace__slug="family-clinic").order_by("-updated_at").first()
    assert escape(latest.title) in page
    assert "Secret Clinic" not in page and "Private plans" not in page
    assert Membership.objects.filter(user=demo, role=Role.OWNER).exists()


def test_healthz(client):
    assert client.get("/healthz").json() == {"ok": True}
