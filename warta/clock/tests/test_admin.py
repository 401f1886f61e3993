"""The calendar in the Django admin: who changed a closed day or an override is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.clock.models import Breach, ClockProbe, ClosedDay, HoursOverride
from warta.clock.services import get_calendar

pytestmark = pytest.mark.django_db


def test_a_closed_day_saved_in_the_admin_records_who_and_closes_the_day(login, admin_user):
    response = login(admin_user).post(
        "/admin/clock/closedday/add/",
        {"date": "2026-04-06", "action": "close", "name": "Libur daerah", "reason": "SE Bupati 1/2026"},
    )
    assert response.status_code == 302
    day = ClosedDay.objects.get()
    assert day.changed_by == admin_user and day.changed_at is not None
    assert get_calendar().closed_name(dt.date(2026, 4, 6)) == "Libur daerah"


def test_an_override_saved_in_the_admin_records_who(login, admin_user):
    response = login(admin_user).post(
        "/admin/clock/hoursoverride/add/",
        {
            "name": "Rapat kerja",
            "first_day": "2026-04-07",
            "last_day": "2026-04-07",
            "reason": "",
            "windows-TOTAL_FORMS": "1",
            "windows-INITIAL_FORMS": "0",
            "windows-0-weekday": "",
            "windows-0-start": "08:00",
            "windows-0-end": "12:00",
        },
    )
    assert response.status_code == 302
    override = HoursOverride.objects.get()
    assert override.changed_by == admin_user
    assert [(w.start, w.end) for w in override.windows.all()] == [(dt.time(8), dt.time(12))]


def test_the_breach_list_in_the_admin_reads_the_holders_with_the_rows(login, admin_user, make_user):
    def add_breaches(count: int) -> None:
        for i in range(count):
            Breach.objects.create(
                content_type=ContentType.objects.get_for_model(ClockProbe),
                object_id=str(Breach.objects.count() + 1),
                label=f"PROBE-{i}",
                holder=make_user(f"pemegang{Breach.objects.count()}"),
                due_at=dt.datetime(2026, 3, 16, 3, tzinfo=dt.UTC),
                detected_at=dt.datetime(2026, 3, 16, 3, tzinfo=dt.UTC),
                month=dt.date(2026, 3, 1),
            )

    client = login(admin_user)
    add_breaches(1)
    client.get("/admin/clock/breach/")  # warm the office cache like a running site
    with CaptureQueriesContext(connection) as one:
        assert client.get("/admin/clock/breach/").status_code == 200
    add_breaches(5)
    with CaptureQueriesContext(connection) as six:
        response = client.get("/admin/clock/breach/")
    assert "PROBE-4" in response.content.decode()
    assert len(six.captured_queries) == len(one.captured_queries)
