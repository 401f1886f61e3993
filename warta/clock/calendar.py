"""Working-time arithmetic on plain datetimes: the office calendar and its pure functions.

Nothing here touches the database. A `WorkCalendar` holds the weekly hours (several windows a
day), date-range overrides with their own hours, the closed days (national holidays, cuti bersama,
days an admin added) and the office's time zone. Every function takes and returns aware datetimes
in any zone; the arithmetic runs in the calendar's zone, durations are measured in UTC.

Rules (domain brief, section 3):
- N hours of working time after a start; a start outside working time begins at the next opening.
- A deadline that falls exactly on the close of a window is that close (12:00, not 13:00).
- N working days: the close of work on the Nth working day after the calendar day of receipt
  (that day is day zero, even on a Saturday or after hours).

The functions walk the calendar day by day over its windows (never minute by minute), so a
30-working-day deadline takes well under a millisecond.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

UTC = dt.UTC
ZERO = dt.timedelta(0)
# How far the walk goes looking for working time before it gives up (a calendar with no hours).
MAX_DAYS = 3700


@dataclass(frozen=True)
class Window:
    """A stretch of working time within one day, start inclusive, end exclusive."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"a window must end after it starts: {self.start}–{self.end}")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


Weekly = Mapping[int, tuple[Window, ...]]


def _w(start: str, end: str) -> Window:
    return Window(dt.time.fromisoformat(start), dt.time.fromisoformat(end))


# Perpres 21/2023: 37.5 hours a week, from 07:30, breaks excluded (0 = Monday).
DEFAULT_WEEKLY: dict[int, tuple[Window, ...]] = {
    0: (_w("07:30", "12:00"), _w("13:00", "16:00")),
    1: (_w("07:30", "12:00"), _w("13:00", "16:00")),
    2: (_w("07:30", "12:00"), _w("13:00", "16:00")),
    3: (_w("07:30", "12:00"), _w("13:00", "16:00")),
    4: (_w("07:30", "11:30"), _w("13:00", "16:30")),
    5: (),
    6: (),
}
# Ramadan (Perpres 21/2023): from 08:00, 32.5 hours a week, breaks of 30 minutes (60 on Friday).
RAMADAN_WEEKLY: dict[int, tuple[Window, ...]] = {
    0: (_w("08:00", "12:00"), _w("12:30", "15:00")),
    1: (_w("08:00", "12:00"), _w("12:30", "15:00")),
    2: (_w("08:00", "12:00"), _w("12:30", "15:00")),
    3: (_w("08:00", "12:00"), _w("12:30", "15:00")),
    4: (_w("08:00", "11:30"), _w("12:30", "15:30")),
    5: (),
    6: (),
}


@dataclass(frozen=True)
class Override:
    """Other hours for the days first..last (inclusive); a single day has first == last.

    `weekly` gives the windows per weekday within the range; a weekday it does not list has no
    working time. Where several overrides cover a day, the shortest range wins (a single-day
    override beats a Ramadan range), and among equals the later one.
    """

    first: dt.date
    last: dt.date
    weekly: Weekly
    name: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    tz: ZoneInfo
    weekly: Weekly
    overrides: tuple[Override, ...] = ()
    closed: frozenset[dt.date] = frozenset()
    closed_names: Mapping[dt.date, str] = field(default_factory=dict)
    around_the_clock: bool = False
    # Per-day windows as UTC instants, filled lazily (the calendar itself never changes).
    _days: dict[dt.date, tuple[tuple[dt.datetime, dt.datetime], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def local_date(self, at: dt.datetime) -> dt.date:
        return _aware(at).astimezone(self.tz).date()

    def windows_for(self, day: dt.date) -> tuple[Window, ...]:
        """The windows of a day as configured (closed days have none)."""
        if self.around_the_clock:
            return (Window(dt.time(0), dt.time.max),)
        if day in self.closed:
            return ()
        chosen: Override | None = None
        for override in self.overrides:
            if override.covers(day) and (
                chosen is None or (override.last - override.first) <= (chosen.last - chosen.first)
            ):
                chosen = override
        weekly = chosen.weekly if chosen is not None else self.weekly
        return tuple(weekly.get(day.weekday(), ()))

    def spans(self, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The day's working time as (start, end) UTC instants, in order."""
        cached = self._days.get(day)
        if cached is None:
            if self.around_the_clock:
                start = dt.datetime.combine(day, dt.time(0), self.tz)
                end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), self.tz)
                cached = ((start.astimezone(UTC), end.astimezone(UTC)),)
            else:
                cached = tuple(
                    (
                        dt.datetime.combine(day, w.start, self.tz).astimezone(UTC),
                        dt.datetime.combine(day, w.end, self.tz).astimezone(UTC),
                    )
                    for w in sorted(self.windows_for(day), key=lambda w: w.start)
                )
            self._days[day] = cached
        return cached

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.spans(day))

    def closed_name(self, day: dt.date) -> str:
        return self.closed_names.get(day, "")


