"""Publishing against the local fake platforms, with their faults: for each, exactly one post exists
on the platform and the post's state says what happened."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from warta.social import publishing
from warta.social.models import Account, AccountStatus, Post, PostState
from warta.social.publishing import Content, MediaFile

pytestmark = pytest.mark.django_db

# The tasks run in-process (the tests' immediate queue) once the queuing transaction commits: each
# test runs the on-commit callbacks, and those they add, as a commit would.


SUBJECT = "PUB-2026-00042"
CAPTION = "Ayo imunisasi polio di posyandu terdekat."


@pytest.fixture
def accounts(fake):
    made = {}
    for platform, account_id in (("instagram", fake.ig_user_id), ("facebook", fake.page_id), ("x", fake.x_user_id)):
        made[platform] = Account.objects.create(
            platform=platform, account_id=account_id, handle="dinkominfopbg", access_token=fake.token
        )
    return made


def image(size=(1080, 1080), fmt="PNG") -> MediaFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 110, 160)).save(buffer, format=fmt)
    name = publishing.storage().save(f"uploads/test/poster.{fmt.lower()}", ContentFile(buffer.getvalue()))
    return MediaFile(name=name, content_type=f"image/{fmt.lower()}", alt_text="Poster PIN Polio")


def content(media=None, x_caption=None) -> Content:
    captions = {"instagram": CAPTION, "facebook": CAPTION, "x": x_caption or CAPTION}
    return Content(captions=captions, media=media if media is not None else [image()], collaborators=["@dinkespbg"])


_capture: list = []


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    _capture[:] = [django_capture_on_commit_callbacks]


def committing():
    return _capture[0](execute=True)


def post_now(platforms, body=None) -> dict[str, Post]:
    with committing(), transaction.atomic():
        publishing.queue(SUBJECT, platforms, body or content(), None)
    return publishing.posts_of(SUBJECT)


def test_all_three_platforms_are_posted_once_with_their_links(fake, accounts):
    settled = []
    publishing.on_settled(settled.append)
    posts = post_now(["instagram", "facebook", "x"])
    assert {p: posts[p].state for p in posts} == {"instagram": "published", "facebook": "published", "x": "published"}
    assert posts["instagram"].url.startswith("https://www.instagram.com/p/")
    assert posts["facebook"].url == f"https://www.facebook.com/{posts['facebook'].external_id}"
    assert posts["x"].url == f"https://x.com/dinkominfopbg/status/{posts['x'].external_id}"
    assert len(fake.ig_media) == len(fake.fb_posts) == len(fake.x_posts) == 1
    # Instagram got a JPEG through an expiring signed link, with the alt text and the collaborator.
    form = next(iter(fake.containers.values()))["form"]
    assert "/media-publik/" in form["image_url"] and form["alt_text"] == "Poster PIN Polio"
    assert form["collaborators"] == '["dinkespbg"]'
    assert SUBJECT in settled


def test_a_platform_without_an_account_stays_manual(fake, accounts):
    accounts["x"].delete()
    posts = post_now(["instagram", "x"])
    assert posts["instagram"].state == PostState.PUBLISHED
    assert posts["x"].state == PostState.MANUAL
    assert not fake.x_posts


def test_media_publish_answers_500_after_acting_one_post_and_published(fake, accounts):
    fake.fail("ig.media_publish", "500_after")
    posts = post_now(["instagram"])
    assert len(fake.ig_media) == 1
    assert posts["instagram"].state == PostState.PUBLISHED
    assert posts["instagram"].url == next(iter(fake.ig_media.values()))["permalink"]


def test_a_slow_media_publish_is_looked_up_not_repeated(fake, accounts, slow):
    fake.fail("ig.media_publish", "slow_after")
    posts = post_now(["instagram"])
    assert len(fake.ig_media) == 1
    assert posts["instagram"].state == PostState.PUBLISHED


def test_x_answers_500_after_posting_one_post_found_by_looking(fake, accounts):
    fake.fail("x.tweets", "500_after")
    posts = post_now(["x"])
    assert len(fake.x_posts) == 1
    assert posts["x"].state == PostState.PUBLISHED
    assert posts["x"].external_id == next(iter(fake.x_posts))


def test_a_lost_answer_that_cannot_be_found_is_unconfirmed_then_confirmed(fake, accounts):
    fake.fail("fb.photos", "500_hidden")
    posts = post_now(["facebook"])
    post = posts["facebook"]
    assert post.state == PostState.UNCONFIRMED
    assert "tidak ditemukan" in post.error
    assert len(fake.fb_posts) == 1
    # Nothing is retried by itself; a person confirms with the link.
    assert publishing.sweep() == 0
    with committing(), transaction.atomic():
        confirmed = publishing.confirm(SUBJECT, "facebook", f"https://www.facebook.com/{next(iter(fake.fb_posts))}")
    assert confirmed.state == PostState.PUBLISHED
    assert len(fake.fb_posts) == 1


def test_an_unconfirmed_post_released_is_tried_once_more(fake, accounts):
    fake.fail("fb.photos", "500_hidden")
    post_now(["facebook"])
    for post in fake.fb_posts.values():  # a person checked: it is not on the Page after all
        post["gone"] = True
    fake.fb_posts.clear()
    with committing(), transaction.atomic():
        publishing.release(SUBJECT, "facebook")
    posts = post_now(["facebook"])
    assert posts["facebook"].state == PostState.PUBLISHED
    assert len(fake.fb_posts) == 1


def test_container_error_fails_with_a_sentence_and_posts_nothing(fake, accounts):
    fake.container_steps = ["IN_PROGRESS", "ERROR"]
    posts = post_now(["instagram"])
    assert posts["instagram"].state == PostState.FAILED
    assert "Instagram menolak" in posts["instagram"].error
    assert not fake.ig_media
    # The same move tries again: a new container, one post.
    fake.container_steps = ["FINISHED"]
    posts = post_now(["instagram"])
    assert posts["instagram"].state == PostState.PUBLISHED
    assert len(fake.ig_media) == 1


def test_a_slow_container_is_polled_until_finished(fake, accounts):
    fake.container_steps = ["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "FINISHED"]
    posts = post_now(["instagram"])
    assert posts["instagram"].state == PostState.PUBLISHED
    statuses = [c for c in fake.calls if c[0] == "GET" and c[1].endswith(next(iter(fake.containers)))]
    assert len(statuses) >= 4


def test_429_once_waits_and_the_sweep_posts_it_once(fake, accounts):
    fake.fail("x.tweets", "429")
    posts = post_now(["x"])
    assert posts["x"].state == PostState.QUEUED and posts["x"].run_after is not None
    assert "Dicoba lagi" in posts["x"].error
    Post.objects.filter(pk=posts["x"].pk).update(run_after=timezone.now() - dt.timedelta(minutes=5))
    with committing():
        assert publishing.sweep() == 1
    post = Post.objects.get(pk=posts["x"].pk)
    assert post.state == PostState.PUBLISHED
    assert len(fake.x_posts) == 1
    assert publishing.sweep() == 0


def test_an_expired_token_marks_the_account_and_tells_the_admins_once(fake, accounts, mailoutbox, make_user):
    from warta.accounts import roles

    admin = make_user("admin.warta", roles.ADMIN)
    kabid = make_user("kabid.x", roles.KABID_IKP)
    fake.fail("fb.photos", "190", times=2)
    posts = post_now(["facebook"])
    assert posts["facebook"].state == PostState.FAILED
    assert "dihubungkan ulang" in posts["facebook"].error
    account = Account.objects.get(pk=accounts["facebook"].pk)
    assert account.status == AccountStatus.NEEDS_RECONNECT
    assert sorted(address for m in mailoutbox for address in m.to) == sorted([admin.email, kabid.email])
    sent = len(mailoutbox)
    # A second refusal tells no one again.
    account.status = AccountStatus.OK
    account.save()
    Post.objects.filter(pk=posts["facebook"].pk).update(state=PostState.FAILED)
    post_now(["facebook"])
    assert len(mailoutbox) == sent
    assert not fake.fb_posts


def test_a_worker_killed_after_media_publish_resumes_with_one_post(fake, accounts):
    """The worker died after media_publish succeeded and its id was stored, before the permalink."""
    with committing(), transaction.atomic():
        publishing.queue(SUBJECT, ["instagram"], content(), None)
    post = Post.objects.get(subject=SUBJECT, platform="instagram")
    assert post.state == PostState.PUBLISHED  # the immediate queue ran it: now replay a crash
    Post.objects.filter(pk=post.pk).update(
        state=PostState.PUBLISHING, url="", claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    with committing():
        assert publishing.sweep() == 1
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and post.url
    assert len(fake.ig_media) == 1


def test_instagram_refuses_a_banner_with_a_sentence_before_calling(fake, accounts):
    posts = post_now(["instagram"], content(media=[image(size=(2000, 500))]))
    assert posts["instagram"].state == PostState.FAILED
    assert "4:5" in posts["instagram"].error
    assert not fake.containers


def test_an_x_caption_over_280_is_refused_before_calling(fake, accounts):
    posts = post_now(["x"], content(x_caption="a" * 281))
    assert posts["x"].state == PostState.FAILED
    assert "280" in posts["x"].error
    assert not fake.x_posts


def test_several_images_make_a_carousel(fake, accounts):
    posts = post_now(["instagram"], content(media=[image(), image(size=(1080, 1350))]))
    assert posts["instagram"].state == PostState.PUBLISHED
    kinds = [
        c["form"].get("media_type") or ("item" if c["form"].get("is_carousel_item") else "image")
        for c in fake.containers.values()
    ]
    assert sorted(kinds) == ["CAROUSEL", "item", "item"]
    assert len(fake.ig_media) == 1


def test_the_signed_media_link_serves_one_file_for_an_hour(client, fake, accounts):
    media = image()
    link = publishing.media_link(media)
    path = link.removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(path[:-3] + "xx/").status_code == 404
    import time_machine

    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        assert client.get(path).status_code == 404


def test_take_down_deletes_on_facebook_and_x_not_instagram(fake, accounts):
    posts = post_now(["instagram", "facebook", "x"])
    assert publishing.take_down(posts["facebook"]) and publishing.take_down(posts["x"])
    assert not publishing.take_down(posts["instagram"])
    assert not fake.fb_posts and not fake.x_posts and len(fake.ig_media) == 1


# --- X: videos go in the chunked upload ------------------------------------------------------------


@pytest.fixture
def x_clock(monkeypatch):
    """The X client's clock, moved only by its own sleeps: `x_clock` lists the seconds it slept."""
    from warta.social.clients import x as x_client

    slept: list[float] = []
    monkeypatch.setattr(x_client, "monotonic", lambda: sum(slept))
    monkeypatch.setattr(x_client, "sleep", slept.append)
    return slept


