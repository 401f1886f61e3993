"""The monthly evaluation's figures, read from the desk, the clock, complaints and the survey by
database aggregation: counts and sums are grouped by the database, medians and p90 are ranked by it
(`warta.core.percentiles`), and no request row is ever read into Python.

The requests counted are those RECEIVED in the month (office time), drafts excluded, with their
current outcome. Working time is what the desk stores on each event (`Event.working_minutes`: the
time the request spent in the status the event leaves, in the office's working minutes; the stretch
it waited for the applicant is `paused_minutes` instead), so every duration here is a SUM of those.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, IntegerField, JSONField, Lookup, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from warta.accounts.models import Organization
from warta.clock.models import Breach, SlaOutcome
from warta.core.office import office_zone
from warta.core.percentiles import column_percentiles
from warta.desk.models import OPEN_STATUSES, Channel, Event, Platform, PublicationRequest, Status

MONTH_RE = re.compile(r"^([0-9]{4})-([0-9]{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


# --- months ----------------------------------------------------------------------------------------


def parse_month(value: str | None) -> dt.date | None:
    """ "2026-11" → 1 November 2026; None for anything else (a bad month, another shape)."""
    found = MONTH_RE.match(str(value or "").strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def shift(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (negative: before) `month`."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def current_month(now: dt.datetime) -> dt.date:
    return now.astimezone(office_zone()).date().replace(day=1)


def bounds(first: dt.date, last: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `first`'s month to the start of the month after `last` (default: `first`),
    in the office's time zone."""
    zone = office_zone()
    end = shift(last or first, 1)
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end, dt.time.min, tzinfo=zone),
    )


def month_code(month: dt.date) -> str:
    return f"{month:%Y-%m}"


# --- which requests --------------------------------------------------------------------------------


class HasItem(Lookup):
    """`platforms__has_item="instagram"`: a JSON list holds the string (PostgreSQL `@>`, SQLite json_each)."""

    lookup_name = "has_item"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} @> %s::jsonb", [*lhs_params, json.dumps([self.rhs])]
        return f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)", [*lhs_params, self.rhs]  # noqa: S608


JSONField.register_lookup(HasItem)


@dataclass(frozen=True)
class Filters:
    organization: Organization | None = None  # with its UPTs
    platform: str = ""

    @property
    def any(self) -> bool:
        return self.organization is not None or bool(self.platform)

    def params(self) -> dict[str, str]:
        """The query parameters of the pages (empty ones left out)."""
        found = {"organisasi": self.organization.code if self.organization else "", "platform": self.platform}
        return {k: v for k, v in found.items() if v}


def requests_of(first: dt.date, filters: Filters, last: dt.date | None = None) -> QuerySet[PublicationRequest]:
    """The requests received from `first`'s month to `last`'s (office time), drafts excluded."""
    start, end = bounds(first, last)
    qs = PublicationRequest.objects.filter(received_at__gte=start, received_at__lt=end).exclude(status=Status.DRAFT)
    return filtered(qs, filters).order_by()


def filtered(qs: QuerySet[PublicationRequest], filters: Filters) -> QuerySet[PublicationRequest]:
    if filters.organization is not None:
        org = filters.organization
        qs = qs.filter(Q(organization=org) | Q(organization__parent=org))
    if filters.platform:
        qs = qs.filter(platforms__has_item=filters.platform)
    return qs


# --- the steps ---------------------------------------------------------------------------------------

# Each step of the lead time (submitted → disposed → assigned → published): the statuses whose time
# it sums, and the action that ends it (only requests that took that step are ranked).
STEPS: dict[str, tuple[tuple[str, ...], str, Any]] = {
    "dispose": ((Status.SUBMITTED,), "dispose", _("Diterima → didisposisi ke Bidang IKP")),
    "assign": ((Status.AT_DIVISION,), "assign", _("Bidang IKP → didisposisi ke staf")),
    "publish": ((Status.ASSIGNED, Status.SCHEDULED), "publish", _("Staf → dipublikasikan")),
}
# Where the time went: the status a stretch was spent in ("" and draft: from receipt to registration).
TIME_PLACES: tuple[tuple[tuple[str, ...], Any], ...] = (
    (("", Status.DRAFT), _("Sampai didaftarkan")),
    ((Status.SUBMITTED,), _("Menunggu disposisi pimpinan")),
    ((Status.AT_DIVISION,), _("Di Bidang IKP, menunggu penugasan")),
    ((Status.ASSIGNED,), _("Dikerjakan staf")),
    ((Status.SCHEDULED,), _("Terjadwal, menunggu tayang")),
    ((Status.NEEDS_COMPLETION,), _("Menunggu kelengkapan dari pemohon")),
)
P50, P90 = 0.5, 0.9


