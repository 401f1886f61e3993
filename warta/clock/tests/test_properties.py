"""Properties of the working-time arithmetic, checked with hypothesis over 2026 and 2027."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from warta.clock.calendar import (
    RAMADAN_WEEKLY,
    Override,
    add_working_days,
    add_working_time,
    default_calendar,
    working_time_between,
)
from warta.clock.services import national_closed_days
from warta.clock.tests.conftest import WIB

CLOSED = national_closed_days(range(2025, 2029))
CALENDARS = [
    default_calendar(closed=CLOSED),
    default_calendar(
        closed=CLOSED, overrides=(Override(dt.date(2026, 2, 19), dt.date(2026, 3, 19), RAMADAN_WEEKLY, "Ramadan"),)
    ),
]

# Instants between 2026 and the end of 2027, to the minute, in the office zone.
instants = st.integers(min_value=0, max_value=2 * 365 * 24 * 60).map(
    lambda minutes: dt.datetime(2026, 1, 1, tzinfo=WIB) + dt.timedelta(minutes=minutes)
)
durations = st.integers(min_value=1, max_value=40 * 60).map(lambda minutes: dt.timedelta(minutes=minutes))
calendars = st.sampled_from(CALENDARS)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, st.integers(min_value=0, max_value=10 * 24 * 60), durations)
def test_a_later_start_never_gives_an_earlier_deadline(cal, start, later_by, duration):
    later = start + dt.timedelta(minutes=later_by)
    assert add_working_time(cal, later, duration) >= add_working_time(cal, start, duration)


@settings(max_examples=200, deadline=None)
@given(calendars, instants, st.integers(min_value=0, max_value=10 * 24 * 60), st.integers(1, 30))
def test_a_later_start_never_gives_an_earlier_day_deadline(cal, start, later_by, days):
    later = start + dt.timedelta(minutes=later_by)
    assert add_working_days(cal, later, days) >= add_working_days(cal, start, days)


def _inside_or_closing_a_window(cal, moment: dt.datetime) -> bool:
    """True when the moment is within a window or exactly its close (never strictly in closed time)."""
    return any(s < moment <= e for s, e in cal.spans(cal.local_date(moment)))


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations)
def test_a_deadline_never_falls_strictly_inside_closed_time(cal, start, duration):
    due = add_working_time(cal, start, duration)
    assert _inside_or_closing_a_window(cal, due)
    assert cal.local_date(due) not in cal.closed


@settings(max_examples=200, deadline=None)
@given(calendars, instants, st.integers(0, 30))
def test_a_day_deadline_is_the_close_of_a_working_day(cal, start, days):
    due = add_working_days(cal, start, days)
    spans = cal.spans(cal.local_date(due))
    assert spans and due == spans[-1][1]


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations, durations)
def test_adding_a_then_b_equals_adding_a_plus_b(cal, start, a, b):
    assert add_working_time(cal, add_working_time(cal, start, a), b) == add_working_time(cal, start, a + b)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations)
def test_the_working_time_to_the_deadline_is_the_duration(cal, start, duration):
    assert working_time_between(cal, start, add_working_time(cal, start, duration)) == duration


@settings(max_examples=200, deadline=None)
@given(calendars, instants, instants, instants)
def test_working_time_adds_up_over_a_middle_point(cal, a, b, c):
    a, b, c = sorted((a, b, c))
    assert working_time_between(cal, a, c) == working_time_between(cal, a, b) + working_time_between(cal, b, c)
