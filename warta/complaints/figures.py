"""The public figures of a year, by database aggregation (never a loop over complaints)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from warta.clock.models import SlaOutcome
from warta.complaints.models import Channel, Complaint, Kind, Tier

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # "answered": a range on the index, not IS NOT NULL


def year_figures(year: int) -> dict[str, Any]:
    received = Complaint.objects.filter(year=year)
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
    answered = received.filter(answered_at__gt=EPOCH)
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
        "median_hours": _hours(median_time_to_answer(received)),
    }


def _hours(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 1)


def median_time_to_answer(complaints) -> float | None:
    """The median of the minutes from receipt to answer: the database sorts (by an index), one or
    two rows are read."""
    answered = complaints.filter(answer_minutes__gte=0)  # set with the answer; a range on the index
    count = answered.count()
    if not count:
        return None
    ordered = answered.order_by("answer_minutes").values_list("answer_minutes", flat=True)
    middle = ordered[count // 2]
    if count % 2:
        return float(middle)
    return (ordered[count // 2 - 1] + middle) / 2
