"""The content calendar at /kalender-konten/: what the office staff see per day in the office's
zone (WIB, UTC+7), the month and week boundaries, the filters, who may open it, and its queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.desk.calendar import MONTH, WEEK, period_of
from warta.desk.models import PlatformPost, Status
from warta.desk.tests.test_api_support import make_request
from warta.social.models import Post, PostState

pytestmark = pytest.mark.django_db
URL = "/kalender-konten/"
UTC = dt.UTC
NOW = dt.datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # Tuesday 10 March 2026, 10.00 WIB


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def scheduled(org, at: dt.datetime, platform="instagram", title="Vaksinasi HPV", status=Status.SCHEDULED, staf=None):
    req = make_request(org, Status.ASSIGNED, assignee=staf, title=title, platforms=[platform])
    if status != Status.ASSIGNED:
        type(req).objects.filter(pk=req.pk).update(status=status)
    PlatformPost.objects.create(request=req, platform=platform, scheduled_for=at)
    return req


def published(org, at: dt.datetime, platform="facebook", title="Posyandu balita"):
    req = make_request(org, Status.PUBLISHED, title=title, platforms=[platform])
    PlatformPost.objects.create(
        request=req, platform=platform, url="https://www.facebook.com/dinkominfo/posts/1", published_at=at
    )
    return req


def day_html(page: str, date: str) -> str:
    match = re.search(
        rf'<li class="cal-day[^"]*" data-date="{date}">(.*?)</li>\s*(?:<li class="cal-day|</ol>)', page, re.S
    )
    assert match, date
    return match.group(1)


def test_periods_in_the_office_calendar():
    week = period_of(WEEK, dt.date(2026, 3, 8))  # a Sunday: its week began on Monday the 2nd
    assert (week.first, week.last) == (dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    start, end = week.bounds()
    assert start == dt.datetime(2026, 3, 1, 17, 0, tzinfo=UTC) and end == dt.datetime(2026, 3, 8, 17, 0, tzinfo=UTC)
    month = period_of(MONTH, dt.date(2026, 2, 14))
    assert (month.first, month.last) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month.previous() == dt.date(2026, 1, 1) and month.next() == dt.date(2026, 3, 1)
    assert period_of(MONTH, dt.date(2026, 12, 31)).next() == dt.date(2027, 1, 1)
    assert week.previous() == dt.date(2026, 2, 23) and week.next() == dt.date(2026, 3, 9)


def test_staff_see_scheduled_and_published_posts_on_their_day(office, login, staf, org):
    req = scheduled(org, dt.datetime(2026, 3, 12, 2, 30, tzinfo=UTC), title="Vaksinasi HPV di sekolah")
    pub = published(org, dt.datetime(2026, 3, 5, 8, 0, tzinfo=UTC), title="Posyandu balita")
    page = login(staf).get(URL).content.decode()
    assert "Maret 2026" in page
    thursday = day_html(page, "2026-03-12")
    assert "09.30 WIB" in thursday and "Instagram" in thursday and "Terjadwal" in thursday
    assert f'href="/permohonan/{req.number}/"' in thursday and "Dinas Kesehatan" in thursday
    thursday5 = day_html(page, "2026-03-05")
    assert "15.00 WIB" in thursday5 and "Terbit" in thursday5 and f'href="/permohonan/{pub.number}/"' in thursday5
    assert 'href="https://www.facebook.com/dinkominfo/posts/1" target="_blank" rel="noopener noreferrer"' in thursday5
    assert "(2 unggahan)" in page


def test_a_month_ends_at_midnight_in_the_office_zone(office, login, staf, org):
    late = scheduled(org, dt.datetime(2026, 3, 31, 16, 59, tzinfo=UTC), title="Akhir Maret")  # 23.59 WIB 31 March
    early = scheduled(org, dt.datetime(2026, 3, 31, 17, 0, tzinfo=UTC), title="Awal April")  # 00.00 WIB 1 April
    client = login(staf)
    march = client.get(URL + "?view=month&date=2026-03-01").content.decode()
    april = client.get(URL + "?view=month&date=2026-04-20").content.decode()
    assert late.number in day_html(march, "2026-03-31") and early.number not in march
    assert early.number in day_html(april, "2026-04-01") and late.number not in april
    assert "April 2026" in april


def test_a_week_runs_monday_to_sunday_in_the_office_zone(office, login, staf, org):
    sunday = scheduled(org, dt.datetime(2026, 3, 8, 16, 30, tzinfo=UTC), title="Minggu malam")  # Sun 23.30 WIB
    monday = scheduled(org, dt.datetime(2026, 3, 8, 17, 10, tzinfo=UTC), title="Senin dini hari")  # Mon 00.10 WIB
    before = scheduled(org, dt.datetime(2026, 3, 1, 16, 59, tzinfo=UTC), title="Minggu sebelumnya")  # Sun 1 Mar
    page = login(staf).get(URL + "?view=week&date=2026-03-04").content.decode()
    assert "2 Mar – 8 Mar 2026" in page
    assert sunday.number in day_html(page, "2026-03-08")
    assert monday.number not in page and before.number not in page
    assert page.count('<li class="cal-day') == 7


def test_filters_by_platform_and_organisation(office, login, staf, org, other_org):
    ig = scheduled(org, dt.datetime(2026, 3, 12, 2, 0, tzinfo=UTC), platform="instagram")
    x = scheduled(org, dt.datetime(2026, 3, 12, 3, 0, tzinfo=UTC), platform="x")
    other = scheduled(other_org, dt.datetime(2026, 3, 12, 4, 0, tzinfo=UTC), platform="instagram")
    client = login(staf)
    only_x = client.get(URL + "?platform=x").content.decode()
    assert x.number in only_x and ig.number not in only_x and other.number not in only_x
    only_org = client.get(URL + f"?organization={other_org.pk}").content.decode()
    assert other.number in only_org and ig.number not in only_org and x.number not in only_org
    both = client.get(URL + f"?platform=instagram&organization={org.pk}").content.decode()
    assert ig.number in both and x.number not in both and other.number not in both
    assert f'<option value="{org.pk}" selected>' in both and '<option value="instagram" selected>' in both
    # A value that is not a platform or an organisation is ignored, not an error.
    assert client.get(URL + "?platform=myspace&organization=abc&view=year&date=kemarin").status_code == 200


def test_the_period_links_keep_the_filters_and_work_without_javascript(office, login, staf, org):
    page = login(staf).get(URL + f"?view=week&date=2026-03-10&platform=x&organization={org.pk}").content.decode()
    prev = f'href="?view=week&amp;date=2026-03-02&amp;platform=x&amp;organization={org.pk}"'
    nxt = f'href="?view=week&amp;date=2026-03-16&amp;platform=x&amp;organization={org.pk}"'
    assert prev in page and nxt in page
    assert f'hx-get="?view=week&amp;date=2026-03-16&amp;platform=x&amp;organization={org.pk}"' in page
    assert f'href="?view=month&amp;date=2026-03-09&amp;platform=x&amp;organization={org.pk}"' in page


def test_htmx_gets_only_the_calendar(office, login, staf):
    response = login(staf).get(URL + "?view=month&date=2026-04-01", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="calendar"') and "<html" not in body and "April 2026" in body


def test_warta_posts_show_their_state_and_closed_requests_their_schedule_no_more(office, login, staf, org):
    req = make_request(org, Status.SCHEDULED, assignee=staf, title="Lewat Warta", platforms=["x"])
    PlatformPost.objects.filter(request=req).update(scheduled_for=None)
    Post.objects.create(
        subject=req.number, platform="x", state=PostState.QUEUED, run_after=dt.datetime(2026, 3, 20, 1, 0, tzinfo=UTC)
    )
    failed = make_request(org, Status.ASSIGNED, assignee=staf, title="Gagal", platforms=["instagram"])
    Post.objects.create(
        subject=failed.number,
        platform="instagram",
        state=PostState.FAILED,
        run_after=dt.datetime(2026, 3, 21, 1, 0, tzinfo=UTC),
    )
    cancelled = scheduled(org, dt.datetime(2026, 3, 22, 1, 0, tzinfo=UTC), status=Status.CANCELLED, title="Batal")
    page = login(staf).get(URL).content.decode()
    assert req.number in day_html(page, "2026-03-20") and "Dalam antrean" in day_html(page, "2026-03-20")
    assert "Gagal" in day_html(page, "2026-03-21")
    assert cancelled.number not in page


@pytest.mark.parametrize("persona", ["pimpinan", "kabid", "fungsional", "staf", "admin_user"])
def test_office_staff_open_it(persona, request, office, login):
    assert login(request.getfixturevalue(persona)).get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["pemohon", "pengelola", "tim"])
def test_others_are_refused(persona, request, office, login, org):
    scheduled(org, dt.datetime(2026, 3, 12, 2, 0, tzinfo=UTC))
    response = login(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403


def test_anonymous_is_sent_to_login_and_post_is_refused(office, client, login, staf):
    response = client.get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert login(staf).post(URL).status_code == 405


def test_queries_do_not_grow_with_the_rows(office, login, staf, org, other_org):
    client = login(staf)
    scheduled(org, dt.datetime(2026, 3, 12, 2, 0, tzinfo=UTC))
    Post.objects.create(
        subject="PUB-2026-99999",
        platform="x",
        state=PostState.QUEUED,
        run_after=dt.datetime(2026, 3, 13, 1, 0, tzinfo=UTC),
    )
    client.get(URL)  # warm the caches (office profile)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(12):
        scheduled(org if n % 2 else other_org, dt.datetime(2026, 3, 1 + n, 2, 0, tzinfo=UTC), platform="instagram")
        published(org, dt.datetime(2026, 3, 1 + n, 5, 0, tzinfo=UTC))
        req = make_request(other_org, Status.ASSIGNED, assignee=staf, platforms=["x"])
        Post.objects.create(
            subject=req.number,
            platform="x",
            state=PostState.PUBLISHING,
            run_after=dt.datetime(2026, 3, 2 + n, 1, 0, tzinfo=UTC),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL).content.decode()
    assert "(37 unggahan)" in page
    assert len(many) == len(few), [q["sql"] for q in many]
