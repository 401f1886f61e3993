"""Benchmark of the clock: a 30-working-day deadline (goal < 1 ms) and the count of 100,000 items
per `sla` state by the database (goal < 1 s). Runs on a temporary SQLite database:

    .venv/bin/python bench/clock.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup

TMP = setup("clock")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from warta.clock.calendar import add_working_days, default_calendar  # noqa: E402
from warta.clock.models import ClockProbe, SlaOutcome  # noqa: E402
from warta.clock.services import get_calendar, national_closed_days, sla_state_counts  # noqa: E402

ROWS = 100_000


def bench_deadline() -> None:
    closed = national_closed_days(range(2025, 2029))
    starts = [dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(hours=7 * i) for i in range(2000)]
    # a cold calendar each time: the per-day windows are computed afresh
    began = time.perf_counter()
    for start in starts:
        add_working_days(default_calendar(closed=closed), start, 30)
    cold = (time.perf_counter() - began) / len(starts)
    cal = default_calendar(closed=closed)
    for start in starts:
        add_working_days(cal, start, 30)
    samples = []
    for start in starts:
        began = time.perf_counter()
        add_working_days(cal, start, 30)
        samples.append(time.perf_counter() - began)
    print(
        f"30-working-day deadline: {cold * 1e3:.3f} ms (cold calendar), "
        f"{statistics.median(samples) * 1e3:.3f} ms median / {max(samples) * 1e3:.3f} ms max (warm); goal < 1 ms"
    )


def bench_counts() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    cal = get_calendar()
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(ROWS):
        start = now - dt.timedelta(minutes=(i * 7) % (60 * 24 * 10))
        probe = ClockProbe(title=f"Bench {i}")
        probe.sla_started_at = start
        probe.sla_allowed_seconds = 3600
        probe.due_at = start + dt.timedelta(hours=1 + (i % 48))
        probe.half_at = start + dt.timedelta(minutes=30)
        probe.at_risk_at = start + dt.timedelta(minutes=48)
        kind = i % 10
        if kind == 7:
            probe.paused_at = start + dt.timedelta(minutes=10)
        elif kind in (8, 9):
            probe.sla_closed_at = start + dt.timedelta(minutes=40)
            probe.sla_outcome = [SlaOutcome.MET, SlaOutcome.MISSED][kind - 8] if i % 3 else SlaOutcome.VOID
        rows.append(probe)
    began = time.perf_counter()
    ClockProbe.objects.bulk_create(rows, batch_size=2000)
    print(f"bulk_create of {ROWS:,} items: {time.perf_counter() - began:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings = []
    counts: dict[str, int] = {}
    for _ in range(5):
        began = time.perf_counter()
        counts = sla_state_counts(ClockProbe.objects.all(), now=now)
        timings.append(time.perf_counter() - began)
    print(
        f"count per sla state over {ROWS:,} items (one query): {min(timings) * 1e3:.0f} ms best, "
        f"{statistics.median(timings) * 1e3:.0f} ms median; goal < 1 s"
    )
    print("  " + ", ".join(f"{state}={n:,}" for state, n in counts.items()))
    assert sum(counts.values()) == ROWS, counts
    open_rows = ClockProbe.objects.filter(sla_closed_at__isnull=True)
    began = time.perf_counter()
    page = [p.sla(now) for p in open_rows.order_by("due_at")[:50]]
    print(
        f"used/left minutes for one page of 50 items: {(time.perf_counter() - began) * 1e3:.1f} ms "
        f"(calendar in {cal.tz})"
    )
    assert len(page) == 50


if __name__ == "__main__":
    bench_deadline()
    bench_counts()
