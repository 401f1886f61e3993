"""The public figures of a year, by database aggregation (never a loop over complaints)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from warta.clock.models import SlaOutcome
from warta.complaints.models import Channel, Complaint, Kind, Tier


def year_figures(year: int) -> dict[str, Any]:
    received = Complaint.objects.filter(year=year).exclude(status="")
    by_channel_kind = {
        (row["channel"], row["kind"]): row["n"]
        for row in received.order_by().values("channel", "kind").annotate(n=Count("pk"))
    }
    channels = [
        {
            "code": code,
            "label": label,
            "counts": [by_channel_kind.get((code, kind), 0) for kind in Kind.values],
            "total": sum(by_channel_kind.get((code, kind), 0) for kind in Kind.values),
        }
        for code, label in Channel.choices
    ]
    kinds = [
        {"code": code, "label": label, "total": sum(by_channel_kind.get((c, code), 0) for c in Channel.values)}
        for code, label in Kind.choices
    ]
    answered = received.filter(answered_at__isnull=False)
    per_tier = {
        row["tier"]: row
        for row in answered.order_by()
        .values("tier")
        .annotate(total=Count("pk"), met=Count("pk", filter=Q(sla_outcome=SlaOutcome.MET)))
    }
    tiers = []
    for code, label in Tier.choices:
        row = per_tier.get(code) or {"total": 0, "met": 0}
        share = round(100 * row["met"] / row["total"]) if row["total"] else None
        tiers.append({"code": code, "label": label, "total": row["total"], "met": row["met"], "share": share})
    return {
        "channels": [c for c in channels if c["total"]],
        "kinds": kinds,
        "kind_labels": [label for _code, label in Kind.choices],
        "total": sum(k["total"] for k in kinds),
        "tiers": tiers,
        "median_hours": _hours(median_time_to_answer(answered)),
    }


def _hours(value: dt.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def median_time_to_answer(answered) -> dt.timedelta | None:
    """The median of answered_at − received_at: the database sorts, one row is read."""
    count = answered.count()
    if not count:
        return None
    duration = ExpressionWrapper(F("answered_at") - F("received_at"), output_field=DurationField())
    ordered = answered.annotate(took=duration).order_by("took").values_list("took", flat=True)
    middle = ordered[count // 2]
    if count % 2:
        return middle
    lower = ordered[count // 2 - 1]
    return (lower + middle) / 2