def video(content: bytes, content_type: str = "video/mp4", name: str = "uploads/test/klip.mp4") -> MediaFile:
    return MediaFile(name=publishing.storage().save(name, ContentFile(content)), content_type=content_type)


def x_commands(fake) -> list[str]:
    return [command for command, _ in fake.x_uploads]


def test_a_video_goes_to_x_in_the_chunked_upload_and_is_posted_once_processed(fake, accounts, x_clock):
    from warta.core.tests.samples import mp4

    fake.x_check_after_secs = 3
    posts = post_now(["x"], content(media=[video(mp4())]))
    post = posts["x"]
    assert post.state == PostState.PUBLISHED
    assert x_commands(fake) == ["INIT", "APPEND", "FINALIZE", "STATUS"]
    (media_id,) = {mid for _, mid in fake.x_uploads}
    assert post.upload_ids == [media_id]
    assert next(iter(fake.x_posts.values()))["media"] == [media_id]
    record = fake.x_media[media_id]
    assert record["content"] == mp4()
    assert (record["media_type"], record["category"]) == ("video/mp4", "tweet_video")
    assert x_clock == [3]  # STATUS asked once FINALIZE's check_after_secs had passed


def test_a_video_larger_than_a_chunk_arrives_whole_and_in_order(fake, accounts, x_clock):
    from warta.core.tests.samples import mov
    from warta.social.clients.x import CHUNK_BYTES

    # Two whole chunks and a piece; every chunk ends in bytes a careless reader would trim.
    clip = mov() + bytes(range(256)) * (2 * CHUNK_BYTES // 256) + b"end\r\n--\r\n"
    clip = clip[: CHUNK_BYTES - 4] + b"\r\n--" + clip[CHUNK_BYTES:]
    clip = clip[: 2 * CHUNK_BYTES - 5] + b"\r\n-\r\n" + clip[2 * CHUNK_BYTES :]
    posts = post_now(["x"], content(media=[video(clip, "video/quicktime", "uploads/test/klip.mov")]))
    assert posts["x"].state == PostState.PUBLISHED
    assert x_commands(fake) == ["INIT", "APPEND", "APPEND", "APPEND", "FINALIZE", "STATUS"]
    record = fake.x_media[posts["x"].upload_ids[0]]
    assert [index for index, _ in record["segments"]] == [0, 1, 2]
    assert [len(chunk) for _, chunk in record["segments"]] == [CHUNK_BYTES, CHUNK_BYTES, len(clip) - 2 * CHUNK_BYTES]
    assert b"".join(chunk for _, chunk in record["segments"]) == clip
    assert record["media_type"] == "video/quicktime"


def test_a_video_x_fails_to_process_shows_x_reason_and_posts_nothing(fake, accounts, x_clock):
    from warta.core.tests.samples import mp4

    fake.x_video_steps = ["pending", "in_progress", "failed"]
    fake.x_video_error = "Video duration is too long"
    posts = post_now(["x"], content(media=[video(mp4())]))
    post = posts["x"]
    assert post.state == PostState.FAILED
    assert "X gagal memproses video ini: Video duration is too long" in post.error
    assert not fake.x_posts
    assert post.upload_ids == []  # the spent media id is not posted by a later attempt
    # Staff try again with X processing it this time: a fresh upload, one post.
    fake.x_video_steps = ["pending", "succeeded"]
    posts = post_now(["x"], content(media=[video(mp4())]))
    assert posts["x"].state == PostState.PUBLISHED
    assert x_commands(fake).count("INIT") == 2
    assert next(iter(fake.x_posts.values()))["media"] == posts["x"].upload_ids != [post.upload_ids]


def test_a_video_still_processing_after_the_wait_is_tried_again_later(fake, accounts, x_clock):
    from warta.core.tests.samples import mp4
    from warta.social.clients.x import PROCESSING_WAIT_S

    fake.x_video_steps = ["pending", "in_progress"]
    fake.x_check_after_secs = 10
    posts = post_now(["x"], content(media=[video(mp4())]))
    post = posts["x"]
    assert post.state == PostState.QUEUED and post.run_after is not None
    assert "Dicoba lagi" in post.error and "masih memproses video" in post.error
    assert not fake.x_posts
    assert sum(x_clock) == PROCESSING_WAIT_S  # waited the whole while, no longer
    (media_id,) = post.upload_ids  # kept: the next attempt asks about it instead of uploading again
    # X finishes; the sweep takes the post up again when its time comes.
    fake.x_media[media_id]["steps"] = ["succeeded"]
    Post.objects.filter(pk=post.pk).update(run_after=timezone.now() - dt.timedelta(minutes=5))
    with committing():
        assert publishing.sweep() == 1
    post = Post.objects.get(pk=post.pk)
    assert post.state == PostState.PUBLISHED
    assert x_commands(fake).count("INIT") == 1 and x_commands(fake)[-1] == "STATUS"
    assert [p["media"] for p in fake.x_posts.values()] == [[media_id]]


def test_a_lost_answer_during_a_video_upload_uploads_again(fake, accounts, x_clock):
    from warta.core.tests.samples import mp4

    fake.fail("x.media", "500_after")  # X starts the upload, but its answer to INIT is lost
    posts = post_now(["x"], content(media=[video(mp4())]))
    assert x_commands(fake) == ["INIT"]
    assert posts["x"].state == PostState.QUEUED and "Dicoba lagi" in posts["x"].error
    assert posts["x"].upload_ids == []
    Post.objects.filter(pk=posts["x"].pk).update(run_after=timezone.now() - dt.timedelta(minutes=5))
    with committing():
        publishing.sweep()
    post = Post.objects.get(pk=posts["x"].pk)
    assert post.state == PostState.PUBLISHED
    assert x_commands(fake) == ["INIT", "INIT", "APPEND", "FINALIZE", "STATUS"]
    assert [p["media"] for p in fake.x_posts.values()] == [post.upload_ids]
    assert fake.x_media[post.upload_ids[0]]["content"] == mp4()


def test_an_image_still_goes_to_x_in_the_simple_upload(fake, accounts):
    posts = post_now(["x"])
    assert posts["x"].state == PostState.PUBLISHED
    assert x_commands(fake) == ["UPLOAD"]
    (media_id,) = posts["x"].upload_ids
    assert fake.x_media[media_id]["category"] == "tweet_image"
    assert next(iter(fake.x_posts.values()))["media"] == [media_id]


def test_x_gets_up_to_four_pictures_and_no_video_when_a_picture_comes_first(fake, accounts, x_clock):
    """X takes up to four pictures or one video in a post; the first file decides, in the
    applicant's order (the fake refuses a post that mixes them, as X does)."""
    from warta.core.tests.samples import mp4

    posts = post_now(["x"], content(media=[image(), video(mp4()), image(), image(), image(), image()]))
    assert posts["x"].state == PostState.PUBLISHED
    assert x_commands(fake) == ["UPLOAD"] * 4  # four pictures, the video left out
    assert len(next(iter(fake.x_posts.values()))["media"]) == 4


def test_x_gets_the_video_alone_when_it_comes_first(fake, accounts, x_clock):
    from warta.core.tests.samples import mp4

    posts = post_now(["x"], content(media=[video(mp4()), image(), image()]))
    assert posts["x"].state == PostState.PUBLISHED
    assert x_commands(fake) == ["INIT", "APPEND", "FINALIZE", "STATUS"]
    assert next(iter(fake.x_posts.values()))["media"] == posts["x"].upload_ids
    assert len(posts["x"].upload_ids) == 1


def test_a_3gp_video_goes_to_neither_instagram_nor_x(fake, accounts, x_clock):
    """A 3GP clip (an older phone's, through WhatsApp) is no video Instagram or X takes: X gets the
    pictures; Instagram, left with nothing it takes, says so and calls nothing."""
    from warta.core.tests.samples import three_gp

    clip = video(three_gp(), "video/3gpp", "uploads/test/klip.3gp")
    with_picture = post_now(["x"], content(media=[clip, image()]))
    assert with_picture["x"].state == PostState.PUBLISHED
    assert x_commands(fake) == ["UPLOAD"]  # the picture only

    calls_before = len(fake.calls)
    only_clip = post_now(["instagram"], content(media=[clip]))
    assert only_clip["instagram"].state == PostState.FAILED
    assert "Instagram memerlukan gambar atau video (MP4/MOV)." in only_clip["instagram"].error
    assert not [c for c in fake.calls[calls_before:] if "/media" in c[1]]
