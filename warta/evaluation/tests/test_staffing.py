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


def event(req, action: str, at: dt.datetime, leaves: str = "", minutes: int = 0) -> None:
    """An event as the desk stores it: the status it leaves and the working minutes spent there."""
    Event.objects.create(request=req, action=action, at=at, from_status=leaves, working_minutes=minutes)


@pytest.fixture
def week(org, staf):
    """One week of a small office: three requests in working time on Tuesday, one in the evening on
    Monday, a draft and one from long ago (neither counts). The working minutes are those the desk
    would store (office hours 07:30–12:00, 13:00–16:00)."""
    a = make_request(org, "published", assignee=staf, received_at=wib(10, 9, 10))
    event(a, "assign", wib(10, 9, 20), "at_division", 10)
    event(a, "publish", wib(10, 9, 50), "assigned", 30)  # 30 minutes with staff
    b = make_request(org, "published", assignee=staf, received_at=wib(10, 9, 40))
    event(b, "assign", wib(10, 9, 45), "at_division", 5)
    event(b, "schedule", wib(10, 10, 5), "assigned", 20)  # 20 minutes with staff
    event(b, "publish", wib(10, 11, 30), "scheduled", 85)  # waiting for the posting time: not handling
    c = make_request(org, "assigned", assignee=staf, received_at=wib(10, 10, 5))
    event(c, "assign", wib(10, 10, 15), "at_division", 10)
    event(c, "comment", wib(10, 11, 0), "assigned", 45)  # not published: not counted
    d = make_request(org, "published", assignee=staf, received_at=wib(9, 20, 0))
    event(d, "assign", wib(9, 15, 50), "at_division", 0)
    event(d, "publish", wib(10, 8, 5), "assigned", 45)  # Mon 15:50–16:00 + Tue 07:30–08:05 = 10 + 35
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


def test_handling_time_is_the_mean_of_the_working_minutes_with_staff(office, week):
    measured = staffing.measure(NOW, weeks=1)
    # a 30, b 20 (its 85 minutes scheduled left out), d 45 (across the closing, in working minutes);
    # c is not published. (30 + 20 + 45) / 3.
    assert measured.handled == 3
    assert measured.handling_minutes == pytest.approx(95 / 3)


def test_requests_published_outside_the_window_are_left_out(office, week):
    measured = staffing.measure(NOW - dt.timedelta(hours=2, minutes=15), weeks=1)  # Tue 09:45
    # a (09:50) and b (11:30) were published after Tue 09:45; d (08:05) counts alone.
    assert (measured.handled, measured.handling_minutes) == (1, pytest.approx(45.0))


def test_handling_time_from_the_desks_own_steps(org, upt, other_org, pemohon, pimpinan, kabid, staf, office):
    """Through the desk's transition function, which stores each step's working minutes."""
    from warta.evaluation.tests.dataset import build

    w = build(org=org, upt=upt, other_org=other_org, pemohon=pemohon, pimpinan=pimpinan, kabid=kabid, staf=staf)
    # G: assigned Mon 9 Nov 11:50, scheduled 13:10 (10 before the lunch break + 10 after = 20), posted
    # at the scheduled 15:00 (1 h 50 scheduled: not handling).
    w.receive("G", "2026-11-09", "11:00")
    w.act("G", "dispose", pimpinan, "2026-11-09", "11:30")
    w.act("G", "assign", kabid, "2026-11-09", "11:50", {"assignee": staf.username, "instruction": "Tayangkan."})
    w.act("G", "schedule", staf, "2026-11-09", "13:10", {"times": {"instagram": "2026-11-09T15:00:00+07:00"}})
    w.publish("G", "2026-11-09", "15:00")
    measured = staffing.measure(NOW)  # 12 weeks back: from 18 August 2026
    # In `assigned`: A 20; B 10 + 15 (the hour paused for the applicant left out) = 25; C 40; H (October)
    # 10; G 20. I was published in November 2025: outside the window. (20 + 25 + 40 + 10 + 20) / 5 = 23.
    assert measured.handled == 5
    assert measured.handling_minutes == pytest.approx(23.0)


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
    assert "<dd>5 (2 di luar jam kerja)</dd>" in text and "31,7 menit (3 permohonan)" in text
    # The handling time is working time now: the old same-day fallback is no longer described.
    assert "pasangan" not in text and "istirahat siang tidak dihitung" in text


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
