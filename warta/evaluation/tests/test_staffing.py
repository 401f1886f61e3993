"""Staffing: arrivals per working hour and handling times measured by aggregation, and the page."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from warta.desk.models import Event
from warta.desk.tests.test_api_support import make_request
from warta.evaluation import staffing

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 10, 12, 0, tzinfo=WIB)  # Tuesday noon


def wib(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(NOW, tick=False):
        yield


def event(req, action: str, at: dt.datetime) -> None:
    Event.objects.create(request=req, action=action, at=at)


@pytest.fixture
def week(org, staf):
    """One week of a small office: three requests in working time on Tuesday, one in the evening on
    Monday, a draft and one from long ago (neither counts)."""
    a = make_request(org, "published", assignee=staf, received_at=wib(10, 9, 10))
    event(a, "assign", wib(10, 9, 20))
    event(a, "publish", wib(10, 9, 50))  # 30 minutes
    b = make_request(org, "published", assignee=staf, received_at=wib(10, 9, 40))
    event(b, "assign", wib(10, 9, 45))
    event(b, "schedule", wib(10, 10, 5))  # 20 minutes: scheduling within the hour is the staff's step
    event(b, "publish", wib(10, 11, 30))
    c = make_request(org, "assigned", assignee=staf, received_at=wib(10, 10, 5))
    d = make_request(org, "published", assignee=staf, received_at=wib(9, 20, 0))
    event(d, "assign", wib(9, 15, 50))
    event(d, "publish", wib(10, 8, 0))  # across the closing: left out of the handling time
    make_request(org, "draft", received_at=wib(10, 9, 0))
    make_request(org, "submitted", received_at=NOW - dt.timedelta(weeks=2))
    for req, at in ((a, wib(10, 9, 50)), (b, wib(10, 11, 30)), (d, wib(10, 8, 0))):
        req.published_at = at
        req.save(update_fields=["published_at"])
    return a, b, c, d


def test_arrivals_are_counted_per_working_hour(office, week):
    measured = staffing.measure(NOW, weeks=1)
    # Tue 3 Nov 13–16 (3 h) + Wed, Thu, Fri, Mon (7.5 h each) + Tue 10 Nov 07:30–12 (4.5 h) = 37.5 h.
    assert measured.working_hours == pytest.approx(37.5)
    assert (measured.arrivals, measured.arrivals_outside) == (4, 1)
    assert measured.rate_per_hour == pytest.approx(4 / 37.5)
    hours = {row.hour: row for row in measured.hours}
    assert (hours[9].arrivals, hours[9].working_hours) == (2, pytest.approx(5.0))
    assert (hours[10].arrivals, hours[10].working_hours) == (1, pytest.approx(5.0))
    assert hours[7].working_hours == pytest.approx(2.5)
    assert 12 not in hours  # the lunch break has no working time
    assert measured.busiest is not None and measured.busiest.hour == 9
    assert measured.busiest.rate == pytest.approx(0.4)


def test_handling_time_is_the_mean_from_assignment_to_the_staffs_step(office, week):
    measured = staffing.measure(NOW, weeks=1)
    assert measured.handled == 2
    assert measured.handling_minutes == pytest.approx(25.0)


def test_nothing_measured_is_no_error(office):
    measured = staffing.measure(NOW, weeks=1)
    assert (measured.arrivals, measured.handling_minutes, measured.busiest) == (0, None, None)


def test_the_standards_time_in_minutes():
    assert staffing.minutes_of({"amount": 1, "unit": "hours"}) == 60
    assert staffing.minutes_of({"amount": 2, "unit": "working_days"}) == pytest.approx(900)  # 2 × 7.5 h
    assert staffing.minutes_of(None) is None


def test_the_table_marks_the_stated_number_and_the_first_enough():
    rows = staffing.table(rate_per_hour=1.2, handling_minutes=30, target_minutes=60, stated=1, target_share=0.8)
    assert [r.staff for r in rows] == [1, 2, 3, 4]
    assert rows[0].stated and rows[0].within == pytest.approx(0.5507, abs=1e-4)
    assert [r.enough for r in rows] == [False, True, False, False]


@pytest.fixture
def standard(db):
    from warta.standards.importer import import_standard
    from warta.standards.tests.real_standard import REAL

    return import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name).service


def test_the_page_shows_the_table_the_chart_and_the_assumptions(login, office, standard, kabid, week):
    text = login(kabid).get("/evaluasi/kebutuhan-pelaksana/", {"per_jam": "1.2", "menit": "30"}).content.decode()
    assert "Standar pelayanan menyebut jumlah pelaksana 1 orang." in text
    assert "<svg" in text and 'role="img"' in text and "<table" in text
    # The chart's geometry is written in SVG numbers, never in the reader's locale ("194,5").
    svg = text.split("<svg", 1)[1].split("</svg>", 1)[0]
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers
    assert svg.count('class="bar-ok"') + svg.count('class="bar-low"') == 4
    table = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    first = table.split("</tr>", 1)[0]
    assert "standar" in first and "55,1%" in first
    assert "M/M/k" in text and "Erlang" in text and "P(W ≤ t) = 1 − C(k, a)·e^(−(kμ−λ)t)" in text
    # The measured figures (12 weeks: the request of two weeks ago counts, received at noon: the lunch
    # break, outside working time) are shown beside the what-if ones.
    assert "<dd>5 (2 di luar jam kerja)</dd>" in text and "25,0 menit" in text


def test_the_page_uses_the_measured_figures_and_the_busiest_hour(login, office, standard, kabid, week):
    text = login(kabid).get("/evaluasi/kebutuhan-pelaksana/").content.decode()
    assert "09.00–10.00" in text and "Tepat waktu pada jam tersibuk" in text


def test_bad_what_if_values_show_an_error(login, office, standard, kabid):
    response = login(kabid).get("/evaluasi/kebutuhan-pelaksana/", {"menit": "0", "per_jam": "x"})
    assert response.status_code == 200
    assert response.content.decode().count('class="error"') == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pimpinan", 200), ("fungsional", 200), ("admin_user", 200), ("staf", 403), ("pemohon", 403)],
)
def test_who_sees_the_staffing_page(persona, status, request, login, office):
    assert login(request.getfixturevalue(persona)).get("/evaluasi/kebutuhan-pelaksana/").status_code == status
