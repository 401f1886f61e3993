"""In Chromium: the assignee presses "Tayangkan melalui Warta" for Instagram, Facebook and X (the fake
platforms; X asks to wait once with a 429), sees each platform's state and the links appear while
the page polls, the request becomes published by itself, and the OPD operator sees the links on a
360 px phone. Screenshots land in test-artifacts/posting-*.png."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from warta.desk.models import Attachment, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.social import publishing
from warta.social.models import Account, Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, browser_login, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)
    assert "/masuk/" not in page.url, f"login as {username} failed"


def poster_request(org, staf) -> PublicationRequest:
    req = make_request(org, "assigned", assignee=staf, platforms=["instagram", "facebook", "x"])
    buffer = io.BytesIO()
    Image.new("RGB", (1080, 1080), (20, 110, 160)).save(buffer, format="JPEG")
    attachment = Attachment(request=req, content_type="image/jpeg", size=len(buffer.getvalue()), alt_text="Poster")
    attachment.file.save("poster.jpg", ContentFile(buffer.getvalue()), save=False)
    attachment.save()
    return req


def test_the_assignee_posts_to_all_three_and_the_operator_sees_the_links(
    page, phone_page, live_server, browser_login, screenshot, fake, office, org, pemohon, staf
):
    for platform, account_id in (("instagram", fake.ig_user_id), ("facebook", fake.page_id), ("x", fake.x_user_id)):
        Account.objects.create(platform=platform, account_id=account_id, handle=fake.x_handle, access_token=fake.token)
    req = poster_request(org, staf)
    fake.fail("x.tweets", "429")  # X asks to wait: its post is queued again for a moment

    sign_in_as(page, browser_login, staf.username)
    page.goto(live_server.url + req.get_absolute_url())
    box = page.locator("#aksi-post")
    box.locator("summary").click()
    screenshot(page, "posting-01-before")
    box.get_by_role("button", name="Tayangkan melalui Warta").click()

    rows = page.locator("#unggahan")
    rows.locator("tr[data-platform=instagram][data-state=published]").wait_for()
    assert rows.locator("tr[data-platform=facebook][data-state=published]").count() == 1
    x_row = rows.locator("tr[data-platform=x]")
    assert x_row.get_attribute("data-state") == "queued"
    assert "Dicoba lagi" in x_row.inner_text()
    assert rows.get_attribute("hx-get") == f"/permohonan/{req.number}/unggahan/"  # the page watches X
    ig_link = next(iter(fake.ig_media.values()))["permalink"]
    assert rows.get_by_role("link", name=ig_link).count() == 1
    screenshot(page, "posting-02-x-waits")

    # X's wait is over: the worker posts it; the page, polling, reloads itself with every link.
    post = Post.objects.get(subject=req.number, platform="x")
    Post.objects.filter(pk=post.pk).update(run_after=timezone.now())
    publishing.publish_post.enqueue(post.pk)
    x_link = Post.objects.get(pk=post.pk).url
    assert x_link.startswith("https://x.com/")
    page.locator("#unggahan").get_by_role("link", name=x_link).wait_for(timeout=30000)
    assert page.locator("#unggahan").get_attribute("hx-get") is None  # nothing left to watch
    assert page.locator(".badge, .status").filter(has_text=re.compile("Dipublikasikan")).count() >= 1
    screenshot(page, "posting-03-published")
    assert PublicationRequest.objects.get(pk=req.pk).status == "published"
    assert len(fake.ig_media) == len(fake.fb_posts) == len(fake.x_posts) == 1

    # The OPD operator, on a phone, sees the three links.
    sign_in_as(phone_page, browser_login, pemohon.username)
    phone_page.goto(live_server.url + req.get_absolute_url())
    for url in (ig_link, next(iter(fake.fb_posts.values()))["permalink_url"], x_link):
        assert phone_page.get_by_role("link", name=url).count() >= 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "posting-04-operator-phone")
