"""Periods (year, halves, quarters), population N, and who may set them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from warta.desk.models import Status
from warta.survey.models import Period, PeriodKind, parse_period_code, period_bounds
from warta.survey.services import get_period, open_periods, period_results, periods_of

from .conftest import make_response


@pytest.mark.parametrize(
    ("code", "parsed", "bounds"),
    [
        ("2026", (2026, "year", 0), (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ("2026-H1", (2026, "half", 1), (dt.date(2026, 1, 1), dt.date(2026, 6, 30))),
        ("2026-H2", (2026, "half", 2), (dt.date(2026, 7, 1), dt.date(2026, 12, 31))),
        ("2026-Q1", (2026, "quarter", 1), (dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
        ("2026-Q3", (2026, "quarter", 3), (dt.date(2026, 7, 1), dt.date(2026, 9, 30))),
        ("2026-q4", (2026, "quarter", 4), (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
    ],
)
def test_period_codes(code, parsed, bounds):
    assert parse_period_code(code) == parsed
    assert period_bounds(*parsed) == bounds


@pytest.mark.parametrize("code", ["", "26", "2026-H3", "2026-Q5", "2026-Q0", "2026-X1", "1900", "2026-1"])
def test_bad_period_codes(code):
    assert parse_period_code(code) is None


def test_period_code_forgives_case_and_spaces():
    assert parse_period_code(" 2026-h2 ") == (2026, "half", 2)


def test_current_year_exists_for_every_service(service, other_service):
    with time_machine.travel("2026-08-01 09:00:00+07:00", tick=False):
        assert [p.code for p in periods_of(service)] == ["2026"]
        assert [p.code for p in periods_of(other_service)] == ["2026"]
    assert get_period(service, "2026-Q3") is None  # quarters only when the kabid sets them


def test_a_response_counts_in_every_period_containing_its_date(service, kabid):
    open_periods(service, 2026, PeriodKind.HALF, by=kabid)
    open_periods(service, 2026, PeriodKind.QUARTER, by=kabid)
    make_response(service, dt.date(2026, 8, 15), (4,) * 9)
    make_response(service, dt.date(2026, 9, 30), (2,) * 9)  # last day of Q3
    make_response(service, dt.date(2026, 10, 1), (3,) * 9)  # first day of Q4
    counts = {
        code: period_results(get_period(service, code)).respondents
        for code in ["2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2025", "2027"]
    }
    assert counts == {
        "2026": 3,
        "2026-H1": 0,
        "2026-H2": 3,
        "2026-Q1": 0,
        "2026-Q2": 0,
        "2026-Q3": 2,
        "2026-Q4": 1,
        "2025": 0,
        "2027": 0,
    }
    q3 = period_results(get_period(service, "2026-Q3"))
    assert q3.index.converted is not None and str(q3.index.converted) == "75.00"


def test_population_counts_published_requests_in_the_period(service, other_service, make_request, kabid):
    open_periods(service, 2026, PeriodKind.QUARTER, by=kabid)
    wib = dt.timezone(dt.timedelta(hours=7))
    make_request(dt.datetime(2026, 3, 31, 23, 30, tzinfo=wib))  # Q1 in the office's day (16:30 UTC)
    make_request(dt.datetime(2026, 4, 1, 0, 30, tzinfo=wib))  # Q2 (17:30 UTC on 31 March)
    make_request(dt.datetime(2026, 4, 2, 10, 0, tzinfo=wib))
    make_request(dt.datetime(2026, 4, 2, 10, 0, tzinfo=wib), status=Status.REJECTED)
    make_request(dt.datetime(2026, 4, 2, 10, 0, tzinfo=wib), svc=other_service)
    q1 = period_results(get_period(service, "2026-Q1"))
    q2 = period_results(get_period(service, "2026-Q2"))
    year = period_results(get_period(service, "2026"))
    assert (q1.completed, q2.completed, year.completed) == (1, 2, 3)
    period = get_period(service, "2026-Q2")
    period.served_outside = 98
    period.save()
    q2 = period_results(period)
    assert q2.population == 100
    assert q2.target_sample == 80


def test_kabid_sets_quarters_and_staff_cannot(login, kabid, staf, service, admin_user):
    response = login(staf).post("/skm/kelola/publikasi-konten-media-sosial/periode/", {"year": 2026, "kind": "quarter"})
    assert response.status_code == 403
    assert not Period.objects.filter(kind="quarter").exists()
    response = login(kabid).post(
        "/skm/kelola/publikasi-konten-media-sosial/periode/", {"year": 2026, "kind": "quarter"}
    )
    assert response.status_code == 302
    assert sorted(Period.objects.filter(kind="quarter").values_list("number", flat=True)) == [1, 2, 3, 4]
    response = login(admin_user).post(
        "/skm/kelola/publikasi-konten-media-sosial/periode/", {"year": 2026, "kind": "half"}
    )
    assert response.status_code == 302
    assert Period.objects.filter(kind="half").count() == 2
    page = login(kabid).get("/skm/kelola/", follow=True).content.decode()
    assert "2026-Q3" in page and "2026-H1" in page


def test_close_period_stops_paper_entry_dated_in_it(login, kabid, staf, service, office):
    with time_machine.travel("2026-07-10 09:00:00+07:00", tick=False):
        open_periods(service, 2026, PeriodKind.HALF, by=kabid)
        url = "/skm/kelola/publikasi-konten-media-sosial/2026-H1/"
        assert login(staf).post(url, {"action": "close"}).status_code == 403
        assert login(kabid).post(url, {"action": "close"}).status_code == 302
        assert get_period(service, "2026-H1").is_closed
        from .conftest import form_data

        response = login(staf).post(
            "/skm/kelola/publikasi-konten-media-sosial/kertas/", {**form_data(), "surveyed_on": "2026-06-30"}
        )
        html = response.content.decode()
        assert "Periode survei 2026-H1 sudah ditutup" in html
        assert html.index("sudah ditutup") > html.index('id="id_surveyed_on"') - 400
        from warta.survey.models import Response

        assert Response.objects.count() == 0
        response = login(staf).post(
            "/skm/kelola/publikasi-konten-media-sosial/kertas/", {**form_data(), "surveyed_on": "2026-07-01"}
        )
        assert response.status_code == 302
        assert Response.objects.count() == 1
