"""Every platform client against recorded response shapes (no network): publish text / image /
carousel / video where the platform has them, first comment, delete, status, reconcile, and
every error family mapped to a typed error."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from carepost.publishing import (
    CLIENTS,
    CannotVerify,
    Duplicate,
    MediaItem,
    MediaRejected,
    OutcomeUnknown,
    PermissionMissing,
    PlatformError,
    PublishRequest,
    RateLimited,
    Rejected,
    Temporary,
    TokenDead,
    content_fingerprint,
)
from carepost.publishing.clients import (
    BlueskyClient,
    FacebookPageClient,
    InstagramClient,
    LinkedInClient,
    MastodonClient,
    ThreadsClient,
    TikTokClient,
    XClient,
    YouTubeClient,
)
from carepost.publishing.clients.bluesky import facets, tid_for
from carepost.publishing.clients.linkedin import little_text
from carepost.publishing.clients.tiktok import chunk_plan
from carepost.publishing.versions import GRAPH_API_VERSION, LINKEDIN_VERSION

from . import spec
from .mock import Script, reply

IMG = MediaItem(
    kind="image",
    mime="image/jpeg",
    url="https://cdn.example/a.jpg",
    data=b"\xff\xd8jpeg",
    alt_text="A nurse",
)
IMG2 = MediaItem(
    kind="image", mime="image/jpeg", url="https://cdn.example/b.jpg", data=b"\xff\xd8jpeg2"
)
VID = MediaItem(
    kind="video", mime="video/mp4", url="https://cdn.example/v.mp4", data=b"\x00" * 3000
)
TEXT = "Flu shots are here. Walk in Mon–Fri 8–5. https://clinic.example/flu #FluSeason"


def make(cls, script, **kw):
    kw.setdefault("account_id", "17841400000000001")
    return cls(
        access_token="tok-SECRET",
        http=script.client(),
        sleep=lambda s: None,
        poll_interval=0.01,
        poll_timeout=1,
        **kw,
    )


# ====================================================================== Meta: Facebook
def graph_error(code, message="msg", subcode=None, status=400, user_msg=None, headers=None):
    err = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"}
    if subcode:
        err["error_subcode"] = subcode
    if user_msg:
        err["error_user_msg"] = user_msg
    return reply(status, {"error": err}, headers)


def test_graph_version_is_the_one_the_descriptions_were_taken_from():
    spec.meta_fields("IGMedia")  # skips when the descriptions are absent
    assert (spec.SPECS / "meta-graph/specs/version.txt").read_text().strip() == GRAPH_API_VERSION


def test_facebook_text_image_carousel_video_comment_delete():
    s = Script()
    s.on("POST", r"/feed$", reply(200, {"id": "123_456"}))
    s.on(
        "POST",
        r"/photos$",
        reply(200, {"id": "p1", "post_id": "123_789"}),
        reply(200, {"id": "p2"}),
        reply(200, {"id": "p3"}),
    )
    s.on("POST", r"/videos$", reply(200, {"id": "vid9"}))
    s.on(
        "GET",
        r"/(123_456|123_789|vid9)$",
        reply(200, {"permalink_url": "https://www.facebook.com/123/posts/456"}),
    )
    s.on("POST", r"/comments$", reply(200, {"id": "c1"}))
    s.on("DELETE", r"/123_456$", reply(200, {"success": True}))
    fb = make(FacebookPageClient, s, account_id="123")
    assert s.client
    p = fb.publish(PublishRequest(text=TEXT, link="https://clinic.example/flu"))
    assert p.remote_id == "123_456" and p.url.startswith("https://www.facebook.com/")
    assert s.form(s.sent("POST", r"/feed$")[0]) == {
        "message": TEXT,
        "link": "https://clinic.example/flu",
    }
    assert f"/{GRAPH_API_VERSION}/123/feed" in str(s.sent("POST", r"/feed$")[0].url)
    assert fb.publish(PublishRequest(text="pic", media=(IMG,))).remote_id == "123_789"
    saved = []
    out = fb.publish(PublishRequest(text="two", media=(IMG, IMG2)), checkpoint=saved.append)
    feed = s.form(s.sent("POST", r"/feed$")[-1])
    assert json.loads(feed["attached_media[0]"]) == {"media_fbid": "p2"}
    assert json.loads(feed["attached_media[1]"]) == {"media_fbid": "p3"}
    assert saved[0] == {"photo_ids": ["p2"]} and out.remote_id == "123_456"
    assert fb.publish(PublishRequest(text="vid", media=(VID,))).remote_id == "vid9"
    assert fb.comment("123_456", "Book at clinic.example") == "c1"
    fb.delete("123_456")
    assert s.sent("DELETE", r"/123_456$")
    assert all(r.headers["authorization"] == "Bearer tok-SECRET" for r in s.requests)
    assert "SECRET" not in repr(fb)


def test_facebook_reconciles_by_content_fingerprint():
    s = Script().on(
        "GET",
        r"/123/posts$",
        reply(
            200,
            {
                "data": [
                    {
                        "id": "123_1",
                        "message": "something else",
                        "created_time": "2026-12-03T10:00:00+0000",
                    },
                    {
                        "id": "123_2",
                        "message": TEXT.replace("  ", " "),
                        "permalink_url": "https://fb/2",
                    },
                ]
            },
        ),
    )
    found = make(FacebookPageClient, s, account_id="123").find_published(
        PublishRequest(text=TEXT), since=datetime(2026, 12, 3, tzinfo=UTC)
    )
    assert found and found.remote_id == "123_2" and found.reconciled
    assert s.requests[0].url.params["since"] == str(
        int(datetime(2026, 12, 3, tzinfo=UTC).timestamp())
    )


# ====================================================================== Meta: Instagram
def test_instagram_nodes_used_exist_in_the_graph_description():
    assert {
        ("POST", "media"),
        ("POST", "media_publish"),
        ("GET", "content_publishing_limit"),
    } <= spec.meta_endpoints("IGUser")
    assert {"caption", "permalink", "timestamp", "id"} <= spec.meta_fields("IGMedia")
    assert {"quota_usage", "config"} == spec.meta_fields("ContentPublishingLimitResponse")
    assert ("POST", "comments") in spec.meta_endpoints("IGMedia")


def test_instagram_container_status_publish_flow_with_checkpoints():
    s = Script()
    s.on("POST", r"/17841400000000001/media$", reply(200, {"id": "cont1"}))
    s.on(
        "GET",
        r"/cont1$",
        reply(200, {"status_code": "IN_PROGRESS", "id": "cont1"}),
        reply(200, {"status_code": "FINISHED", "id": "cont1"}),
    )
    s.on("POST", r"/media_publish$", reply(200, {"id": "media77"}))
    s.on("GET", r"/media77$", reply(200, {"permalink": "https://www.instagram.com/p/abc/"}))
    saved: list[dict] = []
    ig = make(InstagramClient, s)
    p = ig.publish(PublishRequest(text="Caption #flu", media=(IMG,)), checkpoint=saved.append)
    assert p.remote_id == "media77" and p.url == "https://www.instagram.com/p/abc/"
    assert s.form(s.sent("POST", r"/media$")[0]) == {
        "image_url": IMG.url,
        "alt_text": "A nurse",
        "caption": "Caption #flu",
    }
    assert s.form(s.sent("POST", "media_publish")[0]) == {"creation_id": "cont1"}
    assert saved == [{"container_id": "cont1"}, {"media_id": "media77"}]


def test_instagram_reel_and_carousel_shapes():
    s = Script()
    s.on(
        "POST",
        r"/media$",
        reply(200, {"id": "c1"}),
        reply(200, {"id": "c2"}),
        reply(200, {"id": "car"}),
        reply(200, {"id": "reel"}),
    )
    s.on("GET", r"/(c1|c2|car|reel)$", reply(200, {"status_code": "FINISHED"}))
    s.on("POST", r"/media_publish$", reply(200, {"id": "m1"}))
    s.on("GET", r"/m1$", reply(200, {"permalink": "https://www.instagram.com/p/x/"}))
    ig = make(InstagramClient, s)
    ig.publish(PublishRequest(text="carousel", media=(IMG, IMG2)))
    forms = [s.form(r) for r in s.sent("POST", r"/media$")]
    assert forms[0]["is_carousel_item"] == "true" and forms[1]["image_url"] == IMG2.url
    assert forms[2] == {"media_type": "CAROUSEL", "children": "c1,c2", "caption": "carousel"}
    ig.publish(PublishRequest(text="reel", media=(VID,)))
    assert s.form(s.sent("POST", r"/media$")[-1]) == {
        "media_type": "REELS",
        "video_url": VID.url,
        "caption": "reel",
    }
    with pytest.raises(MediaRejected, match="2 to 10"):
        ig.publish(PublishRequest(text="x", media=(IMG,) * 11))
    with pytest.raises(Rejected):
        ig.publish(PublishRequest(text="text only"))


def test_instagram_resumes_a_finished_container_instead_of_recreating():
    s = Script()
    s.on("GET", r"/cont1$", reply(200, {"status_code": "FINISHED"}))
    s.on("POST", r"/media_publish$", reply(200, {"id": "m2"}))
    s.on("GET", r"/m2$", reply(200, {"permalink": "https://www.instagram.com/p/y/"}))
    p = make(InstagramClient, s).publish(
        PublishRequest(text="c", media=(IMG,)), state={"container_id": "cont1"}
    )
    assert p.remote_id == "m2" and not s.sent("POST", r"/media$")


def test_instagram_reconcile_container_not_published_means_not_live():
    s = Script().on("GET", r"/cont1$", reply(200, {"status_code": "FINISHED"}))
    assert (
        make(InstagramClient, s).find_published(
            PublishRequest(text="c", media=(IMG,)), state={"container_id": "cont1"}
        )
        is None
    )


def test_instagram_reconcile_published_container_finds_media_by_caption():
    s = Script()
    s.on("GET", r"/cont1$", reply(200, {"status_code": "PUBLISHED"}))
    s.on(
        "GET",
        r"/media$",
        reply(
            200,
            {
                "data": [
                    {
                        "id": "m9",
                        "caption": "Caption  #flu",
                        "timestamp": "2026-12-03T10:00:00+0000",
                        "permalink": "https://www.instagram.com/p/z/",
                    }
                ]
            },
        ),
    )
    found = make(InstagramClient, s).find_published(
        PublishRequest(text="Caption #flu", media=(IMG,)), state={"container_id": "cont1"}
    )
    assert found and found.remote_id == "m9" and found.reconciled


def test_instagram_container_error_is_media_rejected_with_reason():
    s = Script()
    s.on("POST", r"/media$", reply(200, {"id": "c1"}))
    s.on(
        "GET",
        r"/c1$",
        reply(
            200, {"status_code": "ERROR", "status": "Error: Media ID is not available (2207006)"}
        ),
    )
    with pytest.raises(MediaRejected) as err:
        make(InstagramClient, s).publish(PublishRequest(text="c", media=(IMG,)))
    assert "2207006" in err.value.reason


def test_instagram_quota_from_content_publishing_limit():
    s = Script().on(
        "GET",
        r"/content_publishing_limit$",
        reply(
            200,
            {"data": [{"quota_usage": 48, "config": {"quota_total": 50, "quota_duration": 86400}}]},
        ),
    )
    q = make(InstagramClient, s).quota()
    assert q and q.remaining == 2 and q.window_seconds == 86400


def test_threads_quota_defaults_to_250_when_config_is_missing():
    s = Script().on(
        "GET", r"/threads_publishing_limit$", reply(200, {"data": [{"quota_usage": 10}]})
    )
    q = make(ThreadsClient, s, account_id="me").quota()
    assert q and q.total == 250 and q.remaining == 240


@pytest.mark.parametrize("cls", [InstagramClient, ThreadsClient])
def test_graph_status_published_and_missing(cls):
    s = Script().on("GET", r"/111$", reply(200, {"id": "111", "permalink": "https://p/111"}))
    s.on(
        "GET",
        r"/222$",
        reply(
            400,
            {
                "error": {
                    "message": "Unsupported get request",
                    "type": "GraphMethodException",
                    "code": 100,
                }
            },
        ),
    )
    client = make(cls, s, account_id="me")
    assert client.status("111").state == "published"
    assert client.status("111").url == "https://p/111"
    assert client.status("222").state == "missing"


GRAPH_ERRORS = [
    (
        graph_error(
            190, "Error validating access token: Session has expired", subcode=463, status=400
        ),
        TokenDead,
        "190/463",
    ),
    (graph_error(190, "invalid", subcode=460), TokenDead, "190/460"),
    (
        graph_error(10, "Application does not have permission for this action", status=403),
        PermissionMissing,
        10,
    ),
    (graph_error(200, "Permissions error"), PermissionMissing, 200),
    (
        graph_error(
            4,
            "Application request limit reached",
            status=403,
            headers={
                "x-business-use-case-usage": json.dumps(
                    {
                        "1784": [
                            {
                                "type": "instagram",
                                "call_count": 100,
                                "estimated_time_to_regain_access": 12,
                            }
                        ]
                    }
                )
            },
        ),
        RateLimited,
        4,
    ),
    (graph_error(17, "User request limit reached"), RateLimited, 17),
    (graph_error(32, "Page request limit reached"), RateLimited, 32),
    (graph_error(613, "Calls to this api have exceeded the rate limit"), RateLimited, 613),
    (
        graph_error(
            9,
            "Application request limit reached",
            subcode=2207042,
            user_msg="You reached the maximum number of posts allowed",
        ),
        RateLimited,
        "9/2207042",
    ),
    (graph_error(506, "Duplicate status message"), Duplicate, 506),
    (
        graph_error(
            36000,
            "The image size is too large",
            subcode=2207004,
            user_msg="The image is too large to download. It should be less than 8 MiB.",
        ),
        MediaRejected,
        "36000/2207004",
    ),
    (graph_error(-2, "Timeout", subcode=2207003, status=500), Temporary, "-2/2207003"),
    (graph_error(1, "An unknown error occurred", status=500), Temporary, 1),
    (graph_error(2, "Service temporarily unavailable", status=503), Temporary, 2),
    (graph_error(368, "The action attempted has been deemed abusive"), Rejected, 368),
    (graph_error(4, "spam", subcode=2207051), Rejected, "4/2207051"),
    (graph_error(100, "Invalid parameter"), Rejected, 100),
    (graph_error(1609005, "Error Posting Link"), Rejected, 1609005),
    (httpx.Response(502, text="<html>Bad gateway</html>"), Temporary, None),
]


@pytest.mark.parametrize(("response", "kind", "code"), GRAPH_ERRORS)
@pytest.mark.parametrize("cls", [FacebookPageClient, InstagramClient, ThreadsClient])
def test_graph_error_families(cls, response, kind, code):
    s = Script().on("POST", r".*", response)
    req = (
        PublishRequest(text="t", media=(IMG,))
        if cls is InstagramClient
        else PublishRequest(text="t")
    )
    with pytest.raises(kind) as err:
        make(cls, s).publish(req)
    # The Graph code stays a number (``exc.code == 100`` checks work); the subcode is its own.
    assert err.value.full_code == ("" if code is None else str(code))
    assert code is None or isinstance(err.value.code, int)
    assert err.value.message and err.value.action
    assert "Unknown error" not in str(err.value) and "SECRET" not in str(err.value)
    if kind is RateLimited and code == 4:
        assert (
            err.value.reset_at
            and 11 <= (err.value.reset_at - datetime.now(UTC)).total_seconds() / 60 <= 12
        )
    if kind is MediaRejected:
        assert "8 MiB" in err.value.reason


# ====================================================================== Threads
def test_threads_endpoints_follow_the_postman_collection():
    reqs = spec.threads_requests()
    assert any(m == "POST" and "/me/threads?" in u and "media_type=TEXT" in u for m, u in reqs)
    assert any(m == "POST" and "/threads_publish?creation_id" in u for m, u in reqs)
    assert any(m == "GET" and "threads_publishing_limit" in u for m, u in reqs)
    assert any("fields={{fields_container}}" in u for _, u in reqs)


def test_threads_text_carousel_reply_and_link_limit():
    s = Script()
    s.on(
        "POST",
        r"/me/threads$",
        reply(200, {"id": "k1"}),
        reply(200, {"id": "k2"}),
        reply(200, {"id": "kc"}),
        reply(200, {"id": "kt"}),
        reply(200, {"id": "kr"}),
    )
    s.on("GET", r"/k\w+$", reply(200, {"id": "k", "status": "FINISHED"}))
    s.on("POST", r"/threads_publish$", reply(200, {"id": "t1"}))
    s.on("GET", r"/t1$", reply(200, {"permalink": "https://www.threads.net/@c/post/x"}))
    th = make(ThreadsClient, s, account_id="me")
    p = th.publish(PublishRequest(text="two", media=(IMG, VID)))
    params = [r.url.params for r in s.sent("POST", r"/me/threads$")]
    assert params[0]["is_carousel_item"] == "true" and params[1]["media_type"] == "VIDEO"
    assert params[2]["media_type"] == "CAROUSEL" and params[2]["children"] == "k1,k2"
    assert p.url == "https://www.threads.net/@c/post/x"
    th.publish(PublishRequest(text="hello"))
    assert s.sent("POST", r"/me/threads$")[3].url.params["media_type"] == "TEXT"
    th.comment("t1", "more at clinic.example")
    assert s.sent("POST", r"/me/threads$")[4].url.params["reply_to_id"] == "t1"
    s2 = Script().on(
        "POST",
        r"/threads$",
        graph_error(100, "Link limit", user_msg="THREADS_API__LINK_LIMIT_EXCEEDED"),
    )
    with pytest.raises(Rejected) as err:
        make(ThreadsClient, s2, account_id="me").publish(PublishRequest(text="links"))
    assert err.value.code == "THREADS_API__LINK_LIMIT_EXCEEDED"


def test_threads_container_error_message_is_the_reason():
    s = (
        Script()
        .on("POST", r"/threads$", reply(200, {"id": "k1"}))
        .on("GET", r"/k1$", reply(200, {"status": "ERROR", "error_message": "INVALID_ASPEC_RATIO"}))
    )
    with pytest.raises(MediaRejected) as err:
        make(ThreadsClient, s, account_id="me").publish(PublishRequest(text="v", media=(VID,)))
    assert err.value.reason == "INVALID_ASPEC_RATIO"


# ====================================================================== X
def test_x_text_with_chunked_media_and_reply():
    s = Script()
    init = spec.x_validate(
        {
            "data": {
                "id": "1880028106020515840",
                "media_key": "3_1880028106020515840",
                "expires_after_secs": 86400,
            }
        },
        "InitializeMediaUploadResponse",
    )
    s.on("POST", r"/2/media/upload/initialize$", reply(200, init))
    s.on("POST", r"/append$", reply(200, {"data": {"expires_at": 1}}))
    fin = spec.x_validate(
        {
            "data": {
                "id": "1880028106020515840",
                "processing_info": {"state": "pending", "check_after_secs": 1},
            }
        },
        "MediaUploadResponse",
    )
    s.on("POST", r"/finalize$", reply(200, fin))
    s.on(
        "GET",
        r"/2/media/upload$",
        reply(
            200, {"data": {"id": "1880028106020515840", "processing_info": {"state": "succeeded"}}}
        ),
    )
    s.on(
        "POST",
        r"/2/media/metadata$",
        reply(200, {"data": {"id": "1880028106020515840", "associated_metadata": True}}),
    )
    created = spec.x_validate(
        {"data": {"id": "1445880548472328192", "text": TEXT}}, "CreatePostsResponse"
    )
    s.on(
        "POST",
        r"/2/tweets$",
        reply(201, created),
        reply(201, {"data": {"id": "1445880548472328199", "text": "r"}}),
    )
    x = make(XClient, s)
    p = x.publish(PublishRequest(text=TEXT, media=(VID,)))
    assert p.remote_id == "1445880548472328192" and p.url.endswith("/1445880548472328192")
    assert s.body(s.sent("POST", r"/2/tweets$")[0]) == {
        "text": TEXT,
        "media": {"media_ids": ["1880028106020515840"]},
    }
    assert s.body(s.sent("POST", "initialize")[0])["media_category"] == "tweet_video"
    assert b'name="segment_index"' in s.sent("POST", "append")[0].content
    assert x.comment(p.remote_id, "More info") == "1445880548472328199"
    assert s.body(s.sent("POST", r"/2/tweets$")[1])["reply"] == {
        "in_reply_to_tweet_id": p.remote_id
    }


def test_x_image_alt_text_goes_to_metadata():
    s = Script()
    s.on("POST", r"initialize$", reply(200, {"data": {"id": "9"}}))
    s.on("POST", r"append$", reply(200, {}))
    s.on("POST", r"finalize$", reply(200, {"data": {"id": "9"}}))
    s.on("POST", r"metadata$", reply(200, {}))
    s.on("POST", r"/2/tweets$", reply(201, {"data": {"id": "1", "text": "t"}}))
    make(XClient, s).publish(PublishRequest(text="t", media=(IMG, IMG2)))
    assert s.body(s.sent("POST", "metadata")[0]) == {
        "id": "9",
        "metadata": {"alt_text": {"text": "A nurse"}},
    }
    assert len(s.sent("POST", "initialize")) == 2


def test_x_delete_status_and_reconcile():
    s = Script()
    s.on(
        "DELETE",
        r"/2/tweets/1$",
        reply(200, spec.x_validate({"data": {"deleted": True}}, "DeletePostsResponse")),
    )
    missing = {
        "errors": [
            {
                "type": "https://api.x.com/2/problems/resource-not-found",
                "title": "Not Found Error",
                "detail": "Could not find tweet with id: [2].",
                "resource_type": "tweet",
                "resource_id": "2",
                "parameter": "id",
                "value": "2",
            }
        ]
    }
    spec.x_validate(missing["errors"][0], "Problem")
    s.on("GET", r"/2/tweets/2$", reply(200, missing))
    s.on(
        "GET",
        r"/2/users/\d+/tweets$",
        reply(
            200,
            {
                "data": [
                    {
                        "id": "77",
                        "text": "Flu shots are here. Walk in Mon–Fri 8–5. https://t.co/AbCd #FluSeason",
                    }
                ]
            },
        ),
    )
    x = make(XClient, s)
    x.delete("1")
    assert x.status("2").state == "missing"
    found = x.find_published(PublishRequest(text=TEXT), since=datetime(2026, 1, 1, tzinfo=UTC))
    assert found and found.remote_id == "77"  # t.co shortening does not hide our post
    assert s.sent("GET", "users")[0].url.params["start_time"] == "2026-01-01T00:00:00Z"


def x_problem(
    status,
    detail,
    type_="https://api.x.com/2/problems/invalid-request",
    title="Error",
    headers=None,
):
    body = {"type": type_, "title": title, "detail": detail, "status": status}
    return httpx.Response(
        status, json=body, headers={"content-type": "application/problem+json", **(headers or {})}
    )


X_ERRORS = [
    (
        reply(
            429,
            {"errors": [{"code": 88, "message": "Rate limit exceeded"}]},
            {"x-rate-limit-reset": "1900000000", "x-rate-limit-remaining": "0"},
        ),
        RateLimited,
        88,
    ),
    (
        reply(
            429,
            {
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            },
            {
                "x-rate-limit-reset": "1800000000",
                "x-user-limit-24hour-remaining": "0",
                "x-user-limit-24hour-reset": "1900000000",
            },
        ),
        RateLimited,
        "about:blank",
    ),
    (
        x_problem(401, "Unauthorized", type_="about:blank", title="Unauthorized"),
        TokenDead,
        "about:blank",
    ),
    (
        x_problem(
            403,
            "You are not allowed to create a Tweet with duplicate content.",
            title="Forbidden",
            type_="about:blank",
        ),
        Duplicate,
        "about:blank",
    ),
    (reply(403, {"errors": [{"code": 187, "message": "Status is a duplicate."}]}), Duplicate, 187),
    (
        x_problem(
            403,
            "You are not permitted to perform this action.",
            title="Forbidden",
            type_="about:blank",
        ),
        PermissionMissing,
        "about:blank",
    ),
    (
        x_problem(
            403,
            "Your enrolled account has reached its usage cap",
            type_="https://api.x.com/2/problems/usage-capped",
            title="Usage cap exceeded",
        ),
        RateLimited,
        "https://api.x.com/2/problems/usage-capped",
    ),
    (
        x_problem(400, "One or more parameters to your request was invalid: media_ids"),
        MediaRejected,
        "https://api.x.com/2/problems/invalid-request",
    ),
    (x_problem(400, "text is too long"), Rejected, "https://api.x.com/2/problems/invalid-request"),
    (httpx.Response(503, text="Service Unavailable"), Temporary, None),
]


@pytest.mark.parametrize(("response", "kind", "code"), X_ERRORS)
def test_x_error_families(response, kind, code):
    if response.headers.get("content-type", "").startswith("application/problem"):
        spec.x_validate(response.json(), "Problem") if response.json()["type"].startswith(
            "https://api.x.com/2/problems/invalid"
        ) else None
    s = Script().on("POST", r"/2/tweets$", response)
    with pytest.raises(kind) as err:
        make(XClient, s).publish(PublishRequest(text="t"))
    assert err.value.code == code and err.value.action and "Unknown" not in str(err.value)
    if kind is RateLimited and response.status_code == 429:
        assert err.value.reset_at == datetime.fromtimestamp(1900000000, UTC)
    if kind is Temporary:
        assert err.value.may_have_published


def test_x_media_processing_failure_is_media_rejected():
    s = Script()
    s.on("POST", r"initialize$", reply(200, {"data": {"id": "9"}}))
    s.on("POST", r"append$", reply(200, {}))
    s.on(
        "POST",
        r"finalize$",
        reply(200, {"data": {"id": "9", "processing_info": {"state": "in_progress"}}}),
    )
    s.on(
        "GET",
        r"/2/media/upload$",
        reply(
            200,
            {
                "data": {
                    "id": "9",
                    "processing_info": {
                        "state": "failed",
                        "error": {
                            "code": 1,
                            "name": "InvalidMedia",
                            "message": "Unsupported video format",
                        },
                    },
                }
            },
        ),
    )
    with pytest.raises(MediaRejected) as err:
        make(XClient, s).publish(PublishRequest(text="t", media=(VID,)))
    assert err.value.reason == "Unsupported video format"


# ====================================================================== transport outcomes
@pytest.mark.parametrize("cls", sorted(CLIENTS.values(), key=lambda c: c.platform))
def test_timeout_after_send_is_outcome_unknown_and_connect_failure_is_temporary(cls):
    req = PublishRequest(
        text="t",
        media=(VID,),
        idempotency_key="job-1",
        options={"privacy_level": "SELF_ONLY"},
    )
    for exc, kind in [
        (httpx.ReadTimeout("slow"), OutcomeUnknown),
        (httpx.RemoteProtocolError("dropped"), OutcomeUnknown),
        (httpx.ConnectError("refused"), Temporary),
    ]:
        s = Script().on("POST", r".*", exc).on("GET", r".*", exc).on("PUT", r".*", exc)
        with pytest.raises(kind) as err:
            make(cls, s, base_url="https://platform.test").publish(req)
        assert err.value.may_have_published is (kind is OutcomeUnknown)
        assert err.value.platform == cls.platform


# ====================================================================== LinkedIn
def test_linkedin_version_header_little_text_image_and_comment():
    s = Script()
    s.on(
        "POST",
        r"/rest/images$",
        reply(
            200,
            {
                "value": {
                    "uploadUrlExpiresAt": 1650567510704,
                    "uploadUrl": "https://www.linkedin.com/dms-uploads/sp/abc",
                    "image": "urn:li:image:C4E10AQFoyyAjHPMQuQ",
                }
            },
        ),
    )
    s.on("PUT", r"/dms-uploads/", reply(201))
    s.on(
        "POST",
        r"/rest/posts$",
        reply(201, headers={"x-restli-id": "urn:li:share:6844785523593134080"}),
    )
    s.on(
        "POST",
        r"/comments$",
        reply(201, headers={"x-restli-id": "urn:li:comment:(urn:li:activity:1,2)"}),
    )
    li = make(LinkedInClient, s, account_id="urn:li:organization:5515715")
    text = "Meet Dr. Lee (our new PT) #TeamIntro @ 9am"
    p = li.publish(PublishRequest(text=text, media=(IMG,)))
    post = s.sent("POST", r"/rest/posts$")[0]
    assert (
        post.headers["linkedin-version"] == LINKEDIN_VERSION
        and post.headers["x-restli-protocol-version"] == "2.0.0"
    )
    body = s.body(post)
    assert body["commentary"] == r"Meet Dr. Lee \(our new PT\) #TeamIntro \@ 9am"
    assert body["content"] == {
        "media": {"id": "urn:li:image:C4E10AQFoyyAjHPMQuQ", "altText": "A nurse"}
    }
    assert body["author"] == "urn:li:organization:5515715" and body["lifecycleState"] == "PUBLISHED"
    assert p.url == "https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/"
    assert li.comment(p.remote_id, "Welcome!").startswith("urn:li:comment")
    assert "urn%3Ali%3Ashare" in str(s.sent("POST", "comments")[0].url)


def test_little_text_escapes_reserved_but_keeps_hashtags():
    assert (
        little_text(r"a_b*c~d [x](y) {z} <w> | \ #tag # alone")
        == r"a\_b\*c\~d \[x\]\(y\) \{z\} \<w\> \| \\ #tag \# alone"
    )


def test_linkedin_multi_image_and_video_parts():
    s = Script()
    s.on(
        "POST",
        r"/rest/images$",
        reply(200, {"value": {"uploadUrl": "https://up/1", "image": "urn:li:image:1"}}),
        reply(200, {"value": {"uploadUrl": "https://up/2", "image": "urn:li:image:2"}}),
    )
    s.on("PUT", r"/(1|2)$", reply(201))
    s.on(
        "POST",
        r"/rest/videos$",
        reply(
            200,
            {
                "value": {
                    "video": "urn:li:video:9",
                    "uploadToken": "",
                    "uploadInstructions": [
                        {"uploadUrl": "https://up/v1", "firstByte": 0, "lastByte": 1999},
                        {"uploadUrl": "https://up/v2", "firstByte": 2000, "lastByte": 2999},
                    ],
                }
            },
        ),
        reply(200, {}),
    )
    s.on("PUT", r"/v\d$", reply(200, headers={"etag": "e1"}), reply(200, headers={"etag": "e2"}))
    s.on(
        "GET",
        r"/rest/videos/",
        reply(200, {"status": "PROCESSING"}),
        reply(200, {"status": "AVAILABLE"}),
    )
    s.on("POST", r"/rest/posts$", reply(201, headers={"x-restli-id": "urn:li:share:1"}))
    li = make(LinkedInClient, s, account_id="urn:li:person:abc")
    li.publish(PublishRequest(text="two", media=(IMG, IMG2)))
    assert (
        s.body(s.sent("POST", "posts")[0])["content"]["multiImage"]["images"][1]["id"]
        == "urn:li:image:2"
    )
    li.publish(PublishRequest(text="video", media=(VID,)))
    assert [len(r.content) for r in s.sent("PUT", r"/v\d$")] == [2000, 1000]
    fin = s.body(s.sent("POST", "videos")[1])["finalizeUploadRequest"]
    assert fin["uploadedPartIds"] == ["e1", "e2"] and fin["video"] == "urn:li:video:9"


LINKEDIN_ERRORS = [
    (
        reply(
            422,
            {
                "status": 422,
                "code": "DUPLICATE_POST",
                "message": "Content is a duplicate of urn:li:share:7000000000000000000",
            },
        ),
        Duplicate,
        "DUPLICATE_POST",
    ),
    (
        reply(
            429,
            {
                "status": 429,
                "message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
            },
        ),
        RateLimited,
        None,
    ),
    (
        reply(
            401,
            {
                "status": 401,
                "serviceErrorCode": 65601,
                "code": "REVOKED_ACCESS_TOKEN",
                "message": "The token used in the request has been revoked by the user",
            },
        ),
        TokenDead,
        "REVOKED_ACCESS_TOKEN",
    ),
    (
        reply(
            403,
            {
                "status": 403,
                "serviceErrorCode": 100,
                "code": "ACCESS_DENIED",
                "message": "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260501",
            },
        ),
        PermissionMissing,
        "ACCESS_DENIED",
    ),
    (
        reply(
            426,
            {
                "status": 426,
                "code": "NONEXISTENT_VERSION",
                "message": "Requested version 20240101 is not active",
            },
        ),
        Rejected,
        "NONEXISTENT_VERSION",
    ),
    (
        reply(
            400,
            {
                "status": 400,
                "code": "INVALID_CONTENT",
                "message": "/content/media/id :: media asset not found",
            },
        ),
        MediaRejected,
        "INVALID_CONTENT",
    ),
    (
        reply(400, {"status": 400, "code": "PARAM_INVALID", "message": "commentary too long"}),
        Rejected,
        "PARAM_INVALID",
    ),
    (reply(504, {"status": 504, "message": "Gateway timeout"}), Temporary, None),
]


@pytest.mark.parametrize(("response", "kind", "code"), LINKEDIN_ERRORS)
def test_linkedin_error_families(response, kind, code):
    s = Script().on("POST", r"/rest/posts$", response)
    with pytest.raises(kind) as err:
        make(LinkedInClient, s, account_id="urn:li:person:abc").publish(PublishRequest(text="t"))
    assert err.value.code == code and err.value.action
    if kind is Duplicate:
        assert err.value.existing_id == "urn:li:share:7000000000000000000"
    if kind is RateLimited:
        assert (
            err.value.reset_at
            and err.value.reset_at.hour == 0
            and err.value.reset_at > datetime.now(UTC)
        )


def test_linkedin_reconcile_asks_a_person_instead_of_reading_posts_it_may_not():
    """GET posts?q=author and GET posts/{urn} need a restricted scope: no read is attempted,
    the lost answer goes to a person, with the URN LinkedIn named as the duplicate if any."""
    s = Script()  # any request would fail the test
    li = make(LinkedInClient, s, account_id="urn:li:person:a")
    with pytest.raises(CannotVerify) as err:
        li.find_published(PublishRequest(text="Hello (world)"))
    assert s.requests == [] and err.value.action
    with pytest.raises(CannotVerify) as err:
        li.find_published(
            PublishRequest(text="Hello (world)"),
            state={"duplicate_of": "urn:li:share:7000000000000000000"},
        )
    assert err.value.hint_id == "urn:li:share:7000000000000000000"


# ====================================================================== TikTok
def tt(data=None, code="ok", message="", status=200):
    return reply(
        status,
        {
            "data": data or {},
            "error": {"code": code, "message": message, "log_id": "202612031200000000"},
        },
    )


#: creator_info's documented shape (content-posting-api-reference-query-creator-info).
CREATOR_INFO = {
    "creator_avatar_url": "https://lf16-tt4d.tiktokcdn.com/obj/avatar.jpeg",
    "creator_username": "clinic",
    "creator_nickname": "Riverside Clinic",
    "privacy_level_options": ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
    "comment_disabled": False,
    "duet_disabled": False,
    "stitch_disabled": True,
    "max_video_post_duration_sec": 300,
}

MIB = 1024 * 1024
CHUNK_TABLE = [  # (video_size, chunk_size, total_chunk_count)
    (1, 1, 1),
    (5 * MIB - 1, 5 * MIB - 1, 1),  # under 5 MB: must go whole
    (5 * MIB, 5 * MIB, 1),
    (7 * MIB, 7 * MIB, 1),  # was (10 MiB, 1): floor(7/10) = 0 ≠ 1
    (10 * MIB - 1, 10 * MIB - 1, 1),
    (10 * MIB, 10 * MIB, 1),
    (64 * MIB, 64 * MIB, 1),  # up to 64 MB may go whole
    (64 * MIB + 1, 10 * MIB, 6),  # over 64 MB must be chunked
    (25 * MIB + 64 * MIB, 10 * MIB, 8),
    (4 * 1024 * MIB, 10 * MIB, 409),
]


@pytest.mark.parametrize(("size", "chunk", "count"), CHUNK_TABLE)
def test_tiktok_chunk_plan_follows_the_media_transfer_guide(size, chunk, count):
    assert chunk_plan(size) == (chunk, count)
    # The guide's rules, checked on every row:
    assert count == size // chunk  # total_chunk_count = floor(video_size / chunk_size)
    assert 1 <= count <= 1000
    last = size - chunk * (count - 1)
    if count == 1:
        assert chunk == size and (size < 5 * MIB or size <= 64 * MIB)
    else:
        assert 5 * MIB <= chunk <= 64 * MIB and chunk <= last <= 128 * MIB


def test_tiktok_file_upload_video_and_status_polling():
    s = Script()
    s.on("POST", r"creator_info/query/$", tt(CREATOR_INFO))
    s.on(
        "POST",
        r"video/init/$",
        tt(
            {
                "publish_id": "v_pub_file~v2.123",
                "upload_url": "https://open-upload.tiktokapis.com/video/?upload_id=67&upload_token=x",
            }
        ),
    )
    s.on("PUT", r"/video/$", reply(201))
    s.on(
        "POST",
        r"status/fetch/$",
        tt({"status": "PROCESSING_UPLOAD", "uploaded_bytes": 3000}),
        tt({"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [7300000000000000001]}),
    )
    saved: list[dict] = []
    p = make(TikTokClient, s).publish(
        PublishRequest(
            text="Flu shot tips #health",
            media=(VID,),
            options={"privacy_level": "MUTUAL_FOLLOW_FRIENDS", "disable_comment": True},
        ),
        checkpoint=saved.append,
    )
    init = s.body(s.sent("POST", "video/init")[0])
    assert init["source_info"] == {
        "source": "FILE_UPLOAD",
        "video_size": 3000,
        "chunk_size": 3000,
        "total_chunk_count": 1,
    }
    assert init["post_info"] == {
        "title": "Flu shot tips #health",
        "privacy_level": "MUTUAL_FOLLOW_FRIENDS",  # the user's choice, never carepost's
        "disable_comment": True,
        "disable_duet": False,
        "disable_stitch": True,  # turned off in the creator's app: stays off
    }
    put = s.sent("PUT", "/video/")[0]
    assert (
        put.headers["content-range"] == "bytes 0-2999/3000" and "authorization" not in put.headers
    )
    assert p.remote_id == "7300000000000000001" and saved == [{"publish_id": "v_pub_file~v2.123"}]


def test_tiktok_photo_post_and_no_delete():
    s = Script()
    s.on("POST", r"creator_info/query/$", tt(CREATOR_INFO))
    s.on("POST", r"content/init/$", tt({"publish_id": "p_pub_url~v2.1"}))
    s.on(
        "POST",
        r"status/fetch/$",
        tt({"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": []}),
    )
    tk = make(TikTokClient, s)
    p = tk.publish(
        PublishRequest(text="Photos", media=(IMG, IMG2), options={"privacy_level": "SELF_ONLY"})
    )
    body = s.body(s.sent("POST", "content/init")[0])
    assert body["media_type"] == "PHOTO" and body["post_mode"] == "DIRECT_POST"
    assert body["source_info"]["photo_images"] == [IMG.url, IMG2.url]
    assert p.remote_id == "p_pub_url~v2.1"  # public id not yet assigned (moderation)
    with pytest.raises(Rejected, match="no delete"):
        tk.delete("1")


TIKTOK_ERRORS = [
    (
        tt(
            code="access_token_invalid",
            message="The access token is invalid or not found in the request.",
            status=401,
        ),
        TokenDead,
    ),
    (
        tt(
            code="scope_not_authorized",
            message="The user did not authorize the scope required for completing this request.",
            status=401,
        ),
        PermissionMissing,
    ),
    (
        tt(code="rate_limit_exceeded", message="The API rate limit was exceeded.", status=429),
        RateLimited,
    ),
    (
        tt(
            code="spam_risk_too_many_posts",
            message="The daily post cap from the API is reached.",
            status=403,
        ),
        RateLimited,
    ),
    (
        tt(
            code="spam_risk_user_banned_from_posting",
            message="The user is banned from making new posts.",
            status=403,
        ),
        Rejected,
    ),
    (
        tt(
            code="url_ownership_unverified",
            message="Please verify the ownership of the domain or URL prefix.",
            status=403,
        ),
        MediaRejected,
    ),
    (tt(code="invalid_params", message="privacy_level is invalid", status=400), Rejected),
    (tt(code="internal_error", message="Server error", status=500), Temporary),
]


@pytest.mark.parametrize(("response", "kind"), TIKTOK_ERRORS)
def test_tiktok_error_families(response, kind):
    s = Script().on("POST", r"creator_info/query/$", tt(CREATOR_INFO))
    s.on("POST", r"video/init/$", response)
    with pytest.raises(kind) as err:
        make(TikTokClient, s).publish(
            PublishRequest(text="t", media=(VID,), options={"privacy_level": "SELF_ONLY"})
        )
    assert err.value.code == response.json()["error"]["code"]


def test_tiktok_failed_status_carries_fail_reason():
    s = Script()
    s.on("POST", r"creator_info/query/$", tt(CREATOR_INFO))
    s.on("POST", r"video/init/$", tt({"publish_id": "v1", "upload_url": "https://up/video/"}))
    s.on("PUT", r".*", reply(201))
    s.on(
        "POST",
        r"status/fetch/$",
        tt({"status": "FAILED", "fail_reason": "frame_rate_check_failed"}),
    )
    with pytest.raises(MediaRejected) as err:
        make(TikTokClient, s).publish(
            PublishRequest(text="t", media=(VID,), options={"privacy_level": "SELF_ONLY"})
        )
    assert err.value.reason == "frame_rate_check_failed"


# ====================================================================== YouTube
def test_youtube_resumable_upload_in_chunks_comment_and_status():
    big = MediaItem(kind="video", mime="video/mp4", data=b"\x01" * (2 * 1024 * 1024 + 10))
    s = Script()
    s.on(
        "POST",
        r"/upload/youtube/v3/videos$",
        reply(
            200,
            headers={
                "location": "https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&upload_id=xa298"
            },
        ),
    )
    s.on(
        "PUT",
        r"/upload/youtube/v3/videos$",
        reply(308, headers={"range": "bytes=0-2097151"}),
        reply(
            201,
            {
                "kind": "youtube#video",
                "id": "dQw4w9WgXcQ",
                "status": {"uploadStatus": "uploaded", "privacyStatus": "public"},
            },
        ),
    )
    s.on("POST", r"/commentThreads$", reply(200, {"kind": "youtube#commentThread", "id": "Ugz1"}))
    s.on(
        "GET",
        r"/youtube/v3/videos$",
        reply(200, {"items": [{"id": "dQw4w9WgXcQ", "status": {"uploadStatus": "processed"}}]}),
        reply(
            200,
            {
                "items": [
                    {
                        "id": "x",
                        "status": {"uploadStatus": "rejected", "rejectionReason": "duplicate"},
                    }
                ]
            },
        ),
    )
    yt = make(YouTubeClient, s)
    saved: list[dict] = []
    p = yt.publish(
        PublishRequest(text="How to prepare for your visit", title="Visit prep", media=(big,)),
        checkpoint=saved.append,
    )
    meta = s.body(s.sent("POST", "upload")[0])
    assert meta["snippet"] == {
        "title": "Visit prep",
        "description": "How to prepare for your visit",
    }
    assert s.sent("POST", "upload")[0].url.params["uploadType"] == "resumable"
    ranges = [r.headers["content-range"] for r in s.sent("PUT", "upload")]
    assert ranges == [f"bytes 0-2097151/{big.size}", f"bytes 2097152-{big.size - 1}/{big.size}"]
    assert p.remote_id == "dQw4w9WgXcQ" and "upload_id=xa298" in saved[0]["upload_url"]
    assert yt.comment(p.remote_id, "Questions? Call us.") == "Ugz1"
    assert yt.status(p.remote_id).state == "published"
    st = yt.status("x")
    assert st.state == "failed" and st.detail == "duplicate"


def test_youtube_reconcile_probes_the_upload_session():
    s = Script().on("PUT", r"/upload/", reply(200, {"id": "abc"}))
    found = make(YouTubeClient, s).find_published(
        PublishRequest(text="t", media=(VID,)),
        state={"upload_url": "https://www.googleapis.com/upload/youtube/v3/videos?upload_id=1"},
    )
    assert (
        found
        and found.remote_id == "abc"
        and s.requests[0].headers["content-range"] == "bytes */3000"
    )


def google_error(status, reason, message, domain="youtube.video"):
    return reply(
        status,
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
            }
        },
    )


YOUTUBE_ERRORS = [
    (
        google_error(
            403,
            "quotaExceeded",
            "The request cannot be completed because you have exceeded your quota.",
            "youtube.quota",
        ),
        RateLimited,
    ),
    (google_error(403, "rateLimitExceeded", "Rate limit exceeded", "usageLimits"), RateLimited),
    (google_error(401, "authError", "Invalid Credentials", "global"), TokenDead),
    (
        google_error(
            403,
            "insufficientPermissions",
            "Request had insufficient authentication scopes.",
            "global",
        ),
        PermissionMissing,
    ),
    (
        google_error(
            400, "invalidTitle", "The request metadata specifies an invalid or empty video title."
        ),
        Rejected,
    ),
    (
        google_error(400, "mediaBodyRequired", "The request does not include the video content."),
        MediaRejected,
    ),
    (google_error(503, "backendError", "Backend Error", "global"), Temporary),
]


@pytest.mark.parametrize(("response", "kind"), YOUTUBE_ERRORS)
def test_youtube_error_families(response, kind):
    s = Script().on("POST", r".*", response)
    with pytest.raises(kind) as err:
        make(YouTubeClient, s).publish(PublishRequest(text="t", media=(VID,)))
    assert err.value.code == response.json()["error"]["errors"][0]["reason"]
    if response.json()["error"]["errors"][0]["reason"] == "quotaExceeded":
        assert (
            err.value.reset_at
            and err.value.reset_at.astimezone(
                __import__("zoneinfo").ZoneInfo("America/Los_Angeles")
            ).hour
            == 0
        )


# ====================================================================== Mastodon
def test_mastodon_idempotency_key_media_and_spec_examples():
    status = spec.mastodon_response_example("/api/v1/statuses")
    s = Script()
    s.on("POST", r"/api/v2/media$", reply(202, spec.mastodon_example("MediaAttachment202Example")))
    media_id = spec.mastodon_example("MediaAttachment202Example")["id"]
    s.on(
        "GET",
        rf"/api/v1/media/{media_id}$",
        reply(206, spec.mastodon_example("MediaAttachment202Example")),
        reply(200, spec.mastodon_example("MediaAttachment200Example")),
    )
    s.on("POST", r"/api/v1/statuses$", reply(200, status))
    m = make(MastodonClient, s, base_url="https://mastodon.example", account_id="1")
    p = m.publish(PublishRequest(text="Hello", media=(IMG,), idempotency_key="job-42-key"))
    post = s.sent("POST", "statuses")[0]
    assert post.headers["idempotency-key"] == "job-42-key"
    assert Script.form(post)["media_ids[]"] == str(media_id)
    assert p.remote_id == str(status["id"]) == "103254962155278888"


MASTODON_ERRORS = [
    ("Error401Example", 401, TokenDead),
    ("Error403Example", 403, PermissionMissing),
    ("ValidationError422Example", 422, Rejected),
    ("Error429Example", 429, RateLimited),
    ("Error503Example", 503, Temporary),
]


@pytest.mark.parametrize(("example", "status", "kind"), MASTODON_ERRORS)
def test_mastodon_error_families(example, status, kind):
    body = spec.mastodon_example(example)
    spec.mastodon_validate(body, "Error")
    s = Script().on(
        "POST",
        r"/statuses$",
        reply(status, body, {"x-ratelimit-reset": "2026-12-03T21:05:00.000Z"}),
    )
    with pytest.raises(kind) as err:
        make(MastodonClient, s, base_url="https://m.example").publish(PublishRequest(text="t"))
    assert body["error"][:40] in err.value.message
    if kind is RateLimited:
        assert err.value.reset_at == datetime(2026, 12, 3, 21, 5, tzinfo=UTC)


def test_mastodon_media_error_is_media_rejected_and_reconcile_strips_html():
    s = Script().on(
        "POST",
        r"/api/v2/media$",
        reply(422, {"error": "Validation failed: File content type is invalid"}),
    )
    with pytest.raises(MediaRejected):
        make(MastodonClient, s, base_url="https://m.example").publish(
            PublishRequest(text="t", media=(IMG,))
        )
    s = Script().on(
        "GET",
        r"/statuses$",
        reply(
            200,
            [
                {
                    "id": "9",
                    "content": "<p>Hello &amp; welcome<br>line two</p>",
                    "url": "https://m.example/@c/9",
                    "created_at": "2026-12-03T10:00:00.000Z",
                }
            ],
        ),
    )
    found = make(MastodonClient, s, base_url="https://m.example", account_id="1").find_published(
        PublishRequest(text="Hello & welcome\nline two")
    )
    assert found and found.remote_id == "9"


# ====================================================================== Bluesky
def test_bluesky_deterministic_rkey_facets_images_and_duplicate():
    when = datetime(2026, 12, 3, 21, 0, tzinfo=UTC)
    key = tid_for("job-7", when)
    assert (
        len(key) == 13
        and key[0] in "234567abcdefghij"
        and key == tid_for("job-7", when) != tid_for("job-8", when)
    )
    text = "Café hours → https://clinic.example/x #Flu"
    f = facets(text)
    link = next(x for x in f if x["features"][0]["$type"].endswith("#link"))
    assert (
        text.encode()[link["index"]["byteStart"] : link["index"]["byteEnd"]]
        == b"https://clinic.example/x"
    )
    tag = next(x for x in f if x["features"][0]["$type"].endswith("#tag"))
    assert tag["features"][0]["tag"] == "Flu"
    s = Script()
    blob = {"$type": "blob", "ref": {"$link": "bafkreib"}, "mimeType": "image/jpeg", "size": 6}
    s.on("POST", r"uploadBlob$", reply(200, {"blob": blob}))
    s.on(
        "POST",
        r"createRecord$",
        reply(200, {"uri": f"at://did:plc:abc/app.bsky.feed.post/{key}", "cid": "bafyrei"}),
        reply(400, {"error": "InvalidRequest", "message": "Record already exists"}),
    )
    s.on(
        "GET",
        r"getRecord$",
        reply(
            200,
            {"uri": f"at://did:plc:abc/app.bsky.feed.post/{key}", "cid": "bafyrei", "value": {}},
        ),
    )
    bs = make(BlueskyClient, s, account_id="did:plc:abc")
    req = PublishRequest(
        text=text, media=(IMG,), idempotency_key="job-7", options={"scheduled_at": when.isoformat()}
    )
    p = bs.publish(req)
    rec = s.body(s.sent("POST", "createRecord")[0])
    assert rec["rkey"] == key and rec["record"]["embed"]["images"][0] == {
        "alt": "A nurse",
        "image": blob,
    }
    assert p.url == f"https://bsky.app/profile/did:plc:abc/post/{key}"
    again = bs.publish(req)  # same rkey: the PDS refuses; we find the existing record
    assert again.remote_id == p.remote_id and again.reconciled


BLUESKY_ERRORS = [
    (reply(400, {"error": "ExpiredToken", "message": "Token has expired"}), TokenDead),
    (
        reply(
            429,
            {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
            {"ratelimit-reset": "1900000000"},
        ),
        RateLimited,
    ),
    (reply(400, {"error": "BlobTooLarge", "message": "This file is too large"}), MediaRejected),
    (
        reply(
            400,
            {
                "error": "InvalidRequest",
                "message": "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes",
            },
        ),
        Rejected,
    ),
    (reply(502, {"error": "UpstreamFailure", "message": "Upstream Failure"}), Temporary),
]


@pytest.mark.parametrize(("response", "kind"), BLUESKY_ERRORS)
def test_bluesky_error_families(response, kind):
    s = Script().on("POST", r".*", response)
    with pytest.raises(kind):
        make(BlueskyClient, s, account_id="did:plc:a").publish(
            PublishRequest(text="t", media=(IMG,) if kind is MediaRejected else ())
        )


# ====================================================================== shared
def test_every_error_has_a_message_and_an_action_and_serializes():
    for kind in (
        RateLimited,
        TokenDead,
        PermissionMissing,
        MediaRejected,
        Rejected,
        Duplicate,
        Temporary,
        OutcomeUnknown,
    ):
        err = kind("m", platform="x")
        d = err.to_dict()
        assert d["kind"] and d["action"] and d["message"] == "m"
        assert isinstance(err, PlatformError)


def test_fingerprint_survives_platform_rewrites_but_not_content_changes():
    a = content_fingerprint("Get your flu shot https://clinic.example/flu  #Flu")
    assert a == content_fingerprint("get your flu shot https://t.co/xyz #flu")
    assert a == content_fingerprint("Get your flu shot https://clinic.example/flu \\#Flu")
    assert a != content_fingerprint("Get your COVID shot https://clinic.example/flu #Flu")


def test_public_api_is_explicit():
    import carepost.publishing as pkg

    assert sorted(pkg.__all__) == sorted(n for n in pkg.__all__ if hasattr(pkg, n))
    assert set(CLIENTS) == {
        "facebook",
        "instagram",
        "linkedin",
        "x",
        "tiktok",
        "threads",
        "youtube",
        "bluesky",
        "mastodon",
    }


def test_publishing_package_imports_no_django():
    import subprocess
    import sys

    code = "import sys, carepost.publishing, carepost.publishing.clients; print(any(m.startswith('django') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
