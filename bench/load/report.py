"""Reads Locust's CSV and the database after `make load`: errors, p95 per page and overall, and
whether any request was lost or duplicated (numbers without gaps, one per accepted submission)."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings")

import django

django.setup()

from warta.desk.models import PublicationRequest  # noqa: E402

GOAL_P95_MS = 300


def main(work: Path) -> int:
    stats = list(csv.DictReader((work / "locust_stats.csv").open()))
    failures = list(csv.DictReader((work / "locust_failures.csv").open()))
    data = json.loads((work / "data.json").read_text())
    results = json.loads((work / "results.json").read_text()) if (work / "results.json").exists() else {}
    print(f"{'page':52} {'requests':>9} {'failed':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    total = None
    for row in stats:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(
            f"{row['Type'] + ' ' + row['Name']:52} {row['Request Count']:>9} {row['Failure Count']:>7}"
            f" {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    assert total is not None
    print(
        f"{'all':52} {total['Request Count']:>9} {total['Failure Count']:>7}"
        f" {total['50%']:>7} {total['95%']:>7} {total['99%']:>7}  ({float(total['Requests/s']):.1f} req/s)"
    )
    for row in failures:
        print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")

    before = set(data["numbers_before"])
    made = list(
        PublicationRequest.objects.exclude(number__in=before)
        .order_by("year", "sequence")
        .values_list("year", "sequence")
    )
    submitted = results.get("submitted", [])
    by_year: dict[int, list[int]] = {}
    for year, seq in PublicationRequest.objects.order_by("year", "sequence").values_list("year", "sequence"):
        by_year.setdefault(year, []).append(seq)
    gaps = sum((seqs[-1] - seqs[0] + 1) - len(seqs) for seqs in by_year.values() if seqs)
    duplicates = len(submitted) - len(set(submitted))
    print(
        f"requests made during the run: {len(made)}; receipts seen by the people: {len(submitted)} "
        f"({len(set(submitted))} distinct); gaps in the numbers: {gaps}; races answered 403/409: "
        f"{results.get('conflicts', 0)}"
    )
    ok = (
        int(total["Failure Count"]) == 0
        and float(total["95%"]) < GOAL_P95_MS
        and gaps == 0
        and duplicates == 0
        and len(made) == len(set(submitted))
    )
    print("goal (no error, p95 under 300 ms, nothing lost or duplicated):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
