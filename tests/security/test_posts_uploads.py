"""Issue 11, finding 8: uploads.

At 6fad124 an upload was written into the media storage before it was validated, so a failed
upload left an orphan file; the only size limit was 4 GB (100 MB files were accepted); an image
whose header declared more pixels than the safety limit was kept. Now an upload is validated
completely before anything is stored (size per kind, per platform of the post and per
workspace; format from its bytes; dimensions from the header), the request size is bounded
before its body is read, and a failure after the file was stored removes it."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carepost.checks import PolicyError
from carepost.studio.posts.models import PostMedia
from carepost.studio.posts.services import post_create, post_media_add
from carepost.studio.workspaces.services import workspace_settings_update
from tests.checks.media.fixtures import gradient, jpeg_bytes
from tests.studio.factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
POLICY = '[rules]\nselect = ["PLT001", "MED00"]\n'  # metadata rules: no face/OCR models


def stored_files() -> set[Path]:
    root = Path(django_settings.MEDIA_ROOT) / "post-media"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def photo(extra_bytes: int = 0) -> bytes:
    """A valid JPEG, padded after its end marker to the size a test needs."""
    return jpeg_bytes(gradient((64, 48))) + b"\0" * extra_bytes


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width``×``height`` (its pixel data is a few bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def team(client):
    ws = make_workspace("Uploads", policy_toml=POLICY)
    author = member(ws, "author")
    client.force_login(author)
    post = post_create(actor=author, workspace=ws, title="Lobby", text="Our new lobby.")
    return {"ws": ws, "author": author, "post": post}


def _upload(client, team, data: bytes, name: str = "lobby.jpg", **form):
    url = reverse("post_action", args=[team["ws"].pk, team["post"].pk, "media-add"])
    return client.post(
        url, {"file": SimpleUploadedFile(name, data), **form}, HTTP_ACCEPT="application/json"
    )


def test_a_failed_upload_leaves_no_orphan_file(client, team):
    elsewhere = make_workspace()
    foreign = make_consent(elsewhere, member(elsewhere, "privacy_officer"))
    before = stored_files()
    response = _upload(client, team, photo(), consents=[str(foreign.pk)])
    assert response.status_code == 400 and response.json()["field"] == "consents"
    assert stored_files() == before and not PostMedia.objects.exists()


def test_a_failure_after_the_file_was_stored_removes_it(team):
    # the workspace's policy breaks the check, which runs after the file is stored
    bad = '[rules]\nselect = ["PLT001"]\n[options.engine]\nbudget_ms = "soon"\n'
    workspace_settings_update(actor=None, workspace=team["ws"], policy_toml=bad)
    before = stored_files()
    with pytest.raises(PolicyError, match="budget_ms"):
        post_media_add(
            actor=team["author"], post=team["post"], upload=SimpleUploadedFile("a.jpg", photo())
        )
    assert stored_files() == before and not PostMedia.objects.exists()


def test_a_100_mb_file_is_refused_and_nothing_is_kept(client, team):
    before = stored_files()
    response = _upload(client, team, photo(100 * MB))
    assert response.status_code == 413
    assert response.json()["message"] == "the file is 100.0 MB; images can be at most 8 MB"
    assert stored_files() == before and not PostMedia.objects.exists()


def test_a_request_over_the_limit_is_refused_before_its_body_is_read(client, team, settings):
    url = reverse("post_action", args=[team["ws"].pk, team["post"].pk, "media-add"])
    claimed = settings.CAREPOST_MAX_REQUEST_BYTES + 1
    response = client.post(
        url, {"file": SimpleUploadedFile("a.jpg", photo())}, CONTENT_LENGTH=str(claimed)
    )
    assert response.status_code == 413  # the short body was never read
    api = client.generic(
        "POST",
        "/api/v1/check",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    )
    assert api.status_code == 413 and api.json()["error"] == "payload_too_large"


@pytest.mark.parametrize("size", [(10_000, 10_000), (40_000, 40_000)])
def test_a_decompression_bomb_is_refused_from_its_header(client, team, size):
    before = stored_files()
    response = _upload(client, team, png_header_only(*size), name="scan.png")
    assert response.status_code == 422, response.content
    assert "decompression bomb" in response.json()["message"]
    assert not PostMedia.objects.exists() and stored_files() == before


def test_a_file_none_of_the_posts_platforms_takes_is_refused(client, team):
    from carepost.studio.posts.services import post_update

    post_update(actor=team["author"], post=team["post"], variants={"x": ""})
    response = _upload(client, team, photo(6 * MB))  # X takes images up to 5 MB
    assert response.status_code == 422
    assert response.json()["message"] == (
        "none of this post's platforms takes a image of 6.0 MB (X up to 5 MB)"
    )
    # Instagram takes 8 MB: the file is kept, and the checker flags it for X
    post_update(actor=team["author"], post=team["post"], variants={"x": "", "instagram": ""})
    assert _upload(client, team, photo(6 * MB)).status_code == 302
    assert PostMedia.objects.get().size > 6 * MB


def test_each_workspace_has_a_storage_quota(client, team, settings):
    settings.CAREPOST_WORKSPACE_MEDIA_QUOTA_BYTES = 3 * MB
    assert _upload(client, team, photo(2 * MB)).status_code == 302
    refused = _upload(client, team, photo(2 * MB))
    assert refused.status_code == 413 and "media storage is full" in refused.json()["message"]
    assert PostMedia.objects.count() == 1
