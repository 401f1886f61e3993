"""Benchmark of the survey: a period with 100,000 responses; the time of its results (goal < 300 ms,
computed by database aggregates), of its PDF report and of its XLSX tabulation. Runs on a temporary
SQLite database, removed at the end unless `--keep` is given:

    .venv/bin/python bench/skm.py [--keep]

Each line gives the wall-clock time and the CPU time of this process: on a shared machine the wall
clock also counts the time other processes held the CPU, the CPU time does not.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import fill_survey, setup

TMP = setup("skm")
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from warta.standards.models import Service  # noqa: E402
from warta.survey.reports import render_report_pdf, render_tabulation_xlsx  # noqa: E402
from warta.survey.services import get_period, period_results  # noqa: E402

ROWS = 100_000
YEAR = 2026


def fill(service: Service) -> None:
    began = time.perf_counter()
    fill_survey(service, ROWS, YEAR)
    print(f"bulk_create of {ROWS:,} responses: {time.perf_counter() - began:.1f} s")


def timed(label: str, func, runs: int = 5, goal: str = ""):
    samples, cpu = [], []
    result = None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = func()
        samples.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    extra = f"; goal {goal}" if goal else ""
    print(
        f"{label}: {statistics.median(samples) * 1e3:.0f} ms median / {max(samples) * 1e3:.0f} ms max of {runs}"
        f" (CPU {statistics.median(cpu) * 1e3:.0f} ms median){extra}"
    )
    return result


def main() -> None:
    call_command("migrate", verbosity=0)
    service = Service.objects.create(
        slug="publikasi-konten-media-sosial", title="Standar Publikasi Konten Media Sosial"
    )
    fill(service)
    period = get_period(service, str(YEAR))

    def results():
        data = period_results(period)
        return data, data.profile

    timed(
        "results index, as the API gives it (one query: COUNT + nine SUMs)",
        lambda: period_results(period).index,
        goal="< 300 ms",
    )
    timed("respondent profile (one query of filtered COUNTs)", lambda: period_results(period).profile)
    data, _profile = timed("results page with the profile (index + profile + population)", results)
    from django.conf import settings

    settings.DEBUG = True
    reset_queries()
    period_results(period).profile  # noqa: B018 - count the queries it makes
    queries = len(connection.queries)
    settings.DEBUG = False
    print(
        f"  {data.respondents:,} respondents, IKM {data.index.ikm_rounded}, converted {data.index.converted} "
        f"({data.index.grade}, {data.index.grade_label}); {queries} queries"
    )
    pdf = timed(
        "PDF report (WeasyPrint, tabulation appendix of the first 200 rows)", lambda: render_report_pdf(period), runs=2
    )
    print(f"  {len(pdf) / 1024:.0f} KiB")
    xlsx = timed("XLSX tabulation (100,000 rows)", lambda: render_tabulation_xlsx(period), runs=1)
    print(f"  {len(xlsx) / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
    if "--keep" in sys.argv:
        print(f"database kept in {TMP}")
    else:
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)
