"""/tugas/ and /kalender-konten/ in a real browser: on a 360 px phone nothing is wider than the
screen; "Selesai" (htmx) moves a to-do below, and the calendar's period links swap it in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from warta.desk.models import PlatformPost, Status
from warta.desk.tests.test_api_support import make_request
from warta.desk.tests.test_phones_browser import OVERFLOW_JS
from warta.todos import services
from warta.todos.models import Todo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Pastikan unggahan Instagram PUB-2026-00001 Sosialisasi Pencegahan Demam Berdarah Dengue di Seluruh Kecamatan"


def fill(staf, org):
    services.add(
        "post:1:confirm",
        kind=Todo.Kind.CONFIRM_POST,
        title=LONG,
        detail="https://www.instagram.com/p/DEmoPanjangSekali2026AbCdEfGhIjKlMnOpQrStUvWxYz/",
        url="https://wa.me/6281234567890?text=" + "Jawaban%20" * 40,
        page="/beranda/",
        assignee=staf,
    )
    services.add("other", kind=Todo.Kind.OTHER, title="Tugas kedua", assignee=staf)
    now = timezone.now()
    for n in range(3):
        req = make_request(org, Status.SCHEDULED, assignee=staf, title=LONG, platforms=["instagram"])
        PlatformPost.objects.filter(request=req).update(scheduled_for=now + dt.timedelta(hours=n))


def assert_fits(page, path: str) -> None:
    response = page.goto(page.base_url + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state()
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= layout["innerWidth"], (path, layout)


def test_the_pages_fit_a_phone_and_work_with_htmx(phone_page, page, browser_login, office, staf, org):
    fill(staf, org)
    for p in (phone_page, page):
        browser_login(p, staf.username)
        assert_fits(p, "/tugas/")
        assert_fits(p, "/kalender-konten/")
        assert_fits(p, "/kalender-konten/?view=week")
    # On the phone the calendar is a list of the days with posts.
    phone_page.goto(phone_page.base_url + "/kalender-konten/")
    assert phone_page.locator("li.cal-day.empty:not(.today)").first.is_hidden()
    assert phone_page.locator("li.cal-entry").count() == 3
    # The period links swap the calendar in place and keep the address.
    phone_page.click("a[rel=next]")
    phone_page.wait_for_url("**view=month**")
    assert phone_page.locator("li.cal-entry").count() == 0
    phone_page.go_back()
    phone_page.locator("li.cal-entry").nth(2).wait_for()
    assert phone_page.locator("li.cal-entry").count() == 3

    phone_page.goto(phone_page.base_url + "/tugas/")
    assert phone_page.locator("a[target=_blank][rel~=noopener]").count() == 1
    phone_page.locator("#todo-lists .todo", has_text="Tugas kedua").get_by_role("button", name="Selesai").click()
    phone_page.locator("ul.todos.done li", has_text="Tugas kedua").wait_for()
    assert phone_page.locator("ul.todos:not(.done) li", has_text="Tugas kedua").count() == 0
    assert Todo.objects.get(key="other").done_by == staf
