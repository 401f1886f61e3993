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
    per_tier = tier_counts(received)
    tiers = []
    for code, label in Tier.choices:
        row = per_tier[code]
        total, met = row["answered"], row["answered_on_time"]
        share = round(100 * met / total) if total else None
        tiers.append({"code": code, "label": label, "total": total, "met": met, "share": share})
    return {
        "channels": [c for c in channels if c["total"]],
        "kinds": kinds,
        "kind_labels": [label for _code, label in Kind.choices],
        "total": sum(k["total"] for k in kinds),
        "tiers": tiers,
        "median_hours": _hours(median_time_to_answer(received)),
    }


def tier_counts(complaints) -> dict[str, dict[str, int]]:
    """Per tier (every tier, zeros included): how many `complaints` were received, answered, and
    answered within the tier's time; one grouped query (also read by the monthly evaluation)."""
    answered = Q(answered_at__gt=EPOCH)
    rows = {
        row["tier"]: row
        for row in complaints.order_by()
        .values("tier")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=answered),
            answered_on_time=Count("pk", filter=answered & Q(sla_outcome=SlaOutcome.MET)),
        )
    }
    empty = {"received": 0, "answered": 0, "answered_on_time": 0}
    return {code: {k: int((rows.get(code) or empty)[k]) for k in empty} for code in Tier.values}


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
