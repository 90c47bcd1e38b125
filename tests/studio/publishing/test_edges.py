"""Publishing at its edges, as a person meets them (issue 13, item 5): no account connected,
a link pasted from the wrong platform, a failed job's retry, and the way from a post to its
publishing page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carepost.studio.errors import ValidationFailed
from carepost.studio.publishing.models import JobState, PublishJob
from carepost.studio.publishing.post_urls import (
    PostUrlTableError,
    load_post_urls,
    post_url_check,
)
from carepost.studio.publishing.services import jobs_materialize
from carepost.studio.workspaces.models import Role
from tests.support.publishing import approved_post

from ..factories import PASSWORD, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, owner):
    assert client.login(username=owner.username, password=PASSWORD)
    return client


# ------------------------------------------------------------------ nothing connected
def test_no_account_and_no_platform_set_up_says_how_to_connect_and_how_to_post_by_hand(
    signed_in, ws
):
    page = signed_in.get(reverse("publishing_queue", args=[ws.pk])).content.decode()
    assert "Connect an account:" not in page  # the old dangling sentence
    assert "No platform is set up for connecting yet" in page
    assert "CAREPOST_OAUTH_X_CLIENT_ID" in page
    assert "Until then, post by hand." in page and "copy-ready package" in page


def test_a_platform_with_credentials_gets_a_connect_button(signed_in, ws, settings):
    settings.CAREPOST_OAUTH_X_CLIENT_ID = "carepost-app"
    settings.CAREPOST_OAUTH_X_CLIENT_SECRET = "s3cret"
    page = signed_in.get(reverse("publishing_queue", args=[ws.pk])).content.decode()
    action = reverse("publishing_connect", args=[ws.pk, "x"])
    assert f'action="{action}"' in page and ">Connect X</button>" in page
    assert "No platform is set up" not in page
    assert reverse("publishing_connect", args=[ws.pk, "facebook"]) not in page  # not set up


def test_a_member_who_cannot_connect_is_told_who_can(client, ws):
    author = member(ws, Role.AUTHOR)
    assert client.login(username=author.username, password=PASSWORD)
    page = client.get(reverse("publishing_queue", args=[ws.pk])).content.decode()
    assert "An owner of this workspace can connect one" in page
    assert "Until then, post by hand." in page
    assert "CAREPOST_OAUTH" not in page


# ------------------------------------------------------------------ the live post's link
POST_URLS = [
    ("x", "https://x.com/RiversideClinic/status/1866123456789012345", True),
    ("x", "https://twitter.com/RiversideClinic/status/1866123456789012345?s=20", True),
    ("x", "https://mobile.twitter.com/i/web/status/1866123456789012345", True),
    ("x", "https://x.com/RiversideClinic", False),  # the profile, not a post
    ("x", "https://www.facebook.com/RiversideClinic/posts/pfbid02abc", False),
    ("x", "https://x.com.evil.example/RiversideClinic/status/1", False),
    ("x", "https://user@x.com/RiversideClinic/status/1", False),
    ("x", "ftp://x.com/RiversideClinic/status/1", False),
    ("facebook", "https://www.facebook.com/RiversideClinic/posts/pfbid02abc123", True),
    ("facebook", "https://www.facebook.com/permalink.php?story_fbid=123&id=456", True),
    ("facebook", "https://www.facebook.com/permalink.php?id=456", False),
    ("facebook", "https://fb.watch/abcDEF12/", True),
    ("facebook", "https://www.facebook.com/RiversideClinic", False),
    ("instagram", "https://www.instagram.com/p/C9xYz12AbCd/", True),
    ("instagram", "https://www.instagram.com/reel/C9xYz12AbCd/", True),
    ("instagram", "https://www.instagram.com/riversideclinic/", False),
    ("linkedin", "https://www.linkedin.com/feed/update/urn:li:activity:7270000000000000000/", True),
    ("linkedin", "https://www.linkedin.com/posts/riverside-clinic_flu-activity-727-abc", True),
    ("linkedin", "https://www.linkedin.com/company/riverside-clinic/", False),
    ("tiktok", "https://www.tiktok.com/@riversideclinic/video/7440000000000000000", True),
    ("tiktok", "https://vm.tiktok.com/ZMabc123/", True),
    ("tiktok", "https://www.tiktok.com/ZMabc123/", False),
    ("threads", "https://www.threads.net/@riversideclinic/post/DC1abcDEfgh", True),
    ("threads", "https://www.threads.com/@riversideclinic/post/DC1abcDEfgh", True),
    ("threads", "https://www.threads.net/@riversideclinic", False),
    ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", True),
    ("youtube", "https://youtu.be/dQw4w9WgXcQ", True),
    ("youtube", "https://www.youtube.com/shorts/dQw4w9WgXcQ", True),
    ("youtube", "https://www.youtube.com/@riversideclinic", False),
    ("bluesky", "https://bsky.app/profile/riversideclinic.bsky.social/post/3lbxyzabc2k2c", True),
    ("bluesky", "https://bsky.app/profile/riversideclinic.bsky.social", False),
    ("mastodon", "https://mastodon.social/@riversideclinic/113600000000000000", True),
    ("mastodon", "https://toot.health/users/clinic/statuses/113600000000000000", True),
    ("mastodon", "https://mastodon.social/@riversideclinic", False),
]


@pytest.mark.parametrize(("platform", "url", "ok"), POST_URLS)
def test_post_url_table(platform, url, ok):
    if ok:
        assert post_url_check(platform=platform, url=f"  {url} ") == url
    else:
        with pytest.raises(ValidationFailed) as exc:
            post_url_check(platform=platform, url=url)
        assert exc.value.field == "url"


def test_every_platform_has_a_case():
    from carepost.studio.workspaces.models import PLATFORMS

    assert {p for p, _, ok in POST_URLS if ok} == {key for key, _ in PLATFORMS}
    assert {p for p, _, ok in POST_URLS if not ok} == {key for key, _ in PLATFORMS}


def test_the_table_is_validated_with_file_and_line(tmp_path):
    bad = tmp_path / "post_urls.yaml"
    bad.write_text("x:\n  hosts: [x.com]\n  posts:\n    - path: 'status/(['\n  example: e\n")
    with pytest.raises(PostUrlTableError, match=r"post_urls\.yaml:4: path must be"):
        load_post_urls(bad)
    bad.write_text("x:\n  hosts: [x.com]\n  posts:\n    - path: '/(['\n  example: e\n")
    with pytest.raises(PostUrlTableError, match=r"post_urls\.yaml:4: path is not a regular"):
        load_post_urls(bad)
    bad.write_text("myspace:\n  hosts: [myspace.com]\n")
    with pytest.raises(PostUrlTableError, match=r"post_urls\.yaml:1: unknown platform"):
        load_post_urls(bad)


def test_mark_as_posted_refuses_a_link_from_another_platform(signed_in, ws, due):
    post = approved_post(workspace=ws, text="By hand on X", at=due, platforms=("x",))
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    url = reverse("publishing_manual_posted", args=[ws.pk, job.pk])
    refused = signed_in.post(url, {"url": "https://www.facebook.com/RiversideClinic/posts/1"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "that is not the link of a post on X (twitter.com or x.com)" in body
    assert "https://x.com/RiversideClinic/status/1866123456789012345" in body
    job.refresh_from_db()
    assert job.state == JobState.MANUAL
    ok = signed_in.post(url, {"url": "https://twitter.com/RiversideClinic/status/1866"})
    assert ok.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED
    assert job.remote_url == "https://twitter.com/RiversideClinic/status/1866"


# ------------------------------------------------------------------ retry where the failure shows
def test_a_failed_job_has_a_retry_button_on_the_post_and_queue_pages(signed_in, ws, account, due):
    post = approved_post(workspace=ws, text="will fail", at=due)
    jobs_materialize()
    job = PublishJob.objects.get(post=post)
    PublishJob.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error_message="media refused: too big"
    )
    retry = reverse("publishing_job_retry", args=[ws.pk, job.pk])
    for page in [
        reverse("publishing_post", args=[ws.pk, post.pk]),
        reverse("publishing_queue", args=[ws.pk]),
        reverse("publishing_job", args=[ws.pk, job.pk]),
    ]:
        body = signed_in.get(page).content.decode()
        assert f'action="{retry}"' in body and ">Retry</button>" in body, page
    assert signed_in.post(retry).status_code == 302
    assert PublishJob.objects.get(pk=job.pk).state == JobState.SCHEDULED
    body = signed_in.get(reverse("publishing_post", args=[ws.pk, post.pk])).content.decode()
    assert f'action="{retry}"' not in body  # nothing to retry any more


def test_the_post_page_links_to_its_publishing_page(signed_in, ws, due):
    post = approved_post(workspace=ws, text="linked", at=due)
    body = signed_in.get(reverse("post_detail", args=[ws.pk, post.pk])).content.decode()
    assert f'href="{reverse("publishing_post", args=[ws.pk, post.pk])}"' in body
