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
