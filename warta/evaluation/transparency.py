"""The public transparency figures of a year or a month: requests received and published, the share
published within the standard's time, complaints by tier answered on time, and the SKM index — what
an Ombudsman assessment asks for. Counts only, by the database; nothing about a person or a request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone

from warta.clock.models import SlaOutcome
from warta.complaints.models import Tier
from warta.core.office import office_zone
from warta.desk.models import Status
from warta.evaluation import figures
from warta.evaluation.figures import Filters

CACHE_SECONDS = 600


def _counts(requests) -> dict[str, Any]:
    found = requests.aggregate(
        received=Count("pk"),
        published=Count("pk", filter=Q(status=Status.PUBLISHED)),
        within=Count("pk", filter=Q(status=Status.PUBLISHED, sla_outcome=SlaOutcome.MET)),
    )
    found["share"] = round(100 * found["within"] / found["published"], 1) if found["published"] else None
    return found


def _complaints(first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    from warta.complaints.figures import tier_counts
    from warta.complaints.models import Complaint

    start, end = figures.bounds(first, last)
    counts = tier_counts(Complaint.objects.filter(received_at__gte=start, received_at__lt=end))
    rows = []
    for code, label in Tier.choices:
        row = counts[code]
        share = round(100 * row["answered_on_time"] / row["answered"], 1) if row["answered"] else None
        rows.append({"code": code, "label": label, **row, "share": share})
    return rows


def _common(first: dt.date, last: dt.date, year: int) -> dict[str, Any]:
    return {
        "requests": _counts(figures.requests_of(first, Filters(), last)),
        "complaints": _complaints(first, last),
        "skm": figures.skm_figures(year),
        "generated_at": timezone.now(),
    }


def year_context(year: int) -> dict[str, Any]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    per_month = {
        row["m"].astimezone(office_zone()).month if timezone.is_aware(row["m"]) else row["m"].month: row
        for row in figures.requests_of(first, Filters(), last)
        .annotate(m=TruncMonth("received_at", tzinfo=office_zone()))
        .values("m")
        .annotate(
            received=Count("pk"),
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            within=Count("pk", filter=Q(status=Status.PUBLISHED, sla_outcome=SlaOutcome.MET)),
        )
        .order_by("m")
    }
    months = []
    for number in range(1, 13):
        month = dt.date(year, number, 1)
        row = per_month.get(number) or {"received": 0, "published": 0, "within": 0}
        months.append(
            {
                "code": figures.month_code(month),
                "label": formats.date_format(month, "F"),
                "received": row["received"],
                "published": row["published"],
                "share": round(100 * row["within"] / row["published"], 1) if row["published"] else None,
            }
        )
    return {
        "title_period": str(year),
        "year": year,
        "months": months,
        "previous": str(year - 1),
        "next": str(year + 1),
        **_common(first, last, year),
    }


def month_context(month: dt.date) -> dict[str, Any]:
    return {
        "title_period": formats.date_format(month, "F Y"),
        "year": month.year,
        "month": month,
        "months": [],
        "previous": figures.month_code(figures.shift(month, -1)),
        "next": figures.month_code(figures.shift(month, 1)),
        **_common(month, month, month.year),
    }
