"""The calendar built from its models, counts per state, steps, and settling breaches."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from warta.clock.calendar import add_working_time, default_calendar
from warta.clock.models import Breach, ClockProbe, ClosedDay, HoursOverride, OverrideWindow, WeeklyWindow
from warta.clock.policy import Policy, Unit
from warta.clock.services import (
    apply_ramadan,
    get_calendar,
    record_breach,
    settle_breach,
    sla_state_counts,
    step_durations,
)
from warta.clock.tests.conftest import wib
from warta.core.models import OfficeProfile

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(wib(2026, 3, 10, 9, 0), tick=False):
        yield


def test_the_default_calendar_from_the_migration():
    cal = get_calendar()
    assert add_working_time(cal, wib(2026, 3, 13, 16, 0), H) == wib(2026, 3, 16, 8, 0)
    assert WeeklyWindow.objects.count() == 10
    assert cal.closed_name(dt.date(2026, 5, 28)) == "Cuti Bersama Hari Raya Idul Adha"
    assert get_calendar() is cal  # cached


def test_an_admin_added_closed_day(admin_user):
    get_calendar()
    ClosedDay.objects.create(date=dt.date(2026, 3, 16), name="Libur daerah", reason="SE Bupati", changed_by=admin_user)
    cal = get_calendar()
    assert cal.closed_name(dt.date(2026, 3, 16)) == "Libur daerah"
    assert add_working_time(cal, wib(2026, 3, 13, 16, 0), H) == wib(2026, 3, 17, 8, 0)


def test_an_admin_removed_holiday(admin_user):
    ClosedDay.objects.create(
        date=dt.date(2026, 5, 28), action=ClosedDay.Action.OPEN, reason="SKB diubah", changed_by=admin_user
    )
    cal = get_calendar()
    assert dt.date(2026, 5, 28) not in cal.closed
    assert add_working_time(cal, wib(2026, 5, 26, 15, 30), H) == wib(2026, 5, 28, 8, 0)


def test_changed_hours_and_overrides_reach_the_calendar():
    assert get_calendar().weekly[0][0].start == dt.time(7, 30)
    WeeklyWindow.objects.filter(weekday=0, start=dt.time(7, 30)).update(start=dt.time(8, 0))
    window = WeeklyWindow.objects.get(weekday=0, start=dt.time(8, 0))
    window.save()  # a save through the admin clears the cache
    assert get_calendar().weekly[0][0].start == dt.time(8, 0)

    override = HoursOverride.objects.create(
        name="Apel HUT", first_day=dt.date(2026, 3, 17), last_day=dt.date(2026, 3, 17)
    )
    OverrideWindow.objects.create(override=override, weekday=None, start=dt.time(10), end=dt.time(12))
    cal = get_calendar()
    assert add_working_time(cal, wib(2026, 3, 17, 7, 0), H) == wib(2026, 3, 17, 11, 0)


def test_the_office_zone_drives_the_calendar(office):
    office.time_zone = "Asia/Makassar"
    office.save()
    assert str(get_calendar().tz) == "Asia/Makassar"


def test_apply_ramadan(admin_user):
    override = apply_ramadan(dt.date(2026, 2, 19), dt.date(2026, 3, 19), admin_user)
    assert override.windows.count() == 10
    cal = get_calendar()
    assert add_working_time(cal, wib(2026, 3, 9, 7, 0), H) == wib(2026, 3, 9, 9, 0)


def test_around_the_clock_calendar():
    assert get_calendar(around_the_clock=True).around_the_clock
    assert not get_calendar().around_the_clock


ONE_HOUR = Policy(1, Unit.working_hours)


def _probe(start) -> ClockProbe:
    probe = ClockProbe(title="Uji")
    probe.start_sla(ONE_HOUR, start)
    return probe


def test_sla_state_counts_in_one_query(django_assert_num_queries):
    now = wib(2026, 3, 16, 9, 50)
    paused = _probe(wib(2026, 3, 16, 9, 0))
    paused.pause_sla(wib(2026, 3, 16, 9, 10))
    met = _probe(wib(2026, 3, 16, 8, 0))
    met.close_sla(wib(2026, 3, 16, 8, 30), met=True)
    missed = _probe(wib(2026, 3, 16, 7, 30))
    missed.close_sla(wib(2026, 3, 16, 9, 0), met=False)
    void = _probe(wib(2026, 3, 16, 7, 30))
    void.close_sla(wib(2026, 3, 16, 8, 0), met=None)
    ClockProbe.objects.bulk_create(
        [
            _probe(wib(2026, 3, 16, 9, 30)),  # on track
            _probe(wib(2026, 3, 16, 9, 40)),  # on track
            _probe(wib(2026, 3, 16, 9, 0)),  # at risk (48 minutes at 9:48)
            _probe(wib(2026, 3, 16, 8, 0)),  # breached
            paused,
            met,
            missed,
            void,
            ClockProbe(title="Draf"),  # never started: in no state
        ]
    )
    with django_assert_num_queries(1):
        counts = sla_state_counts(ClockProbe.objects.all(), now=now)
    assert counts == {"on_track": 2, "at_risk": 1, "breached": 1, "paused": 1, "met": 1, "missed": 1, "void": 1}
    # the database agrees with each item's own sla()
    states = [p.sla(now)["state"] for p in ClockProbe.objects.exclude(title="Draf")]
    assert {s: states.count(s) for s in counts} == counts


def test_step_durations(cal):
    steps = step_durations(
        cal,
        [
            ("received", wib(2026, 3, 13, 16, 0)),
            ("disposed", wib(2026, 3, 16, 7, 45)),
            ("assigned", wib(2026, 3, 16, 11, 50)),
            ("published", wib(2026, 3, 16, 13, 5)),
        ],
    )
    assert steps == [
        ("disposed", dt.timedelta(minutes=45)),
        ("assigned", dt.timedelta(hours=4, minutes=5)),
        ("published", dt.timedelta(minutes=15)),
    ]
    assert step_durations(default_calendar(), []) == []


def test_breach_recorded_and_settled(staf):
    probe = _probe(wib(2026, 3, 16, 9, 0))
    probe.save()
    breach = record_breach(
        probe,
        label=str(probe),
        url="/x/",
        step="Diproses staf",
        holder=staf,
        holder_role="",
        detected_at=wib(2026, 3, 16, 10, 0),
    )
    assert breach.month == dt.date(2026, 3, 1)
    assert breach.content_type == ContentType.objects.get_for_model(ClockProbe)
    assert breach.late_seconds is None
    # while open, the lateness runs up to now (display)
    assert breach.late_minutes(wib(2026, 3, 16, 13, 30)) == 150
    assert settle_breach(probe, wib(2026, 3, 16, 11, 15)) == 1
    breach.refresh_from_db()
    assert breach.late_seconds == 75 * 60
    assert breach.late_minutes(wib(2026, 3, 20, 9, 0)) == 75
    assert settle_breach(probe, wib(2026, 3, 16, 15, 0)) == 0  # settled once
    assert Breach.objects.count() == 1


def test_office_profile_save_clears_the_calendar():
    first = get_calendar()
    OfficeProfile(name="Dinkominfo").save()
    assert get_calendar() is not first
