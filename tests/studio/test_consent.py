from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carepost.studio.audit.models import AuditEvent
from carepost.studio.errors import PermissionDenied, ValidationFailed
from carepost.studio.posts.checking import consent_refs

from .factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db

FORM = b"%PDF-1.4 Authorization signed by Maria Lopez on 2026-11-02"


def test_signed_form_is_encrypted_at_rest_and_served_decrypted(client):
    ws = make_workspace()
    privacy = member(ws, "privacy_officer")
    consent = make_consent(ws, privacy, document=SimpleUploadedFile("maria-lopez.pdf", FORM))
    assert "maria" not in consent.document.name.lower()
    with consent.document.open("rb") as fh:
        stored = fh.read()
    assert b"Maria" not in stored and stored != FORM
    client.force_login(privacy)
    response = client.get(reverse("consent_document", args=[ws.pk, consent.pk]))
    assert response.status_code == 200 and response.content == FORM
    assert f'filename="C-{consent.pk}.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(event_type="consent.view", target_id=str(consent.pk)).exists()


def test_164_508_required_elements():
    ws = make_workspace()
    privacy = member(ws, "privacy_officer")
    with pytest.raises(ValidationFailed, match="expiration"):
        make_consent(ws, privacy, expires_on=None)
    consent = make_consent(ws, privacy, expires_on=None, expiry_event="End of the campaign")
    assert consent.expiry_event
    author = member(ws, "author")
    with pytest.raises(PermissionDenied):
        make_consent(ws, author)


def test_checker_receives_consent_refs_without_extra_fields():
    ws = make_workspace()
    privacy = member(ws, "privacy_officer")
    consent = make_consent(ws, privacy, aliases=["Maria"], scope_platforms=["instagram"])
    [ref] = consent_refs([consent])
    assert ref.id == consent.reference and ref.person == "Maria Lopez"
    assert ref.aliases == ("Maria",) and ref.platforms == ("instagram",) and not ref.revoked
