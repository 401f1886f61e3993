"""Executors and the hour: how many staff on duty the measured load needs to meet the standard's time.

Measured (database aggregation, never a loop over requests):
- arrivals: requests received in the last 12 weeks (drafts excluded), counted by the office-time hour
  they arrived in (`TruncHour` in the office zone, grouped in SQL: at most 12·7·24 buckets). Each
  bucket is weighed against the calendar's working minutes in that hour, so the rate is per working
  hour; arrivals outside working time count in the overall rate (they wait for the next opening).
- handling time: the mean working minutes a published request spent with staff, i.e. in the
  `assigned` status (from the disposition to a staff member until the staff member schedules or
  publishes it, every stretch summed: before and after a reassignment, and again after the applicant
  sent back what was missing). These are the minutes the desk stores on each event
  (`Event.working_minutes` of the events leaving `assigned`, already in the office calendar's working
  time: closings and the lunch break are not counted, the time paused for the applicant is kept
  apart in `paused_minutes`). One aggregate: SUM(working minutes) / COUNT(DISTINCT request) over the
  requests published in the window. The time `scheduled` (waiting for a chosen posting time) is
  left out: nobody is working on the request then, and the queue model's server is the staff member.

Model (warta.evaluation.erlang): an M/M/k queue, Erlang C, over working hours:
- arrivals are Poisson at the measured rate λ (per working minute), handling times exponential with
  the measured mean 1/μ, k interchangeable staff on duty, first come first served, nobody gives up;
- P(response ≤ T) combines the wait and the handling (see erlang.response_within), with T the
  standard's completion time. The steps before the disposition to staff (pimpinan's and the kabid's)
  share the same hour; the "time for the executor" field lets the kabid subtract their share.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from warta.clock.calendar import WorkCalendar
from warta.clock.services import get_calendar
from warta.evaluation import erlang

WEEKS = 12
DEFAULT_HANDLING_MINUTES = 30.0  # used (and shown as an estimate) before anything was measured
DEFAULT_TARGET_SHARE = 0.95
MAX_STAFF = 10
MIN_EXPOSURE_HOURS = 4.0  # an hour of the day counts as "busiest" only with this much working time


@dataclass
class HourRow:
    hour: int
    arrivals: int
    working_hours: float

    @property
    def rate(self) -> float | None:
        return self.arrivals / self.working_hours if self.working_hours else None


@dataclass
class Measured:
    start: dt.datetime
    end: dt.datetime
    arrivals: int = 0
    arrivals_outside: int = 0
    working_hours: float = 0.0
    hours: list[HourRow] = field(default_factory=list)
    handling_minutes: float | None = None
    handled: int = 0

    @property
    def rate_per_hour(self) -> float:
        return self.arrivals / self.working_hours if self.working_hours else 0.0

    @property
    def busiest(self) -> HourRow | None:
        rows = [r for r in self.hours if r.working_hours >= MIN_EXPOSURE_HOURS and r.arrivals]
        return max(rows, key=lambda r: (r.rate or 0.0, -r.hour), default=None)


def _working_minutes_by_hour(
    cal: WorkCalendar, start: dt.datetime, end: dt.datetime
) -> dict[tuple[dt.date, int], float]:
    """Working minutes of each (office date, hour) between start and end, from the calendar."""
    minutes: dict[tuple[dt.date, int], float] = {}
    day = cal.local_date(start)
    last = cal.local_date(end)
    while day <= last:
        for span_start, span_end in cal.spans(day):
            a, b = max(span_start, start), min(span_end, end)
            while a < b:
                local = a.astimezone(cal.tz)
                next_hour = (local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)).astimezone(
                    dt.UTC
                )
                piece_end = min(b, next_hour)
                key = (local.date(), local.hour)
                minutes[key] = minutes.get(key, 0.0) + (piece_end - a).total_seconds() / 60
                a = piece_end
        day += dt.timedelta(days=1)
    return minutes


def measure(now: dt.datetime | None = None, weeks: int = WEEKS) -> Measured:
    from warta.desk.models import Event, PublicationRequest, Status

    end = now or timezone.now()
    start = end - dt.timedelta(weeks=weeks)
    cal = get_calendar()
    zone = cal.tz
    result = Measured(start=start, end=end)

    buckets = (
        PublicationRequest.objects.exclude(status=Status.DRAFT)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(slot=TruncHour("received_at", tzinfo=zone))
        .values("slot")
        .annotate(n=Count("pk"))
        .order_by()
    )
    working = _working_minutes_by_hour(cal, start, end)
    by_hour = {h: HourRow(h, 0, 0.0) for h in range(24)}
    for (_day, hour), minutes in working.items():
        by_hour[hour].working_hours += minutes / 60
    for bucket in buckets:
        slot = bucket["slot"].astimezone(zone)
        result.arrivals += bucket["n"]
        if working.get((slot.date(), slot.hour)):
            by_hour[slot.hour].arrivals += bucket["n"]
        else:
            result.arrivals_outside += bucket["n"]
    result.working_hours = sum(working.values()) / 60
    result.hours = [row for row in by_hour.values() if row.working_hours or row.arrivals]

    # The handling time: the working minutes spent in `assigned`, summed per request and averaged.
    handled = Event.objects.filter(
        from_status=Status.ASSIGNED, request__published_at__gte=start, request__published_at__lt=end
    ).aggregate(total=Sum("working_minutes"), n=Count("request", distinct=True))
    if handled["n"]:
        result.handling_minutes = (handled["total"] or 0) / handled["n"]
        result.handled = handled["n"]
    return result


def minutes_of(value: Any, cal: WorkCalendar | None = None) -> float | None:
    """The standard's completion time in working minutes ({"amount": 1, "unit": "hours"} → 60); a
    day is the calendar's mean working day (7.5 h by default)."""
    if not isinstance(value, dict) or not value.get("amount"):
        return None
    amount = float(value["amount"])
    if value.get("unit") == "hours":
        return amount * 60
    cal = cal or get_calendar()
    days = [
        sum((w.end.hour * 60 + w.end.minute) - (w.start.hour * 60 + w.start.minute) for w in ws)
        for ws in cal.weekly.values()
        if ws
    ]
    per_day = sum(days) / len(days) if days else 450.0
    return amount * per_day