def _events(requests: QuerySet[PublicationRequest]) -> QuerySet[Event]:
    return Event.objects.filter(request__in=requests.values("pk")).order_by()


def per_request_minutes(requests: QuerySet) -> QuerySet:
    """One row per request of `requests` with its working minutes in each step (`v_dispose`,
    `v_assign`, `v_publish`) and from receipt to publication (`v_total`); NULL where the request
    did not take the step. A grouped queryset over the events, ranked by the database."""
    aggregates: dict[str, Any] = {"s_total": Sum("working_minutes", filter=~Q(from_status=Status.PUBLISHED))}
    for name, (statuses, action, _label) in STEPS.items():
        aggregates[f"s_{name}"] = Sum("working_minutes", filter=Q(from_status__in=statuses))
        aggregates[f"e_{name}"] = Count("pk", filter=Q(action=action))
    columns = {}
    for name, ended in (*((n, n) for n in STEPS), ("total", "publish")):
        columns[f"v_{name}"] = Case(
            When(**{f"e_{ended}__gt": 0}, then=Coalesce(F(f"s_{name}"), 0)),
            default=None,
            output_field=IntegerField(),
        )
    return _events(requests).values("request_id").annotate(**aggregates).annotate(**columns).values_list(*columns)


MINUTE_COLUMNS = ("v_total", *(f"v_{name}" for name in STEPS))


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


# --- one month ---------------------------------------------------------------------------------------


