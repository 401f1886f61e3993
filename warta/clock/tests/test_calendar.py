"""The pure working-time functions on the default calendar (WIB, Perpres 21/2023 hours)."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from warta.clock.calendar import (
    RAMADAN_WEEKLY,
    Override,
    Window,
    add_working_days,
    add_working_time,
    closed_days_between,
    default_calendar,
    is_working_time,
    next_opening,
    working_time_between,
)
from warta.clock.tests.conftest import WIB, wib

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def test_friday_afternoon_request_is_due_monday_morning(cal):
    # The example: 30 minutes on Friday, 30 on Monday.
    assert add_working_time(cal, wib(2026, 3, 13, 16, 0), H) == wib(2026, 3, 16, 8, 0)


def test_lunch_break_does_not_count(cal):
    assert add_working_time(cal, wib(2026, 3, 16, 11, 45), H) == wib(2026, 3, 16, 13, 45)


def test_deadline_on_the_close_of_a_window_is_that_close(cal):
    assert add_working_time(cal, wib(2026, 3, 16, 11, 0), H) == wib(2026, 3, 16, 12, 0)
    # Friday's morning closes at 11:30, not 12:00
    assert add_working_time(cal, wib(2026, 3, 13, 10, 30), H) == wib(2026, 3, 13, 11, 30)
    # the end of the day is the close of the afternoon window, not the next morning
    assert add_working_time(cal, wib(2026, 3, 16, 15, 0), H) == wib(2026, 3, 16, 16, 0)


def test_fridays_long_break(cal):
    # Friday 11:00 + 1 h: 30 minutes before the 11:30 break, 30 minutes after 13:00.
    assert add_working_time(cal, wib(2026, 3, 13, 11, 0), H) == wib(2026, 3, 13, 13, 30)
    assert working_time_between(cal, wib(2026, 3, 13, 11, 0), wib(2026, 3, 13, 13, 30)) == H
    # Friday counts 8.5 hours, 4 + 3.5
    assert working_time_between(cal, wib(2026, 3, 13, 0, 0), wib(2026, 3, 14, 0, 0)) == dt.timedelta(hours=7.5)


def test_a_week_is_37_and_a_half_hours(cal):
    # Monday 9 March to Monday 16 March 2026: no holiday that week.
    assert working_time_between(cal, wib(2026, 3, 9, 0, 0), wib(2026, 3, 16, 0, 0)) == dt.timedelta(hours=37.5)


def test_received_at_night_starts_at_the_next_opening(cal):
    assert add_working_time(cal, wib(2026, 3, 16, 21, 0), H) == wib(2026, 3, 17, 8, 30)
    assert add_working_time(cal, wib(2026, 3, 17, 5, 0), 30 * M) == wib(2026, 3, 17, 8, 0)
    assert next_opening(cal, wib(2026, 3, 16, 21, 0)) == wib(2026, 3, 17, 7, 30)
    assert next_opening(cal, wib(2026, 3, 16, 12, 0)) == wib(2026, 3, 16, 13, 0)
    assert next_opening(cal, wib(2026, 3, 16, 9, 10)) == wib(2026, 3, 16, 9, 10)
    assert next_opening(cal, wib(2026, 3, 14, 9, 0)) == wib(2026, 3, 16, 7, 30)


def test_idul_adha_chain_of_closed_days(cal):
    # 2026: Idul Adha Wed 27 May, cuti bersama Thu 28 May; Fri 29 May is a working day, then the
    # weekend and Waisak (Sun 31) and Pancasila (Mon 1 June).
    names = dict(closed_days_between(cal, wib(2026, 5, 26, 0, 0), wib(2026, 6, 2, 0, 0)))
    assert names[dt.date(2026, 5, 27)] == "Hari Raya Idul Adha"
    assert names[dt.date(2026, 5, 28)] == "Cuti Bersama Hari Raya Idul Adha"
    assert dt.date(2026, 6, 1) in names
    # Tuesday 26 May 15:30 + 1 h: 30 minutes on Tuesday, 30 on Friday 29 May
    assert add_working_time(cal, wib(2026, 5, 26, 15, 30), H) == wib(2026, 5, 29, 8, 0)
    # Friday 29 May 16:00 + 1 h: 30 minutes left on Friday, then Tuesday 2 June 08:00
    assert add_working_time(cal, wib(2026, 5, 29, 16, 0), H) == wib(2026, 6, 2, 8, 0)
    # one working day after Tuesday 26 May is Friday 29 May, close of work
    assert add_working_days(cal, wib(2026, 5, 26, 9, 0), 1) == wib(2026, 5, 29, 16, 30)
    assert add_working_days(cal, wib(2026, 5, 26, 9, 0), 2) == wib(2026, 6, 2, 16, 0)


def test_idul_fitri_2026_closes_a_whole_week(cal):
    # Nyepi and Idul Fitri 2026 with cuti bersama: 18–24 March closed.
    assert add_working_time(cal, wib(2026, 3, 17, 15, 30), H) == wib(2026, 3, 25, 8, 0)


def test_working_days_count_from_the_day_of_receipt(cal):
    # Monday 9 March 10:00 + 1 working day = Tuesday's close
    assert add_working_days(cal, wib(2026, 3, 9, 10, 0), 1) == wib(2026, 3, 10, 16, 0)
    # after hours on Monday is still day zero
    assert add_working_days(cal, wib(2026, 3, 9, 20, 0), 1) == wib(2026, 3, 10, 16, 0)
    # received on Saturday: day zero is Saturday, the first working day is Monday
    assert add_working_days(cal, wib(2026, 3, 14, 9, 0), 1) == wib(2026, 3, 16, 16, 0)
    # received Thursday: the first working day is Friday, closing at 16:30
    assert add_working_days(cal, wib(2026, 3, 12, 9, 0), 1) == wib(2026, 3, 13, 16, 30)
    # 0 days: the close of the same day
    assert add_working_days(cal, wib(2026, 3, 9, 10, 0), 0) == wib(2026, 3, 9, 16, 0)


def test_thirty_working_days_skip_weekends_and_holidays(cal):
    start = wib(2026, 5, 4, 10, 0)  # Monday
    due = add_working_days(cal, start, 30)
    # Counted by hand: May 5–8 (4), 11–13 (7; 14–15 closed), 18–22 (12), 25–26 (14; 27–28 closed),
    # 29 (15; 1 June closed), June 2–5 (19), 8–12 (24), 15 (25; 16 closed), 17–19 (28), 22 (29), 23 (30)
    assert due == wib(2026, 6, 23, 16, 0)
    skipped = [day for day, _ in closed_days_between(cal, start, due)]
    assert dt.date(2026, 5, 14) in skipped
    assert dt.date(2026, 6, 16) in skipped


def test_working_time_between(cal):
    assert working_time_between(cal, wib(2026, 3, 16, 11, 45), wib(2026, 3, 16, 13, 45)) == H
    assert working_time_between(cal, wib(2026, 3, 16, 13, 45), wib(2026, 3, 16, 11, 45)) == dt.timedelta(0)
    assert working_time_between(cal, wib(2026, 3, 13, 16, 0), wib(2026, 3, 16, 8, 0)) == H


def test_any_zone_in_the_office_zone_out(cal):
    utc_start = dt.datetime(2026, 3, 16, 4, 45, tzinfo=dt.UTC)  # 11:45 WIB
    due = add_working_time(cal, utc_start, H)
    assert due == wib(2026, 3, 16, 13, 45)
    assert due.tzinfo == WIB
    with pytest.raises(ValueError):
        add_working_time(cal, dt.datetime(2026, 3, 16, 11, 45), H)


def test_ramadan_hours_as_an_override(holidays_2025_2027):
    ramadan = Override(dt.date(2026, 2, 19), dt.date(2026, 3, 19), RAMADAN_WEEKLY, "Ramadan 1447 H")
    cal = default_calendar(closed=holidays_2025_2027, overrides=(ramadan,))
    # Monday in Ramadan: 08:00–12:00, 12:30–15:00
    assert next_opening(cal, wib(2026, 3, 9, 7, 30)) == wib(2026, 3, 9, 8, 0)
    assert add_working_time(cal, wib(2026, 3, 9, 11, 30), H) == wib(2026, 3, 9, 13, 0)
    assert add_working_time(cal, wib(2026, 3, 9, 14, 30), H) == wib(2026, 3, 10, 8, 30)
    # Friday in Ramadan: 08:00–11:30, 12:30–15:30 (a 60-minute break)
    assert add_working_time(cal, wib(2026, 3, 13, 11, 0), H) == wib(2026, 3, 13, 13, 0)
    # a Ramadan week is 32.5 hours
    week = working_time_between(cal, wib(2026, 3, 2, 0, 0), wib(2026, 3, 9, 0, 0))
    assert week == dt.timedelta(hours=32.5)
    # after Ramadan the default hours come back
    assert next_opening(cal, wib(2026, 3, 25, 7, 0)) == wib(2026, 3, 25, 7, 30)


def test_a_single_day_override_beats_a_range(holidays_2025_2027):
    ramadan = Override(dt.date(2026, 2, 19), dt.date(2026, 3, 19), RAMADAN_WEEKLY)
    short_day = Override(dt.date(2026, 3, 10), dt.date(2026, 3, 10), {1: (Window(dt.time(9), dt.time(11)),)}, "Rapat")
    cal = default_calendar(closed=holidays_2025_2027, overrides=(short_day, ramadan))
    assert working_time_between(cal, wib(2026, 3, 10, 0, 0), wib(2026, 3, 11, 0, 0)) == dt.timedelta(hours=2)
    assert add_working_time(cal, wib(2026, 3, 10, 10, 30), H) == wib(2026, 3, 11, 8, 30)


def test_an_added_closed_day(holidays_2025_2027):
    closed = dict(holidays_2025_2027)
    closed[dt.date(2026, 3, 16)] = "Libur daerah"
    cal = default_calendar(closed=closed)
    assert add_working_time(cal, wib(2026, 3, 13, 16, 0), H) == wib(2026, 3, 17, 8, 0)
    assert closed_days_between(cal, wib(2026, 3, 13, 16, 0), wib(2026, 3, 17, 8, 0)) == [
        (dt.date(2026, 3, 16), "Libur daerah")
    ]


def test_around_the_clock():
    cal = default_calendar(around_the_clock=True)
    assert add_working_time(cal, wib(2026, 3, 14, 23, 30), H) == wib(2026, 3, 15, 0, 30)
    assert working_time_between(cal, wib(2026, 3, 14, 0, 0), wib(2026, 3, 15, 0, 0)) == dt.timedelta(days=1)
    assert is_working_time(cal, wib(2026, 3, 14, 3, 0))
    assert closed_days_between(cal, wib(2026, 3, 1, 0, 0), wib(2026, 4, 1, 0, 0)) == []


def test_other_office_zones(holidays_2025_2027):
    wita = ZoneInfo("Asia/Makassar")
    cal = default_calendar(tz=wita, closed=holidays_2025_2027)
    start = dt.datetime(2026, 3, 16, 11, 45, tzinfo=wita)
    assert add_working_time(cal, start, H) == dt.datetime(2026, 3, 16, 13, 45, tzinfo=wita)
    # 07:00 WIB is 08:00 WITA: already open in a WITA office
    assert next_opening(cal, wib(2026, 3, 16, 7, 0)) == dt.datetime(2026, 3, 16, 8, 0, tzinfo=wita)


def test_a_calendar_without_hours_fails_loudly():
    cal = default_calendar()
    empty = type(cal)(tz=WIB, weekly={})
    with pytest.raises(ValueError):
        add_working_time(empty, wib(2026, 3, 16, 9, 0), H)


def test_thirty_working_days_under_a_millisecond(holidays_2025_2027):
    cal = default_calendar(closed=holidays_2025_2027)
    runs = 200
    began = time.perf_counter()
    for i in range(runs):
        add_working_days(cal, wib(2026, 1, 5, 10, 0) + dt.timedelta(days=i), 30)
    assert (time.perf_counter() - began) / runs < 0.001
