from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carepost.checks.media import sample_path
from carepost.studio.posts.models import PostMedia, PostStatus
from carepost.studio.posts.services import post_content_hash, post_create
from carepost.studio.reviews.services import post_review_approve, post_submit

from .factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db

MEDIA_POLICY = '[rules]\nselect = ["PLT001", "MED00"]\n'  # metadata rules: no face/OCR models


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, Path(sample_path(name)).read_bytes())


@pytest.fixture
def team():
    ws = make_workspace("Media Clinic", policy_toml=MEDIA_POLICY)
    return {
        "ws": ws,
        "owner": member(ws, "owner"),
        "author": member(ws, "author"),
        "privacy": member(ws, "privacy_officer"),
    }


def test_gps_photo_routes_to_privacy_and_resets_approval(client, team):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Our new lobby.")
    post_submit(actor=team["author"], post=post)
    post_review_approve(actor=team["owner"], post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    consent = make_consent(team["ws"], team["privacy"])
    client.force_login(team["author"])
    response = client.post(
        reverse("post_action", args=[team["ws"].pk, post.pk, "media-add"]),
        {"file": upload("gps.jpg"), "alt_text": "The lobby", "consents": [str(consent.pk)]},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    media = post.media.get()
    assert media.kind == "image" and list(media.consents.all()) == [consent]
    assert "gps" not in media.file.name and media.sha256 in media.file.name
    assert post.content_hash == post_content_hash(post)
    assert post.status == PostStatus.IN_REVIEW  # the approval covered the post without the photo
    codes = {f["code"] for f in post.versions.last().reports["master"]["findings"]}
    assert "MED001" in codes
    assert "privacy" in [s.kind for s in post.review_steps.all()]


@pytest.mark.parametrize(
    "file",
    [lambda: upload("empty.jpg"), lambda: SimpleUploadedFile("notes.jpg", b"not an image at all")],
)
def test_unreadable_upload_is_rejected_with_the_reason_and_nothing_kept(client, team, file):
    post = post_create(actor=team["author"], workspace=team["ws"], title="t", text="Photo day.")
    client.force_login(team["author"])
    before = post.content_hash
    response = client.post(
        reverse("post_action", args=[team["ws"].pk, post.pk, "media-add"]),
        {"file": (f := file())},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "the uploaded file cannot be used" in body and f.name not in body
    assert PostMedia.objects.count() == 0
    post.refresh_from_db()
    assert post.content_hash == before
