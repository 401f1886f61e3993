"""Publishing through Warta from the desk (issue 9 §3, §5): the `post`, `confirm_post` and `take_down`
moves through the API, against the local fake platforms with their faults. For each fault exactly
one post exists on the platform and the request's state is right.

The tasks run in-process (the tests' immediate queue) when the move's transaction commits: every
call runs inside `committing()`, which runs the on-commit callbacks, and those they add, as a commit
would (the worker's post, then the desk's listener that publishes the request)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from warta.desk.models import Attachment, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.notify.models import Notice
from warta.social import publishing
from warta.social.models import Account, Post
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db

ALL = ["instagram", "facebook", "x"]


@pytest.fixture
def accounts(fake):
    return {
        platform: Account.objects.create(
            platform=platform, account_id=account_id, handle=fake.x_handle, access_token=fake.token
        )
        for platform, account_id in (("instagram", fake.ig_user_id), ("facebook", fake.page_id), ("x", fake.x_user_id))
    }


_capture: list = []


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    _capture[:] = [django_capture_on_commit_callbacks]


def committing():
    return _capture[0](execute=True)


def request_with_poster(org, staf, platforms=ALL, **fields) -> PublicationRequest:
    req = make_request(org, "assigned", assignee=staf, platforms=platforms, collaborator="@dinkespbg", **fields)
    buffer = io.BytesIO()
    Image.new("RGB", (1080, 1080), (20, 110, 160)).save(buffer, format="PNG")
    attachment = Attachment(
        request=req,
        kind=Attachment.Kind.CONTENT,
        original_name="poster.png",
        content_type="image/png",
        size=len(buffer.getvalue()),
        alt_text="Poster vaksinasi HPV",
    )
    attachment.file.save("poster.png", ContentFile(buffer.getvalue()), save=False)
    attachment.save()
    return req


def act(client, req, action, data=None):
    with committing():
        return client.post(
            f"/api/v1/requests/{req.number}/actions/{action}",
            data=json.dumps(data if data is not None else {}),
            content_type="application/json",
        )


def posts_of(body) -> dict[str, dict]:
    return {p["platform"]: p for p in body["posts"]}


def on_fake(fake, platform: str) -> int:
    return len({"instagram": fake.ig_media, "facebook": fake.fb_posts, "x": fake.x_posts}[platform])


def status_of(req) -> str:
    return PublicationRequest.objects.get(pk=req.pk).status


# --- the whole way ------------------------------------------------------------------------------


def test_post_to_all_three_publishes_the_request_as_the_system_on_behalf_of_the_assignee(
    api_client, fake, accounts, org, staf
):
    req = request_with_poster(org, staf)
    client = api_client(staf)
    response = act(client, req, "post")
    assert response.status_code == 200, response.content
    detail = client.get(f"/api/v1/requests/{req.number}").json()
    assert detail["status"] == "published"
    posts = posts_of(detail)
    assert {p: posts[p]["state"] for p in ALL} == dict.fromkeys(ALL, "published")
    assert posts["instagram"]["url"].startswith("https://www.instagram.com/p/")
    assert posts["x"]["url"].startswith(f"https://x.com/{fake.x_handle}/status/")
    assert all(posts[p]["attempts"] == 1 and posts[p]["error"] == "" for p in ALL)
    assert [on_fake(fake, p) for p in ALL] == [1, 1, 1]
    # The post move by the assignee, then the publication by the software, on the assignee's behalf.
    post_event, publish_event = req.events.order_by("at", "pk")
    assert (post_event.action, post_event.actor, post_event.to_status) == ("post", staf, "assigned")
    assert (publish_event.action, publish_event.actor, publish_event.actor_label) == ("publish", None, "melalui Warta")
    assert publish_event.on_behalf == "a.n. Staf Satu"
    assert publish_event.data["links"] == {p: posts[p]["url"] for p in ALL}
    assert detail["events"][-1]["links"] == {p: posts[p]["url"] for p in ALL}
    # Instagram got the collaborator and the alternative text.
    form = next(iter(fake.containers.values()))["form"]
    assert form["alt_text"] == "Poster vaksinasi HPV" and "dinkespbg" in form["collaborators"]


def test_posts_lists_every_target_platform_even_before_anything_happens(api_client, org, staf):
    req = make_request(org, "assigned", assignee=staf, platforms=["instagram", "youtube"])
    posts = api_client(staf).get(f"/api/v1/requests/{req.number}").json()["posts"]
    assert posts == [
        {
            "platform": p,
            "state": "manual",
            "url": "",
            "error": "",
            "attempts": 0,
            "scheduled_for": None,
            "not_published_reason": "",
            "taken_down_at": None,
        }
        for p in ("instagram", "youtube")
    ]


def test_a_platform_without_an_account_stays_manual_and_publish_takes_only_its_link(
    api_client, fake, accounts, org, staf
):
    accounts["facebook"].delete()
    req = request_with_poster(org, staf)
    client = api_client(staf)
    assert act(client, req, "post").status_code == 200
    body = client.get(f"/api/v1/requests/{req.number}").json()
    assert body["status"] == "assigned"
    assert {p: s["state"] for p, s in posts_of(body).items()} == {
        "instagram": "published",
        "facebook": "manual",
        "x": "published",
    }
    # Facebook cannot be posted by Warta: said so, by the field.
    refused = act(client, req, "post", {"platforms": ["facebook"]})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-2:] == ["platforms", "facebook"]
    # publish asks only for what is not settled; a link for a platform Warta published is refused.
    twice = act(client, req, "publish", {"links": {"instagram": "https://www.instagram.com/p/LAIN/"}})
    assert twice.status_code == 422
    locs = {tuple(d["loc"][-2:]) for d in twice.json()["detail"]}
    assert ("links", "instagram") in locs and ("links", "facebook") in locs
    done = act(client, req, "publish", {"links": {"facebook": "https://www.facebook.com/dinkominfopbg/posts/9"}})
    assert done.status_code == 200, done.content
    posts = posts_of(done.json())
    assert done.json()["status"] == "published"
    assert posts["facebook"] == {
        **posts["facebook"],
        "state": "published",
        "url": "https://www.facebook.com/dinkominfopbg/posts/9",
    }
    assert posts["instagram"]["url"] == next(iter(fake.ig_media.values()))["permalink"]
    assert on_fake(fake, "instagram") == on_fake(fake, "x") == 1 and not fake.fb_posts


def test_post_with_nothing_to_post_is_refused_by_the_field(api_client, org, staf):
    req = make_request(org, "assigned", assignee=staf)
    response = act(api_client(staf), req, "post")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "platforms"
    assert not req.events.exists()


def test_only_the_assignee_posts(api_client, fake, accounts, org, staf, staf2, kabid):
    req = request_with_poster(org, staf)
    assert act(api_client(staf2), req, "post").status_code == 403
    assert act(api_client(kabid), req, "post").status_code == 403
    assert not Post.objects.exists() and not fake.calls


# --- the faults: one post each, and the request's state -------------------------------------------


@pytest.mark.parametrize(
    ("platform", "route", "fault"),
    [
        ("instagram", "ig.media_publish", "500_after"),  # media_publish acted, then answered 5xx
        ("x", "x.tweets", "500_after"),  # POST /2/tweets acted, then answered 5xx
    ],
)
def test_a_5xx_after_the_platform_acted_is_one_post_and_published(
    api_client, fake, accounts, org, staf, platform, route, fault
):
    fake.fail(route, fault)
    req = request_with_poster(org, staf, platforms=[platform])
    response = act(api_client(staf), req, "post")
    assert response.status_code == 200
    body = api_client(staf).get(f"/api/v1/requests/{req.number}").json()
    assert body["status"] == "published"
    assert posts_of(body)[platform]["state"] == "published" and posts_of(body)[platform]["url"]
    assert on_fake(fake, platform) == 1


@pytest.mark.parametrize(("platform", "route"), [("instagram", "ig.media_publish"), ("x", "x.tweets")])
def test_a_slow_publish_past_the_timeout_is_looked_up_not_repeated(
    api_client, fake, accounts, slow, org, staf, platform, route
):
    fake.fail(route, "slow_after")
    req = request_with_poster(org, staf, platforms=[platform])
    assert act(api_client(staf), req, "post").status_code == 200
    assert status_of(req) == "published"
    assert on_fake(fake, platform) == 1
    assert publishing.posts_of(req.number)[platform].state == "published"


def test_a_container_error_fails_tells_the_assignee_and_post_retries_once(api_client, fake, accounts, org, staf):
    fake.container_steps = ["IN_PROGRESS", "ERROR"]
    req = request_with_poster(org, staf, platforms=["instagram", "facebook"])
    client = api_client(staf)
    assert act(client, req, "post").status_code == 200
    body = client.get(f"/api/v1/requests/{req.number}").json()
    assert body["status"] == "assigned"  # a failed platform keeps the request with the assignee
    ig = posts_of(body)["instagram"]
    assert (ig["state"], ig["attempts"]) == ("failed", 1)
    assert "Instagram menolak" in ig["error"]
    assert posts_of(body)["facebook"]["state"] == "published"
    assert not fake.ig_media
    notice = Notice.objects.get(recipient=staf, topic__startswith="desk.post:")
    assert "Instagram" in notice.text and "gagal" in notice.text and notice.url == req.get_absolute_url()
    # The page offers the retry, a link, or a reason.
    page = client_page(staf, req)
    assert "Coba lagi di Instagram" in page and 'href="#aksi-publish"' in page
    # The same move retries the failed platform only.
    fake.container_steps = ["FINISHED"]
    assert act(client, req, "post").status_code == 200
    again = client.get(f"/api/v1/requests/{req.number}").json()  # after the commit the worker ran
    assert again["status"] == "published"
    assert posts_of(again)["instagram"]["attempts"] == 2
    assert on_fake(fake, "instagram") == on_fake(fake, "facebook") == 1
    assert Notice.objects.get(pk=notice.pk).resolved_at is not None


def test_a_slow_container_in_progress_is_polled_until_finished(api_client, fake, accounts, org, staf):
    fake.container_steps = ["IN_PROGRESS"] * 4 + ["FINISHED"]
    req = request_with_poster(org, staf, platforms=["instagram"])
    assert act(api_client(staf), req, "post").status_code == 200
    assert status_of(req) == "published"
    assert on_fake(fake, "instagram") == 1


def test_429_once_waits_then_posts_once(api_client, fake, accounts, org, staf):
    fake.fail("x.tweets", "429")
    req = request_with_poster(org, staf, platforms=["x"])
    client = api_client(staf)
    assert act(client, req, "post").status_code == 200
    x = posts_of(client.get(f"/api/v1/requests/{req.number}").json())["x"]
    assert x["state"] == "queued" and "Dicoba lagi" in x["error"]
    assert status_of(req) == "assigned" and not fake.x_posts
    Post.objects.filter(subject=req.number).update(run_after=timezone.now() - dt.timedelta(minutes=5))
    with committing():
        assert publishing.sweep() == 1
    assert status_of(req) == "published"
    assert on_fake(fake, "x") == 1


def test_an_expired_token_fails_and_a_person_records_the_link(api_client, fake, accounts, org, staf):
    fake.fail("fb.photos", "190", times=2)
    req = request_with_poster(org, staf, platforms=["facebook"])
    client = api_client(staf)
    assert act(client, req, "post").status_code == 200
    fb = posts_of(client.get(f"/api/v1/requests/{req.number}").json())["facebook"]
    assert fb["state"] == "failed" and "dihubungkan ulang" in fb["error"]
    assert status_of(req) == "assigned" and not fake.fb_posts
    link = "https://www.facebook.com/dinkominfopbg/posts/1"
    done = act(client, req, "publish", {"links": {"facebook": link}})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "published"
    assert posts_of(done.json())["facebook"]["state"] == "published"
    assert posts_of(done.json())["facebook"]["url"] == link


# --- unconfirmed posts ----------------------------------------------------------------------------


def test_an_unconfirmed_post_is_a_to_do_confirmed_with_its_link(api_client, fake, accounts, org, staf):
    fake.fail("fb.photos", "500_hidden")
    req = request_with_poster(org, staf, platforms=["facebook"])
    client = api_client(staf)
    assert act(client, req, "post").status_code == 200
    assert posts_of(client.get(f"/api/v1/requests/{req.number}").json())["facebook"]["state"] == "unconfirmed"
    todo = Todo.objects.get()
    assert (todo.kind, todo.assignee, todo.done_at) == ("confirm_post", staf, None)
    assert todo.key == f"desk.post:{req.number}:facebook:confirm" and todo.url == req.get_absolute_url()
    # Other moves wait for nobody here (nothing is under way), but post does not repeat an unsure one.
    assert act(client, req, "post", {"platforms": ["facebook"]}).status_code == 422
    bad = act(client, req, "confirm_post", {"platform": "facebook", "url": "https://www.instagram.com/p/X/"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "url"
    url = next(iter(fake.fb_posts.values()))["permalink_url"]
    done = act(client, req, "confirm_post", {"platform": "facebook", "url": url})
    assert done.status_code == 200, done.content
    assert status_of(req) == "published"
    assert Todo.objects.get().done_at is not None
    assert on_fake(fake, "facebook") == 1


def test_an_unconfirmed_post_released_is_posted_once_more(api_client, fake, accounts, org, staf):
    fake.fail("fb.photos", "500_hidden")
    req = request_with_poster(org, staf, platforms=["facebook"])
    client = api_client(staf)
    act(client, req, "post")
    fake.fb_posts.clear()  # a person looked: it is not on the Page
    released = act(client, req, "confirm_post", {"platform": "facebook", "release": True})
    assert released.status_code == 200
    assert posts_of(released.json())["facebook"]["state"] == "failed"
    assert Todo.objects.get().done_at is not None
    assert act(client, req, "post").status_code == 200
    assert status_of(req) == "published"
    assert on_fake(fake, "facebook") == 1


# --- moves wait while Warta posts -----------------------------------------------------------------


def test_other_moves_answer_409_while_a_platform_is_under_way(api_client, accounts, org, staf, kabid):
    req = request_with_poster(org, staf, platforms=["instagram", "facebook"])
    Post.objects.create(subject=req.number, platform="instagram", state="publishing", claimed_at=timezone.now())
    client = api_client(staf)
    for action, data in (
        ("publish", {"links": {"facebook": "https://www.facebook.com/x/posts/1"}}),
        ("post", {"platforms": ["facebook"]}),
        ("schedule", {"times": {"instagram": (timezone.now() + dt.timedelta(hours=2)).isoformat()}}),
    ):
        response = act(client, req, action, data)
        assert response.status_code == 409, action
        assert "Instagram" in response.json()["detail"]
    assert act(api_client(kabid), req, "reject", {"reason": "other", "note": "Batal."}).status_code == 409
    assert status_of(req) == "assigned"


def test_reject_and_cancel_first_withdraw_what_is_still_queued(api_client, accounts, org, staf, kabid):
    req = request_with_poster(org, staf, platforms=["instagram"])
    Post.objects.create(subject=req.number, platform="instagram", state="queued")
    response = act(api_client(kabid), req, "reject", {"reason": "other", "note": "Acara batal."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    assert Post.objects.get().state == "manual"


def test_schedule_makes_warta_post_at_the_time_and_unschedule_withdraws(
    api_client, fake, accounts, org, staf, django_capture_on_commit_callbacks
):
    req = request_with_poster(org, staf, platforms=["instagram", "facebook"])
    accounts["facebook"].delete()
    at = (timezone.now() + dt.timedelta(hours=3)).replace(microsecond=0)
    client = api_client(staf)
    response = act(client, req, "schedule", {"times": {"instagram": at.isoformat(), "facebook": at.isoformat()}})
    assert response.status_code == 200, response.content
    posts = posts_of(response.json())
    assert posts["instagram"]["state"] == "queued" and posts["facebook"]["state"] == "manual"
    assert dt.datetime.fromisoformat(posts["instagram"]["scheduled_for"].replace("Z", "+00:00")) == at
    assert not fake.calls  # nothing goes out before its time
    post = Post.objects.get(platform="instagram")
    assert post.run_after == at
    # A scheduled post does not hold other moves back; unschedule withdraws it.
    assert act(client, req, "unschedule", {"note": "Acara mundur."}).status_code == 200
    assert Post.objects.get(pk=post.pk).state == "manual"
    with committing():  # the task enqueued for that time is re-checked when it runs: nothing to do
        publishing.publish_post.call(post.pk)
    assert not fake.calls and Post.objects.get(pk=post.pk).state == "manual"


def reminders_of(user) -> list[str]:
    return list(
        Notice.objects.filter(recipient=user, text__startswith="Waktunya menayangkan").values_list("text", flat=True)
    )


def test_the_reminder_to_post_by_hand_is_only_for_the_platforms_posted_by_hand(api_client, fake, accounts, org, staf):
    import time_machine

    from warta.clock.watch import run_due

    req = request_with_poster(org, staf, platforms=["instagram", "facebook"])
    accounts["facebook"].delete()
    early = (timezone.now() + dt.timedelta(hours=1)).replace(microsecond=0)
    late = early + dt.timedelta(hours=2)
    # Warta posts to Instagram at the earlier time; Facebook is posted by hand at the later one.
    times = {"instagram": early.isoformat(), "facebook": late.isoformat()}
    assert act(api_client(staf), req, "schedule", {"times": times}).status_code == 200
    assert PublicationRequest.objects.get(pk=req.pk).remind_at == late
    with time_machine.travel(early + dt.timedelta(minutes=1), tick=False):
        run_due()
    assert reminders_of(staf) == []  # Instagram's time: Warta posts it, nobody is told to
    with time_machine.travel(late + dt.timedelta(minutes=1), tick=False):
        run_due()
    assert reminders_of(staf) == [
        f"Waktunya menayangkan {req} di Facebook: unggah sendiri lalu catat tautannya (platform lain ditayangkan Warta)."
    ]


def test_no_reminder_when_warta_posts_every_scheduled_platform(api_client, fake, accounts, org, staf):
    import time_machine

    from warta.clock.watch import run_due

    req = request_with_poster(org, staf, platforms=["instagram", "x"])
    at = (timezone.now() + dt.timedelta(hours=1)).replace(microsecond=0)
    response = act(api_client(staf), req, "schedule", {"times": {"instagram": at.isoformat(), "x": at.isoformat()}})
    assert response.status_code == 200
    assert PublicationRequest.objects.get(pk=req.pk).remind_at is None
    with time_machine.travel(at + dt.timedelta(minutes=1), tick=False):
        run_due()
    assert reminders_of(staf) == []


def test_a_platform_scheduled_by_hand_then_posted_through_warta_needs_no_reminder(
    api_client, fake, accounts, org, staf
):
    req = request_with_poster(org, staf, platforms=["instagram", "facebook"])
    facebook = accounts["facebook"]
    facebook.is_active = False
    facebook.save()
    at = (timezone.now() + dt.timedelta(hours=3)).replace(microsecond=0)
    client = api_client(staf)
    times = {"instagram": at.isoformat(), "facebook": at.isoformat()}
    assert act(client, req, "schedule", {"times": times}).status_code == 200
    assert PublicationRequest.objects.get(pk=req.pk).remind_at == at  # Facebook is by hand
    facebook.is_active = True
    facebook.save()
    # Facebook is connected now: the assignee has Warta post it at once.
    assert act(client, req, "post", {"platforms": ["facebook"]}).status_code == 200
    assert PublicationRequest.objects.get(pk=req.pk).remind_at is None


def test_a_scheduled_post_whose_time_came_is_posted_and_publishes_the_request(api_client, fake, accounts, org, staf):
    req = request_with_poster(org, staf, platforms=["x"])
    at = timezone.now() + dt.timedelta(hours=1)
    assert act(api_client(staf), req, "schedule", {"times": {"x": at.isoformat()}}).status_code == 200
    assert status_of(req) == "scheduled"
    Post.objects.filter(subject=req.number).update(run_after=timezone.now() - dt.timedelta(minutes=3))
    with committing():
        assert publishing.sweep() == 1
    assert status_of(req) == "published"
    assert on_fake(fake, "x") == 1


# --- take-down ----------------------------------------------------------------------------------


def test_take_down_deletes_on_facebook_and_x_and_makes_instagram_a_to_do(api_client, fake, accounts, org, staf):
    req = request_with_poster(org, staf)
    client = api_client(staf)
    act(client, req, "post")
    ids = {p: publishing.posts_of(req.number)[p].external_id for p in ALL}
    assert act(client, req, "take_down", {"platforms": ["facebook"]}).status_code == 422  # the note is required
    response = act(client, req, "take_down", {"platforms": ALL, "note": "Data salah, diganti."})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published"  # status unchanged
    assert sorted(fake.deleted) == sorted([ids["facebook"], ids["x"]])
    posts = posts_of(body)
    assert posts["facebook"]["taken_down_at"] and posts["x"]["taken_down_at"]
    assert posts["instagram"]["taken_down_at"] is None
    todo = Todo.objects.get(kind="take_down")
    assert todo.assignee == staf and todo.url == posts["instagram"]["url"] and todo.detail == "Data salah, diganti."
    event = req.events.get(action="take_down")
    assert event.data["taken_down"] == ["facebook", "x"] and list(event.data["by_hand"]) == ["instagram"]
    assert "Dihapus dari Facebook" in body["events"][-1]["details"]
    assert act(client, req, "take_down", {"platforms": ["x"], "note": "Lagi."}).status_code == 422


# --- the request page -----------------------------------------------------------------------------


def client_page(user, req) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(req.get_absolute_url()).content.decode()


def test_the_page_polls_while_warta_posts_then_reloads(client, accounts, org, staf, pemohon):
    req = request_with_poster(org, staf, platforms=["instagram", "facebook"])
    post = Post.objects.create(subject=req.number, platform="instagram", state="publishing", claimed_at=timezone.now())
    client.force_login(staf)
    page = client.get(req.get_absolute_url()).content.decode()
    live = f'hx-get="/permohonan/{req.number}/unggahan/"'
    assert live in page and 'hx-trigger="every 2s"' in page
    assert "Sedang diunggah" in page
    assert 'id="aksi-publish"' not in page  # the moves wait until it settles
    partial = client.get(f"/permohonan/{req.number}/unggahan/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and live in partial.content.decode()
    Post.objects.filter(pk=post.pk).update(state="published", url="https://www.instagram.com/p/W1/")
    settled = client.get(f"/permohonan/{req.number}/unggahan/", HTTP_HX_REQUEST="true")
    assert settled.headers["HX-Refresh"] == "true"
    page = client.get(req.get_absolute_url()).content.decode()
    assert live not in page and "https://www.instagram.com/p/W1/" in page and 'id="aksi-publish"' in page
    # The operator of the requesting organisation sees the link; another organisation's does not.
    assert "https://www.instagram.com/p/W1/" in client_page(pemohon, req)
    client.force_login(pemohon)
    assert client.get(f"/permohonan/{req.number}/unggahan/").status_code == 200


def test_the_live_partial_is_not_shown_to_outsiders(client, org, staf, pemohon_other):
    req = make_request(org, "assigned", assignee=staf)
    client.force_login(pemohon_other)
    assert client.get(f"/permohonan/{req.number}/unggahan/").status_code == 404


def test_an_unconfirmed_post_is_confirmed_from_the_page(client, accounts, org, staf):
    req = request_with_poster(org, staf, platforms=["facebook"])
    Post.objects.create(subject=req.number, platform="facebook", state="unconfirmed", error="Periksa Halaman.")
    client.force_login(staf)
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Belum pasti" in page and "Periksa Halaman." in page and "Sudah terbit" in page
    with committing():
        response = client.post(
            f"/permohonan/{req.number}/aksi/confirm_post/",
            {"confirm_post-platform": "facebook", "confirm_post-url": "https://www.facebook.com/dinkominfopbg/posts/5"},
        )
    assert response.status_code == 302
    assert status_of(req) == "published"
