"""The clients against the local fake platforms: the documented calls and shapes, errors sorted into
retry / look first / reconnect, and the token never in an error."""

from __future__ import annotations

import pytest

from warta.social.clients.base import AnswerLost, PlatformError
from warta.social.clients.graph import GraphClient
from warta.social.clients.x import XClient

IMAGE = "https://warta.example.go.id/media/poster.jpg"


def test_instagram_publishes_through_a_container(fake):
    fake.container_steps = ["IN_PROGRESS", "FINISHED"]
    with GraphClient(fake.token) as graph:
        used, total = graph.ig_publishing_limit(fake.ig_user_id)
        assert (used, total) == (0, 50)
        cid = graph.ig_image_container(
            fake.ig_user_id, IMAGE, caption="Halo", alt_text="Poster", collaborators=["@dinkespbg"]
        )
        assert graph.ig_container_status(cid) == "IN_PROGRESS"
        assert graph.ig_container_status(cid) == "FINISHED"
        media_id = graph.ig_publish(fake.ig_user_id, cid)
        assert graph.ig_permalink(media_id).startswith("https://www.instagram.com/p/")
        assert graph.ig_container_status(cid) == "PUBLISHED"
        assert [m["id"] for m in graph.ig_recent_media(fake.ig_user_id)] == [media_id]
    form = fake.containers[cid]["form"]
    assert form["image_url"] == IMAGE and form["alt_text"] == "Poster" and form["collaborators"] == '["dinkespbg"]'
    assert ("POST", f"/v25.0/{fake.ig_user_id}/media_publish") in fake.calls


def test_facebook_photo_and_feed_posts(fake):
    with GraphClient(fake.token) as graph:
        photo_post = graph.fb_photo(fake.page_id, IMAGE, "Halo")
        text_post = graph.fb_feed(fake.page_id, "Tanpa gambar")
        assert graph.fb_permalink(photo_post) == f"https://www.facebook.com/{photo_post}"
        assert {p["id"] for p in graph.fb_recent_posts(fake.page_id)} == {photo_post, text_post}
        assert graph.delete(text_post)
    assert text_post not in fake.fb_posts


def test_x_uploads_media_and_posts(fake):
    with XClient(fake.token) as x:
        media_id = x.upload_media(b"\xff\xd8\xff fake jpeg", "image/jpeg")
        post_id = x.create_post("Halo Purbalingga", [media_id])
        assert [p["id"] for p in x.recent_posts(fake.x_user_id)] == [post_id]
        assert x.me()["username"] == fake.x_handle
        assert x.delete_post(post_id)
    assert fake.x_media[media_id]["category"] == "tweet_image"


def test_graph_error_codes_are_sorted(fake):
    with GraphClient(fake.token) as graph:
        fake.fail("ig.media", "190")
        with pytest.raises(PlatformError) as err:
            graph.ig_image_container(fake.ig_user_id, IMAGE)
        assert err.value.token_invalid and not err.value.retryable and err.value.code == 190
        fake.fail("ig.media", "429")
        with pytest.raises(PlatformError) as err:
            graph.ig_image_container(fake.ig_user_id, IMAGE)
        assert err.value.retryable and err.value.code == 4
    with GraphClient("wrong-token") as graph, pytest.raises(PlatformError) as err:
        graph.ig_publishing_limit(fake.ig_user_id)
    assert err.value.token_invalid
    assert "wrong-token" not in str(err.value)


def test_a_lost_publish_answer_says_look_first(fake, slow):
    with GraphClient(fake.token) as graph:
        cid = graph.ig_image_container(fake.ig_user_id, IMAGE)
        fake.fail("ig.media_publish", "500_after")
        with pytest.raises(AnswerLost):
            graph.ig_publish(fake.ig_user_id, cid)
        # It went out all the same: the container says so.
        assert graph.ig_container_status(cid) == "PUBLISHED"
        fake.fail("ig.media_publish", "slow_after")
        with pytest.raises(AnswerLost):
            graph.ig_publish(fake.ig_user_id, cid)
    assert len(fake.ig_media) == 1


def test_x_rate_limit_and_duplicate(fake):
    with XClient(fake.token) as x:
        fake.fail("x.tweets", "429")
        with pytest.raises(PlatformError) as err:
            x.create_post("Satu")
        assert err.value.retryable and err.value.retry_after is not None and err.value.retry_after <= 1
        x.create_post("Dua")
        with pytest.raises(PlatformError) as err:
            x.create_post("Dua")
        assert err.value.status == 403 and not err.value.retryable
        fake.fail("x.tweets", "500_after")
        with pytest.raises(AnswerLost):
            x.create_post("Tiga")
    assert sorted(p["text"] for p in fake.x_posts.values()) == ["Dua", "Tiga"]


def test_x_refresh_token_works_once(fake, settings):
    settings.WARTA_X_CLIENT_ID = "client-1"
    fake.refresh_tokens["refresh-0"] = True
    with XClient() as x:
        pair = x.refresh("refresh-0")
        assert pair["access_token"] and pair["refresh_token"] != "refresh-0"
        with pytest.raises(PlatformError):
            x.refresh("refresh-0")
    with XClient(pair["access_token"]) as x:
        assert x.me()["id"] == fake.x_user_id


def test_a_refused_connection_may_be_retried(settings):
    settings.WARTA_X_API_URL = "http://127.0.0.1:9"
    with XClient("t") as x, pytest.raises(PlatformError) as err:
        x.create_post("Halo")
    assert err.value.retryable and not isinstance(err.value, AnswerLost)


def test_x_upload_media_sends_a_video_in_chunks_and_waits_for_processing(fake, monkeypatch):
    from warta.social.clients import x as x_client
    from warta.social.clients.x import MediaProcessingFailed

    slept: list[float] = []
    monkeypatch.setattr(x_client, "monotonic", lambda: sum(slept))
    monkeypatch.setattr(x_client, "sleep", slept.append)
    fake.x_video_steps = ["pending", "in_progress", "succeeded"]
    with XClient(fake.token) as x:
        media_id = x.upload_media(b"\x00\x00\x00\x18ftypmp42 clip", "video/mp4", category="tweet_video")
        assert [c for c, _ in fake.x_uploads] == ["INIT", "APPEND", "FINALIZE", "STATUS", "STATUS"]
        assert slept == [1, 1]
        assert x.media_status(media_id) == {"state": "succeeded"}
        x.create_post("Video", [media_id])
        fake.x_video_steps = ["failed"]
        with pytest.raises(MediaProcessingFailed) as failed:
            x.upload_media(b"not a video", "video/mp4", category="tweet_video")
        assert failed.value.message == "Unsupported video format" and not failed.value.retryable