def default_calendar(
    tz: ZoneInfo | None = None,
    closed: frozenset[dt.date] | set[dt.date] | Mapping[dt.date, str] = frozenset(),
    overrides: tuple[Override, ...] = (),
    around_the_clock: bool = False,
) -> WorkCalendar:
    """The Perpres 21/2023 hours in `tz` (WIB by default); `closed` may map days to their names."""
    names: dict[dt.date, str] = dict(closed) if isinstance(closed, Mapping) else {}
    return WorkCalendar(
        tz=tz or ZoneInfo("Asia/Jakarta"),
        weekly=DEFAULT_WEEKLY,
        overrides=overrides,
        closed=frozenset(closed),
        closed_names=names,
        around_the_clock=around_the_clock,
    )


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the clock works on aware datetimes only")
    return at


def _days_from(cal: WorkCalendar, at: dt.datetime) -> Iterator[dt.date]:
    day = cal.local_date(at)
    for _ in range(MAX_DAYS):
        yield day
        day += dt.timedelta(days=1)
    raise ValueError("the calendar has no working time in the next ten years")


def add_working_time(cal: WorkCalendar, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """The instant `delta` of working time after `start` (a close is kept: 12:00, not 13:00)."""
    if delta < ZERO:
        raise ValueError("delta must not be negative")
    if delta == ZERO:
        return _aware(start).astimezone(cal.tz)
    cur = _aware(start).astimezone(UTC)
    if cal.around_the_clock:
        return (cur + delta).astimezone(cal.tz)
    remaining = delta
    for day in _days_from(cal, cur):
        for s, e in cal.spans(day):
            if e <= cur:
                continue
            begin = s if s > cur else cur
            available = e - begin
            if remaining <= available:
                return (begin + remaining).astimezone(cal.tz)
            remaining -= available
    raise AssertionError("unreachable")  # pragma: no cover


def add_working_days(cal: WorkCalendar, start: dt.datetime, days: int) -> dt.datetime:
    """The close of work on the `days`-th working day after the calendar day of `start`.

    The day of receipt is day zero whatever the hour, and even when it is not a working day.
    With `days` = 0: the close of the day of receipt, or of the next working day after it when
    that day has already closed (or never opened).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    start = _aware(start)
    if cal.around_the_clock:
        return (start.astimezone(UTC) + dt.timedelta(days=days)).astimezone(cal.tz)
    now = start.astimezone(UTC)
    day = cal.local_date(start)
    if days == 0:
        for day in _days_from(cal, start):
            spans = cal.spans(day)
            if spans and spans[-1][1] > now:
                return spans[-1][1].astimezone(cal.tz)
    counted = 0
    for _ in range(MAX_DAYS):
        day += dt.timedelta(days=1)
        spans = cal.spans(day)
        if spans:
            counted += 1
            if counted == days:
                return spans[-1][1].astimezone(cal.tz)
    raise ValueError("the calendar has no working time in the next ten years")


def working_time_between(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """The working time from `a` to `b` (zero when b <= a)."""
    lo = _aware(a).astimezone(UTC)
    hi = _aware(b).astimezone(UTC)
    if hi <= lo:
        return ZERO
    if cal.around_the_clock:
        return hi - lo
    total = ZERO
    last_day = cal.local_date(hi)
    for day in _days_from(cal, lo):
        if day > last_day:
            break
        for s, e in cal.spans(day):
            begin = s if s > lo else lo
            end = e if e < hi else hi
            if end > begin:
                total += end - begin
    return total


def next_opening(cal: WorkCalendar, at: dt.datetime) -> dt.datetime:
    """`at` itself during working time, else the start of the next window."""
    cur = _aware(at).astimezone(UTC)
    if cal.around_the_clock:
        return cur.astimezone(cal.tz)
    for day in _days_from(cal, cur):
        for s, e in cal.spans(day):
            if s <= cur < e:
                return cur.astimezone(cal.tz)
            if s > cur:
                return s.astimezone(cal.tz)
    raise AssertionError("unreachable")  # pragma: no cover


def is_working_time(cal: WorkCalendar, at: dt.datetime) -> bool:
    cur = _aware(at).astimezone(UTC)
    return cal.around_the_clock or any(s <= cur < e for s, e in cal.spans(cal.local_date(cur)))


def closed_days_between(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> list[tuple[dt.date, str]]:
    """The closed days (holidays, cuti bersama, days an admin closed) from a's day to b's day."""
    if cal.around_the_clock or b < a:
        return []
    first, last = cal.local_date(a), cal.local_date(b)
    return [(day, cal.closed_name(day)) for day in sorted(cal.closed) if first <= day <= last]