@dataclass
class Row:
    staff: int
    utilisation: float
    wait_chance: float
    mean_wait: float | None
    within: float
    within_busiest: float | None
    stable: bool
    stated: bool = False
    enough: bool = False


def table(
    *,
    rate_per_hour: float,
    handling_minutes: float,
    target_minutes: float,
    busiest_rate_per_hour: float | None = None,
    stated: int | None = None,
    target_share: float = DEFAULT_TARGET_SHARE,
    max_staff: int = MAX_STAFF,
) -> list[Row]:
    """P(response ≤ T) for k = 1 … K staff on duty."""
    lam = rate_per_hour / 60
    mu = 1 / handling_minutes
    load = lam / mu
    top = max(4, (stated or 0) + 2, math.ceil(load) + 3)
    rows = []
    for k in range(1, min(top, max_staff) + 1):
        stable = load < k
        busy = None
        if busiest_rate_per_hour is not None:
            busy = erlang.response_within(k, busiest_rate_per_hour / 60, mu, target_minutes)
        wait = erlang.mean_wait(k, lam, mu)
        rows.append(
            Row(
                staff=k,
                utilisation=load / k,
                wait_chance=erlang.erlang_c(k, load),
                mean_wait=wait,
                within=erlang.response_within(k, lam, mu, target_minutes),
                within_busiest=busy,
                stable=stable,
                stated=stated == k,
            )
        )
    enough = next((r for r in rows if r.within >= target_share), None)
    if enough is not None:
        enough.enough = True
    return rows


# --- the chart (server-rendered SVG; the table beside it is the accessible version) ---------------

CHART_W, CHART_H = 640, 260
PAD_L, PAD_R, PAD_T, PAD_B = 44, 12, 14, 40


def chart(rows: list[Row], target_share: float) -> dict[str, Any]:
    """Geometry of a bar chart of P(response ≤ T) per staff count, for the template to draw."""
    plot_w = CHART_W - PAD_L - PAD_R
    plot_h = CHART_H - PAD_T - PAD_B
    n = max(len(rows), 1)
    slot = plot_w / n
    two = any(r.within_busiest is not None for r in rows)
    bar_w = slot * (0.36 if two else 0.6)

    def y(p: float) -> float:
        return round(PAD_T + plot_h * (1 - p), 1)

    bars = []
    for i, r in enumerate(rows):
        x0 = PAD_L + i * slot + (slot - bar_w * (2 if two else 1)) / 2
        item = {
            "staff": r.staff,
            "x": round(x0, 1),
            "y": y(r.within),
            "h": round(plot_h * r.within, 1),
            "w": round(bar_w, 1),
            "ok": r.within >= target_share,
            "label_x": round(PAD_L + i * slot + slot / 2, 1),
            "stated": r.stated,
            "within": r.within,
            "box_x": round(PAD_L + i * slot + 2, 1),
            "box_w": round(slot - 4, 1),
        }
        if two and r.within_busiest is not None:
            item.update(
                {
                    "bx": round(x0 + bar_w, 1),
                    "by": y(r.within_busiest),
                    "bh": round(plot_h * r.within_busiest, 1),
                    "bok": r.within_busiest >= target_share,
                }
            )
        bars.append(item)
    ticks = [{"p": p, "y": y(p), "label": f"{int(p * 100)}%"} for p in (0, 0.25, 0.5, 0.75, 1.0)]
    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": PAD_L,
        "right": CHART_W - PAD_R,
        "top": PAD_T,
        "bottom": CHART_H - PAD_B,
        "label_y": CHART_H - PAD_B + 16,
        "bars": bars,
        "ticks": ticks,
        "target_y": y(target_share),
        "two": two,
        "box_top": PAD_T,
        "box_h": plot_h,
    }
