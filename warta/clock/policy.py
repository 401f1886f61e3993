"""Service-level policies: an amount and a unit, turned into a deadline on a calendar (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from warta.clock.calendar import UTC, WorkCalendar, add_working_days, add_working_time


class Unit(StrEnum):
    working_minutes = "working_minutes"
    working_hours = "working_hours"
    working_days = "working_days"
    clock_seconds = "clock_seconds"
    clock_minutes = "clock_minutes"
    clock_hours = "clock_hours"

    @property
    def label(self) -> str:
        return str(UNIT_LABELS[self])

    @property
    def is_clock(self) -> bool:
        return self.value.startswith("clock_")


UNIT_LABELS = {
    Unit.working_minutes: _("menit kerja"),
    Unit.working_hours: _("jam kerja"),
    Unit.working_days: _("hari kerja"),
    Unit.clock_seconds: _("detik (24 jam)"),
    Unit.clock_minutes: _("menit (24 jam)"),
    Unit.clock_hours: _("jam (24 jam)"),
}
UNIT_CHOICES = [(unit.value, label) for unit, label in UNIT_LABELS.items()]

_SECONDS = {
    Unit.working_minutes: 60,
    Unit.working_hours: 3600,
    Unit.clock_seconds: 1,
    Unit.clock_minutes: 60,
    Unit.clock_hours: 3600,
}


@dataclass(frozen=True)
class Policy:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a policy's amount must not be negative")
        object.__setattr__(self, "unit", Unit(self.unit))

    @property
    def is_clock(self) -> bool:
        return self.unit.is_clock

    def duration(self) -> dt.timedelta | None:
        """The policy as a length of (working or clock) time; None for working days."""
        seconds = _SECONDS.get(self.unit)
        return None if seconds is None else dt.timedelta(seconds=self.amount * seconds)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.label}"


def deadline(cal: WorkCalendar, policy: Policy, start: dt.datetime) -> dt.datetime:
    """The deadline of `policy` for an item received at `start` (clock units ignore the calendar)."""
    if policy.unit is Unit.working_days:
        return add_working_days(cal, start, policy.amount)
    duration = policy.duration()
    assert duration is not None
    if policy.is_clock:
        return (start.astimezone(UTC) + duration).astimezone(cal.tz)
    return add_working_time(cal, start, duration)
