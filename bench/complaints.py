"""Benchmark of the complaints: the officer's list and the public figures over 50,000 complaints,
each under 150 ms (median). Runs on a temporary SQLite database unless DATABASE_URL is set:

    .venv/bin/python bench/complaints.py [--rows 50000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup

os.environ.setdefault("WARTA_TASKS_BACKEND", "immediate")
os.environ.setdefault("WARTA_EMAIL", "console")
TMP = setup("complaints", keep_database_url=True)

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from warta.accounts import roles  # noqa: E402
from warta.accounts.models import User  # noqa: E402
from warta.clock.models import SlaOutcome  # noqa: E402
from warta.complaints.models import Category, Channel, Complaint, Kind, Status, Tier, YearSequence  # noqa: E402

GOAL_MS = 150.0


def fill(rows: int, year: int, officer: User, team: User) -> None:
    rng = random.Random(76_2013)
    categories = list(Category.objects.all())
    start = dt.datetime(year, 1, 2, 1, 0, tzinfo=dt.UTC)
    statuses = [s for s, _ in Status.choices]
    batch = []
    for i in range(rows):
        received = start + dt.timedelta(minutes=(i * 9) % (60 * 24 * 330))
        status = rng.choices(statuses, weights=(3, 2, 5, 1, 1, 4, 30, 2))[0]
        answered = received + dt.timedelta(hours=rng.randint(1, 60)) if status in ("answered", "closed") else None
        due = received + dt.timedelta(hours=rng.choice((3, 5, 24, 720)))
        closed = answered is not None or status == "forwarded"
        batch.append(
            Complaint(
                number=f"ADU-{year}-{i + 1:05d}",
                year=year,
                sequence=i + 1,
                kind=rng.choices(Kind.values, weights=(8, 3, 1))[0],
                channel=rng.choice(Channel.values),
                received_at=received,
                status=status,
                tier=rng.choice(Tier.values),
                tier_provisional=status == "received",
                category=rng.choice(categories),
                title=f"Pengaduan {i}",
                body="Isi pengaduan.",
                assignee=team if status not in ("received", "classified") else None,
                answer="Jawaban." if answered else "",
                answered_at=answered,
                answer_minutes=int((answered - received).total_seconds() // 60) if answered else None,
                sla_started_at=received,
                sla_allowed_seconds=3 * 3600,
                due_at=due,
                half_at=received + (due - received) / 2,
                at_risk_at=received + (due - received) * 0.8,
                sla_closed_at=answered or (received + dt.timedelta(hours=2) if closed else None),
                sla_outcome=(SlaOutcome.MET if answered and answered <= due else SlaOutcome.MISSED) if closed else "",
            )
        )
    with transaction.atomic():
        for chunk in range(0, len(batch), 5000):
            Complaint.objects.bulk_create(batch[chunk : chunk + 5000])
        YearSequence.objects.update_or_create(year=year, defaults={"last": rows})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(name: str, call, repeat: int) -> float:
    for _ in range(3):
        assert call().status_code == 200, name
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, name
    with CaptureQueriesContext(connection) as ctx:
        call()
    for query in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:2]:
        print(f"    {float(query['time']) * 1000:.1f} ms  {query['sql'][:160]}")
    median = statistics.median(times)
    verdict = "ok" if median < GOAL_MS else "SLOW"
    print(f"{name}: {median:.1f} ms median, {max(times):.1f} ms max, {len(ctx.captured_queries)} queries [{verdict}]")
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    year = timezone.now().year
    officer = User.objects.create_user("pengelola", password="x")
    officer.groups.add(Group.objects.get_or_create(name=roles.PENGELOLA_PENGADUAN)[0])
    team = User.objects.create_user("tim", password="x")
    team.groups.add(Group.objects.get_or_create(name=roles.TIM_PENGADUAN)[0])
    began = time.perf_counter()
    fill(args.rows, year, officer, team)
    print(f"{args.rows:,} complaints written in {time.perf_counter() - began:.1f} s ({connection.vendor})")
    staff = Client()
    staff.force_login(officer)
    member = Client()
    member.force_login(team)
    public = Client()
    results = [
        measure("officer's list (open)", lambda: staff.get("/aduan/"), args.repeat),
        measure("officer's list (all, page 40)", lambda: staff.get("/aduan/?status=all&page=40"), args.repeat),
        measure("team member's list", lambda: member.get("/aduan/"), args.repeat),
        measure(f"public figures {year}", lambda: public.get(f"/pengaduan/angka/{year}/"), args.repeat),
    ]
    return 0 if all(m < GOAL_MS for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
