"""Finding 10 (Low): API errors and invalid text.

At 6fad124: multipart without a boundary answered with ninja's own body (a 500 with a traceback
in the demo, which runs with DEBUG on); ninja's 422 body (``{"detail": [...]}``) did not match
the declared error schema; a 400 was undocumented; a NUL byte was stored in comments.
"""

from __future__ import annotations

import jsonschema
import pytest
from django.test import Client

from carepost.studio.posts.services import post_create
from carepost.studio.reviews.models import Comment
from tests.studio.factories import make_workspace, member

from .conftest import post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    ws = make_workspace("Home")
    user = member(ws, "owner")
    client.force_login(user)
    return ws, user


def _error_schema(client, path: str, status: int) -> dict:
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"][path]["post"]
    ref = op["responses"][str(status)]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return {**component, "components": schema["components"]}


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/check/upload"])
def test_multipart_without_boundary_is_a_clean_400(client, signed_in, settings, debug, path):
    settings.DEBUG = debug
    response = client.post(path, data=b"--x\r\nbody", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == "bad_request" or body["error"] == "validation_failed"
    assert "Traceback" not in response.content.decode()
    jsonschema.validate(body, _error_schema(client, path, 400))


def test_validation_422_matches_the_declared_schema(client, signed_in):
    response = post_json(client, "/api/v1/check", {})
    assert response.status_code == 422
    body = response.json()
    jsonschema.validate(body, _error_schema(client, "/api/v1/check", 422))
    assert body["field"] == "text" and "Field required" in body["message"]


def test_every_response_code_is_documented(client):
    schema = client.get("/api/openapi.json").json()
    check = schema["paths"]["/api/v1/check"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "422"} <= set(check)
    upload = schema["paths"]["/api/v1/check/upload"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "413", "422"} <= set(upload)


def test_server_errors_never_carry_a_traceback(signed_in, settings, monkeypatch):
    """A bug inside the check answers a JSON 500 without the traceback, even with DEBUG on."""
    from carepost.checks.engine import Engine

    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    client.force_login(signed_in[1])

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /srv/carepost/settings.py")

    monkeypatch.setattr(Engine, "check", boom)
    response = post_json(client, "/api/v1/check", {"text": "x"})
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"
    assert "secret internals" not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "a\u0000b"}, "text"),
        ({"text": "ok", "in_reply_to": "a\u0000b"}, "in_reply_to"),
        ({"text": "ok", "sources": ["doi\u0000"]}, "sources[0]"),
        ({"text": "bad \udc80 surrogate"}, "text"),
        ({"text": "ok", "id": "\ufffd"}, "id"),
    ],
)
def test_api_refuses_invalid_text_naming_the_field(client, signed_in, body, field):
    response = post_json(client, "/api/v1/check", body)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_a_nul_byte_never_reaches_a_comment(client, signed_in):
    ws, user = signed_in
    post = post_create(actor=user, workspace=ws, title="T", text="Flu shots.")
    url = f"/w/{ws.pk}/posts/{post.pk}/comment/"
    response = client.post(url, {"body": "hello\x00world"})
    assert response.status_code == 400
    assert b"body" in response.content
    assert not Comment.objects.filter(post=post).exists()


def test_invalid_utf8_in_a_form_is_refused(client, signed_in):
    ws, user = signed_in
    post = post_create(actor=user, workspace=ws, title="T", text="Flu shots.")
    url = f"/w/{ws.pk}/posts/{post.pk}/comment/"
    response = client.post(
        url, data=b"body=caf%E9", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert not Comment.objects.filter(post=post).exists()
    # JSON clients get the studio's error shape, naming the field
    response = client.post(
        url,
        data=b"body=nul%00",
        content_type="application/x-www-form-urlencoded",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400 and response.json()["field"] == "body"


def test_the_form_mixin_names_the_field():
    from carepost.studio.consent.views import ConsentForm

    form = ConsentForm(
        data={
            "person_name": "Maria \ufffd Lopez",
            "information": "x",
            "discloser": "x",
            "recipient": "x",
            "purpose": "x",
            "signed_on": "2026-01-02",
        }
    )
    assert not form.is_valid()
    assert "person_name" in form.errors and "UTF-8" in str(form.errors["person_name"])
