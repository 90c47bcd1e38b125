"""Finding 1 (High): ``POST /api/v1/check`` read files on the server.

At 6fad124 ``{"text": "x", "media": [{"path": "/etc/shadow"}]}`` answered 200 with the file's
size (``data.media.size_bytes``), a missing path and a directory gave different messages, and an
image path returned its OCR text and EXIF values. Now a path is refused (422) before anything
touches the file system, media come as ids of the caller's stored media or as uploads.
"""

from __future__ import annotations

import io
import json
import os
import tempfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.checks.media.fixtures import exif_with_gps, gradient, jpeg_bytes
from tests.studio.factories import make_user, make_workspace, member

from .conftest import post_json

pytestmark = pytest.mark.django_db

URL = "/api/v1/check"


@pytest.fixture
def author(client):
    ws = make_workspace("Home")
    user = member(ws, "author")
    client.force_login(user)
    return ws, user


@pytest.mark.parametrize("path", ["/etc/shadow", "/etc/passwd", "/no/such/file", "/etc"])
def test_a_path_is_refused_and_reveals_nothing(client, author, path):
    response = post_json(client, URL, {"text": "x", "media": [{"path": path}]})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_failed" and body["field"].startswith("media[0]")
    assert "media[0].path: Extra inputs are not permitted" in body["message"]
    text = response.content.decode()
    assert path not in text and "size_bytes" not in text


def test_missing_file_and_directory_are_indistinguishable(client, author):
    answers = {
        post_json(client, URL, {"text": "x", "media": [{"path": p}]}).content
        for p in ["/no/such/file", "/etc", "/etc/passwd"]
    }
    assert len(answers) == 1


def _stored_media(ws, user, django_capture_on_commit_callbacks):
    from carepost.studio.posts.services import post_create, post_media_add

    post = post_create(actor=user, workspace=ws, title="Photo", text="Flu shots.")
    photo = jpeg_bytes(gradient((64, 48)), exif=exif_with_gps().tobytes())
    with django_capture_on_commit_callbacks(execute=True):
        media = post_media_add(
            actor=user, post=post, upload=SimpleUploadedFile("ward.jpg", photo), alt_text="x"
        )
    return media


def test_own_stored_media_by_id_without_server_paths(
    client, author, settings, django_capture_on_commit_callbacks
):
    ws, user = author
    media = _stored_media(ws, user, django_capture_on_commit_callbacks)
    response = post_json(client, URL, {"text": "x", "media": [{"id": media.pk}]})
    assert response.status_code == 200, response.content
    report = response.json()
    gps = [f for f in report["findings"] if f["code"] == "MED001"]
    assert gps and gps[0]["data"]["media"]["file"] == f"media:{media.pk}"
    assert str(settings.MEDIA_ROOT) not in response.content.decode()


def test_foreign_media_id_is_the_same_404_as_a_missing_one(
    client, django_capture_on_commit_callbacks
):
    theirs = make_workspace("Theirs")
    their_media = _stored_media(
        theirs, member(theirs, "author"), django_capture_on_commit_callbacks
    )
    mine = make_workspace("Mine")
    client.force_login(member(mine, "owner"))
    foreign = post_json(client, URL, {"text": "x", "media": [{"id": their_media.pk}]})
    missing = post_json(client, URL, {"text": "x", "media": [{"id": their_media.pk + 1000}]})
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    # naming their workspace does not help either
    response = post_json(
        client, URL, {"text": "x", "workspace": theirs.pk, "media": [{"id": their_media.pk}]}
    )
    assert response.status_code == 404


def _upload(client, files, payload=None):
    return client.post(
        "/api/v1/check/upload",
        {"payload": json.dumps(payload or {"text": "x"}), "files": files},
    )


def _leftovers() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("carepost-api-")}


def test_upload_is_checked_from_its_bytes_then_removed(client, author):
    before = _leftovers()
    photo = io.BytesIO(jpeg_bytes(gradient((64, 48)), exif=exif_with_gps().tobytes()))
    photo.name = "IMG_0001.jpg"
    response = _upload(client, [photo])
    assert response.status_code == 200, response.content
    gps = [f for f in response.json()["findings"] if f["code"] == "MED001"]
    assert gps and gps[0]["data"]["media"]["file"] == "upload-1.jpg"
    assert tempfile.gettempdir() not in response.content.decode()
    assert _leftovers() == before


def test_upload_that_is_not_media_is_422_and_removed(client, author):
    before = _leftovers()
    fake = io.BytesIO(b"root:x:0:0:root:/root:/bin/bash\n")
    fake.name = "photo.jpg"
    response = _upload(client, [fake])
    assert response.status_code == 422
    assert response.json()["field"] == "files[0]"
    assert _leftovers() == before


def test_upload_over_the_limit_is_413(client, author, settings):
    settings.CAREPOST_API_UPLOAD_MAX_BYTES = 1000
    big = io.BytesIO(jpeg_bytes(gradient((200, 200))) + b"\0" * 2000)
    big.name = "big.jpg"
    response = _upload(client, [big])
    assert response.status_code == 413 and response.json()["field"] == "files[0]"


def test_an_account_without_a_workspace_cannot_call_the_api():
    client = Client()
    client.force_login(make_user())
    response = post_json(client, URL, {"text": "Flu shots are here."})
    assert response.status_code == 403 and response.json()["error"] == "not_a_member"


def test_the_api_check_is_bounded_like_the_studio(client, author, settings):
    """Finding 3's bounds (posts.checking) apply to the API too: at 6fad124 a 1 MB API check
    took 58 s; now a text over the cap is a 422 naming it, and checks are rate-limited."""
    settings.CAREPOST_MAX_TEXT_CHARS = 1000
    response = post_json(client, URL, {"text": "word " * 300})
    assert response.status_code == 422 and response.json()["field"] == "text"
    settings.CAREPOST_CHECK_RATE_PER_MINUTE = 2
    with time_machine.travel("2026-12-01 10:00:10Z", tick=False):  # one rate-limit minute
        codes = [post_json(client, URL, {"text": "Flu shots."}).status_code for _ in range(3)]
    assert codes[:2] == [200, 200] and codes[2] == 429