def request_figures(requests: QuerySet[PublicationRequest]) -> dict[str, Any]:
    """The `requests` part of the monthly report (see the API), and the dashboard's extras."""
    counts = requests.aggregate(
        received=Count("pk"),
        published=Count("pk", filter=Q(status=Status.PUBLISHED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        within=Count("pk", filter=Q(status=Status.PUBLISHED, sla_outcome=SlaOutcome.MET)),
        **{f"platform_{p}": Count("pk", filter=Q(platforms__has_item=p)) for p in Platform.values},
    )
    by_channel = dict(requests.values_list("channel").annotate(n=Count("pk")).order_by("channel"))
    by_organization = dict(
        requests.values_list("organization__code").annotate(n=Count("pk")).order_by("-n", "organization__code")
    )
    ranked = column_percentiles(per_request_minutes(requests), MINUTE_COLUMNS, (P50, P90))
    to_publish = ranked["v_total"]
    steps = {name: ranked[f"v_{name}"] for name in STEPS}
    published = counts["published"]
    return {
        "received": counts["received"],
        "published": published,
        "rejected": counts["rejected"],
        "cancelled": counts["cancelled"],
        "open": counts["open"],
        "by_channel": {c: by_channel[c] for c in Channel.values if by_channel.get(c)},
        "by_organization": by_organization,
        "by_platform": {p: counts[f"platform_{p}"] for p in Platform.values if counts[f"platform_{p}"]},
        "within_standard": counts["within"],
        "within_standard_share": round(counts["within"] / published, 4) if published else None,
        "minutes_to_publish": {"median": _whole(to_publish[P50]), "p90": _whole(to_publish[P90])},
        "step_minutes": {name: _whole(found[P50]) for name, found in steps.items()},
        "step_p90_minutes": {name: _whole(found[P90]) for name, found in steps.items()},
        "time_spent": time_spent(requests),
    }


def time_spent(requests: QuerySet[PublicationRequest]) -> list[dict[str, Any]]:
    """Where the time went: the working minutes (and the paused ones) spent in each status, summed
    over the requests' steps so far (after publication nothing counts)."""
    rows = {
        status: (working or 0, paused or 0)
        for status, working, paused in _events(requests)
        .exclude(from_status=Status.PUBLISHED)
        .values_list("from_status")
        .annotate(w=Sum("working_minutes"), p=Sum("paused_minutes"))
    }
    places = []
    for statuses, label in TIME_PLACES:
        working = sum(rows.get(s, (0, 0))[0] for s in statuses)
        paused = sum(rows.get(s, (0, 0))[1] for s in statuses)
        places.append({"key": statuses[0] or "registration", "label": label, "working": working, "paused": paused})
    return places


def _has_violations() -> bool:
    return any(f.name == "violator" for f in Breach._meta.get_fields())


def breach_figures(month: dt.date, filters: Filters) -> dict[str, int]:
    """The breaches whose deadline fell in the month: not yet judged, excused, a person's violation.
    With a filter, only the desk's breaches of the filtered requests (complaints have no organisation)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    breaches = Breach.objects.filter(month=month)
    if filters.any:
        keys = filtered(PublicationRequest.objects.order_by(), filters).annotate(key=Cast("pk", CharField()))
        ids = keys.values("key")
        breaches = breaches.filter(
            content_type=ContentType.objects.get_for_model(PublicationRequest), object_id__in=ids
        )
    violation = Q(violator__isnull=False) if _has_violations() else Q(pk__in=[])
    counts = breaches.aggregate(
        total=Count("pk"),
        justified=Count("pk", filter=Q(justified=True)),
        violations=Count("pk", filter=violation),
    )
    return {
        "open": counts["total"] - counts["justified"] - counts["violations"],
        "justified": counts["justified"],
        "violations": counts["violations"],
    }


def complaint_figures(first: dt.date, last: dt.date | None = None) -> dict[str, dict[str, int]]:
    """{tier: {received, answered_on_time}} of the complaints received in the months (zeros when none)."""
    from warta.complaints.figures import tier_counts
    from warta.complaints.models import Complaint

    start, end = bounds(first, last)
    counts = tier_counts(Complaint.objects.filter(received_at__gte=start, received_at__lt=end))
    return {
        tier: {"received": row["received"], "answered_on_time": row["answered_on_time"]} for tier, row in counts.items()
    }


def skm_figures(year: int) -> dict[str, Any] | None:
    """The latest SKM index by the month's year: the office's index of that year so far (every
    service's answers: one aggregate query), or of the year before when nobody has answered yet this
    year; None when neither has answers."""
    from warta.survey.index import compute_index
    from warta.survey.models import Period, PeriodKind, Response

    for candidate in (year, year - 1):
        answers = Response.objects.filter(
            surveyed_on__gte=dt.date(candidate, 1, 1), surveyed_on__lte=dt.date(candidate, 12, 31)
        )
        index = compute_index(answers)
        if index.respondents:
            return {
                "period": str(candidate),
                "label": Period(year=candidate, kind=PeriodKind.YEAR, number=0).label,
                "ikm": float(index.converted) if index.converted is not None else None,
                "grade": index.grade,
                "grade_label": index.grade_label,
                "respondents": index.respondents,
            }
    return None


def month_figures(month: dt.date, filters: Filters | None = None, *, skm: Any = False) -> dict[str, Any]:
    """Every figure of the month (the API's shape, plus the dashboard's extras); `skm` when known."""
    filters = filters or Filters()
    return {
        "month": month_code(month),
        "requests": request_figures(requests_of(month, filters)),
        "complaints": complaint_figures(month),
        "skm": skm_figures(month.year) if skm is False else skm,
        "breaches": breach_figures(month, filters),
    }


def compared(month: dt.date, filters: Filters | None = None) -> list[dict[str, Any]]:
    """The month, the month before and the same month a year before, in that order."""
    skm: dict[int, Any] = {}
    found = []
    for m in (month, shift(month, -1), shift(month, -12)):
        if m.year not in skm:
            skm[m.year] = skm_figures(m.year)
        found.append(month_figures(m, filters, skm=skm[m.year]))
    return found
