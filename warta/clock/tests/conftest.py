from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from warta.clock.calendar import WorkCalendar, default_calendar
from warta.clock.services import national_closed_days

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)  # type: ignore[misc]


@pytest.fixture(scope="session")
def holidays_2025_2027() -> dict[dt.date, str]:
    return national_closed_days(range(2025, 2028))


@pytest.fixture(scope="session")
def cal(holidays_2025_2027) -> WorkCalendar:
    """The default office calendar (Perpres 21/2023 hours, no override) with Indonesia's closed days."""
    return default_calendar(closed=holidays_2025_2027)
