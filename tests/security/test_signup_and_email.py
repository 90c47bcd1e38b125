"""Finding 4 (Medium): open sign-up in every settings module, production included.

At 6fad124 anyone could create an account at /accounts/signup/ and call the API with it; with no
SMTP server the sign-up answered 500 yet the user existed, and a password reset answered 500 for
any address. Now users join by invitation unless ``CAREPOST_SIGNUP_OPEN`` is on, an account
without a workspace gets 403 from the API, and a mail server that does not answer is a clear
message with nothing half-created.
"""

from __future__ import annotations

import smtplib

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

from carepost.studio.audit.models import AuditEvent
from carepost.studio.workspaces.models import Invitation, Membership
from carepost.studio.workspaces.services import invitation_create
from tests.studio.factories import make_workspace, member

from .conftest import post_json

pytestmark = pytest.mark.django_db

NEW = {"email": "stranger@example.org", "password1": "a-long-pass-phrase-77", "password2": ""}
NEW["password2"] = NEW["password1"]


class DeadSmtpBackend(EmailBackend):
    """A mail server that refuses connections (what the probe saw with no SMTP configured)."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, b"no mail server here")


@pytest.fixture
def dead_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.DeadSmtpBackend"


def _users(email: str) -> int:
    return get_user_model().objects.filter(email=email).count()


@pytest.mark.parametrize(
    "module",
    [
        "carepost.studio.settings.base",
        "carepost.studio.settings.dev",
        "carepost.studio.settings.test",
    ],
)
def test_signup_is_closed_by_default_in_every_settings_module(module, monkeypatch):
    import importlib

    monkeypatch.delenv("CAREPOST_SIGNUP_OPEN", raising=False)
    settings_module = importlib.import_module(module)
    assert settings_module.CAREPOST_SIGNUP_OPEN is False
    assert settings_module.ACCOUNT_ADAPTER.endswith("AccountAdapter")


def test_uninvited_signup_is_refused_and_the_link_hidden(client):
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in page
    response = client.post("/accounts/signup/", NEW)
    assert response.status_code == 200 and "closed" in response.content.decode().lower()
    assert _users(NEW["email"]) == 0


def test_owner_can_open_signup(client, settings):
    settings.CAREPOST_SIGNUP_OPEN = True
    assert "/accounts/signup/" in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/signup/", NEW)
    assert response.status_code == 302 and _users(NEW["email"]) == 1
    # an account outside every workspace still cannot use the API
    response = post_json(client, "/api/v1/check", {"text": "Flu shots are here."})
    assert response.status_code == 403 and response.json()["error"] == "not_a_member"


def _invite(email="new.hire@example.org"):
    ws = make_workspace("Clinic")
    owner = member(ws, "owner")
    mail.outbox.clear()
    _, token = invitation_create(actor=owner, workspace=ws, email=email, role="author")
    return ws, token


def test_invited_signup_uses_the_invited_address_and_sends_no_mail(client, dead_smtp, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ws, token = _invite()
    settings.EMAIL_BACKEND = f"{__name__}.DeadSmtpBackend"  # no mail is needed from here on
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200 and "new.hire@example.org" in page.content.decode()
    assert "/accounts/signup/" in client.get("/accounts/login/").content.decode()
    other = {**NEW, "email": "someone.else@example.org"}
    response = client.post("/accounts/signup/", other)
    assert response.status_code == 200 and _users(other["email"]) == 0
    response = client.post("/accounts/signup/", {**NEW, "email": "new.hire@example.org"})
    assert response.status_code == 302 and response["Location"] == f"/invitations/{token}/"
    assert EmailAddress.objects.get(email="new.hire@example.org").verified
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302
    assert Membership.objects.filter(workspace=ws, user__email="new.hire@example.org").exists()


def test_a_bad_invitation_token_opens_nothing(client):
    assert client.get("/invitations/not-a-token/").status_code == 404
    response = client.post("/accounts/signup/", NEW)
    assert _users(NEW["email"]) == 0 and response.status_code == 200


def test_open_signup_without_smtp_is_not_a_500(client, settings, dead_smtp):
    settings.CAREPOST_SIGNUP_OPEN = True
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    response = client.post("/accounts/signup/", NEW, follow=True)
    assert response.status_code == 200
    assert "confirmation email could not be sent" in response.content.decode()
    user = get_user_model().objects.get(email=NEW["email"])
    assert EmailAddress.objects.filter(user=user, email=NEW["email"]).exists()  # whole account


@pytest.mark.parametrize("email", ["known@example.org", "nobody@example.org"])
def test_password_reset_without_smtp_is_a_clear_503(dead_smtp, email):
    ws = make_workspace()
    member(ws, "author", email="known@example.org")
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 503
    assert "could not be sent" in response.content.decode()


def test_invitation_without_smtp_creates_nothing(client, dead_smtp):
    ws = make_workspace()
    owner = member(ws, "owner")
    client.force_login(owner)
    events = AuditEvent.objects.count()
    response = client.post(
        f"/w/{ws.pk}/members/invite/", {"email": "x@example.org", "role": "author"}
    )
    assert response.status_code == 503 and b"could not be sent" in response.content
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.count() == events
