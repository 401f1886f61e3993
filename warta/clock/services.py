"""The clock's database side: the office calendar from its models, policies, counts, breaches."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import holidays
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from warta.accounts import roles
from warta.clock import sla
from warta.clock.calendar import (
    RAMADAN_WEEKLY,
    Override,
    Window,
    WorkCalendar,
    working_time_between,
)
from warta.clock.models import Breach, ClosedDay, HoursOverride, OverrideWindow, SlaOutcome, SlaPolicy, WeeklyWindow
from warta.clock.policy import Policy, Unit
from warta.core.models import OfficeProfile
from warta.core.office import get_office
from warta.standards.services import get_value

# --- the calendar --------------------------------------------------------------------------

# Years of national holidays loaded around the current one (a 30-working-day deadline in December
# reaches into the next year; reports look back).
YEARS_BACK = 3
YEARS_AHEAD = 2
# A calendar is rebuilt at the latest after this long, so that a change saved in another process
# (the web admin, while the timers run in the worker) reaches every process.
CACHE_SECONDS = 300

# The process keeps its calendars beside a generation token held in Django's cache: saving a
# calendar model or the office profile drops the token, so every process sharing that cache
# (Redis in production) rebuilds at once; with a per-process cache, CACHE_SECONDS bounds staleness.
GENERATION_KEY = "warta:clock-calendar-generation"
_cache: dict[tuple[bool, int], tuple[float, str, WorkCalendar]] = {}
_lock = threading.Lock()


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY) or ""
    return generation


def national_closed_days(years: Iterable[int]) -> dict[dt.date, str]:
    """Indonesia's national holidays and cuti bersama, with their Indonesian names."""
    days = holidays.country_holidays("ID", years=list(years), categories=("public", "government"), language="id")
    return {day: str(name) for day, name in days.items()}


def _weekly(rows: Iterable[Any]) -> dict[int, tuple[Window, ...]]:
    weekly: dict[int, list[Window]] = {day: [] for day in range(7)}
    for row in rows:
        weekly[row.weekday].append(Window(row.start, row.end))
    return {day: tuple(sorted(windows, key=lambda w: w.start)) for day, windows in weekly.items()}


def build_calendar(around_the_clock: bool = False, years: Iterable[int] | None = None) -> WorkCalendar:
    """A fresh calendar from the models (no cache)."""
    if years is None:
        this_year = timezone.now().year
        years = range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1)
    names = national_closed_days(years)
    for change in ClosedDay.objects.all():
        if change.action == ClosedDay.Action.OPEN:
            names.pop(change.date, None)
        else:
            names[change.date] = change.name or change.reason
    overrides = []
    for override in HoursOverride.objects.prefetch_related("windows"):
        weekly: dict[int, list[Window]] = {day: [] for day in range(7)}
        for w in override.windows.all():
            for day in range(7) if w.weekday is None else (w.weekday,):
                weekly[day].append(Window(w.start, w.end))
        overrides.append(
            Override(
                first=override.first_day,
                last=override.last_day,
                weekly={day: tuple(sorted(ws, key=lambda w: w.start)) for day, ws in weekly.items()},
                name=override.name,
            )
        )
    return WorkCalendar(
        tz=get_office().zone,
        weekly=_weekly(WeeklyWindow.objects.all()),
        overrides=tuple(overrides),
        closed=frozenset(names),
        closed_names=names,
        around_the_clock=around_the_clock,
    )


def get_calendar(around_the_clock: bool = False) -> WorkCalendar:
    """The office calendar, cached per process; saving a calendar model or the office clears it."""
    key = (around_the_clock, timezone.now().year)
    generation = _generation()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[1] == generation and time.monotonic() - hit[0] < CACHE_SECONDS:
            return hit[2]
    calendar = build_calendar(around_the_clock)
    with _lock:
        _cache[key] = (time.monotonic(), generation, calendar)
    return calendar


def clear_calendar_cache(**_kwargs: Any) -> None:
    cache.delete(GENERATION_KEY)
    with _lock:
        _cache.clear()


def connect_signals() -> None:
    for model in (WeeklyWindow, HoursOverride, OverrideWindow, ClosedDay, OfficeProfile):
        uid = f"clock-calendar-{model.__name__}"
        post_save.connect(clear_calendar_cache, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(clear_calendar_cache, sender=model, dispatch_uid=uid + "-delete")


def apply_ramadan(first: dt.date, last: dt.date, user: Any = None, name: str = "") -> HoursOverride:
    """Creates an override with the Ramadan hours (Perpres 21/2023) for first..last."""
    override = HoursOverride.objects.create(
        name=name or f"Ramadan {first.year}",
        first_day=first,
        last_day=last,
        reason="Perpres 21/2023: jam kerja bulan Ramadan",
        changed_by=user if user is not None and user.is_authenticated else None,
    )
    set_override_windows(override, RAMADAN_WEEKLY)
    return override


def set_override_windows(override: HoursOverride, weekly: dict[int, tuple[Window, ...]]) -> None:
    override.windows.all().delete()
    OverrideWindow.objects.bulk_create(
        OverrideWindow(override=override, weekday=day, start=w.start, end=w.end)
        for day, windows in weekly.items()
        for w in windows
    )
    clear_calendar_cache()


# --- policies --------------------------------------------------------------------------------

POLICY_KEYS = (
    "publication",
    "complaint_light",
    "complaint_normative",
    "complaint_no_supervision",
    "complaint_investigation",
)
TIER_KEYS = {
    "light": "complaint_light",
    "normative": "complaint_normative",
    "no_supervision": "complaint_no_supervision",
    "investigation": "complaint_investigation",
}
# The standard's own figures, used until its extracted values are available.
DEFAULT_POLICIES = {
    "publication": Policy(1, Unit.working_hours),
    "complaint_light": Policy(3, Unit.working_hours),
    "complaint_normative": Policy(5, Unit.working_hours),
    "complaint_no_supervision": Policy(1, Unit.working_days),
    "complaint_investigation": Policy(30, Unit.working_days),
}


def _standard_value(service: Any, name: str) -> Any:
    """A value from the service's standard (an admin's correction first), or None when it has none."""
    return None if service is None else get_value(service, name)


def _policy_from_value(value: Any, around_the_clock: bool) -> Policy | None:
    if not isinstance(value, dict):
        return None
    try:
        amount = int(value["amount"])
        unit = str(value.get("unit", "hours"))
    except (KeyError, TypeError, ValueError):
        return None
    if unit in Unit.__members__:
        return Policy(amount, Unit(unit))
    if unit in ("minutes", "minute", "menit"):
        return Policy(amount, Unit.clock_minutes if around_the_clock else Unit.working_minutes)
    if unit in ("hours", "hour", "jam"):
        return Policy(amount, Unit.clock_hours if around_the_clock else Unit.working_hours)
    if unit in ("days", "day", "working_days", "hari", "hari kerja"):
        return Policy(amount * 24, Unit.clock_hours) if around_the_clock else Policy(amount, Unit.working_days)
    return None


def get_policy(service: Any, key: str) -> Policy:
    """The service level for `key` ("publication", "complaint_light", ...) of a service.

    An admin's SlaPolicy for the service wins, then one for every service, then the value
    extracted from the standard, then the standard's own figures.
    """
    if key not in POLICY_KEYS:
        raise KeyError(key)
    overrides = SlaPolicy.objects.filter(key=key).filter(Q(service=service) | Q(service__isnull=True))
    for row in sorted(overrides, key=lambda row: row.service_id is None):
        return Policy(row.amount, Unit(row.unit))
    around = bool(getattr(service, "around_the_clock", False))
    policy: Policy | None = None
    if key == "publication":
        policy = _policy_from_value(_standard_value(service, "completion_time"), around)
    else:
        tiers = _standard_value(service, "complaint_tiers")
        if isinstance(tiers, list):
            for tier in tiers:
                if isinstance(tier, dict) and TIER_KEYS.get(str(tier.get("key"))) == key:
                    policy = _policy_from_value(tier, around)
                    break
    if policy is None:
        policy = DEFAULT_POLICIES[key]
        if around and not policy.is_clock:
            hours = policy.amount * 24 if policy.unit is Unit.working_days else policy.amount
            policy = Policy(hours, Unit.clock_hours)
    return policy


# --- counts and steps ------------------------------------------------------------------------


def sla_state_q(now: dt.datetime) -> dict[str, Q]:
    """For each `sla` state, the condition over the stored moments (for the database)."""
    open_ = Q(sla_closed_at__isnull=True, due_at__isnull=False)
    running = open_ & Q(paused_at__isnull=True)
    conditions = {
        sla.ON_TRACK: running & Q(due_at__gt=now) & (Q(at_risk_at__isnull=True) | Q(at_risk_at__gt=now)),
        sla.AT_RISK: running & Q(due_at__gt=now, at_risk_at__lte=now),
        sla.BREACHED: running & Q(due_at__lte=now),
        sla.PAUSED: open_ & Q(paused_at__isnull=False),
        **{outcome: Q(sla_closed_at__isnull=False, sla_outcome=outcome) for outcome in SlaOutcome.values},
    }
    return {state: conditions[state] for state in sla.STATES}


def sla_state_counts(queryset: QuerySet, now: dt.datetime | None = None) -> dict[str, int]:
    """How many items are in each `sla` state, counted by the database in one query."""
    now = now or timezone.now()
    aggregates = {state: Count("pk", filter=q) for state, q in sla_state_q(now).items()}
    return {state: int(value or 0) for state, value in queryset.aggregate(**aggregates).items()}


def step_durations(cal: WorkCalendar, moments: list[tuple[str, dt.datetime]]) -> list[tuple[str, dt.timedelta]]:
    """The working time of each step between consecutive moments.

    `moments` are the item's events in order, e.g. [("received", t0), ("disposed", t1),
    ("assigned", t2), ("published", t3)]; the result names each step by the moment that ends it:
    [("disposed", t1 - t0), ("assigned", t2 - t1), ("published", t3 - t2)] in working time.
    """
    return [
        (name, working_time_between(cal, previous, at)) for (_, previous), (name, at) in itertools.pairwise(moments)
    ]


# --- breaches --------------------------------------------------------------------------------


def _month(moment: dt.datetime) -> dt.date:
    local = moment.astimezone(get_office().zone)
    return local.date().replace(day=1)


def record_breach(
    item: Any,
    *,
    label: str,
    url: str,
    step: str,
    holder: Any,
    holder_role: str,
    detected_at: dt.datetime,
) -> Breach:
    due_at = item.due_at or detected_at
    around = bool(item.sla_around_the_clock()) if hasattr(item, "sla_around_the_clock") else False
    return Breach.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=str(item.pk),
        label=label[:300],
        url=url[:300],
        step=step[:120],
        holder=holder,
        holder_role=holder_role or "",
        due_at=due_at,
        detected_at=detected_at,
        around_the_clock=around,
        month=_month(due_at),
    )


def breaches_of(item: Any) -> QuerySet[Breach]:
    return Breach.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk))


def settle_breach(item: Any, closed_at: dt.datetime) -> int:
    """Final lateness (working time from the deadline to the close) of the item's open breaches.

    The owner app calls it when the item closes; returns the number of records settled.
    """
    settled = 0
    for breach in breaches_of(item).filter(late_seconds__isnull=True):
        cal = get_calendar(breach.around_the_clock)
        breach.late_seconds = int(working_time_between(cal, breach.due_at, closed_at).total_seconds())
        breach.settled_at = closed_at
        breach.save(update_fields=["late_seconds", "settled_at"])
        settled += 1
    return settled


# Links a higher part offers beside a breach in the register (e.g. the evaluation's "propose a
# sanction" for a violation): each gets (breach, user) and gives (label, url) or None. Registered in
# the part's AppConfig.ready(), so the clock imports nothing of it.
breach_links: list[Callable[[Breach, Any], tuple[str, str] | None]] = []


def register_breach_link(link: Callable[[Breach, Any], tuple[str, str] | None]) -> None:
    if link not in breach_links:
        breach_links.append(link)


class AlreadyJudged(Exception):
    """The breach was judged meanwhile (by another supervisor, or in another tab)."""


def _open_breach(breach: Breach) -> QuerySet[Breach]:
    return Breach.objects.filter(pk=breach.pk, justified=False, violator__isnull=True)


def justify_breach(breach: Breach, user: Any, note: str, at: dt.datetime | None = None) -> Breach:
    """Excuse the breach, once: the claim is a conditional update on a breach not yet judged."""
    at = at or timezone.now()
    if not _open_breach(breach).update(justified=True, justification=note, justified_by=user, justified_at=at):
        raise AlreadyJudged
    breach.refresh_from_db()
    return breach


def judge_violation(breach: Breach, user: Any, person: Any, note: str, at: dt.datetime | None = None) -> Breach:
    """Judge the breach a violation of the standard by `person`, once (a conditional update)."""
    at = at or timezone.now()
    claimed = _open_breach(breach).update(
        violator=person, violation_note=note, violation_judged_by=user, violation_judged_at=at
    )
    if not claimed:
        raise AlreadyJudged
    breach.refresh_from_db()
    return breach


# The roles whose holders can be named in a violation: the office's staff and the complaints team.
VIOLATOR_ROLES = (
    roles.PIMPINAN,
    roles.KABID_IKP,
    roles.FUNGSIONAL_IKP,
    roles.STAF_IKP,
    roles.PENGELOLA_PENGADUAN,
    roles.TIM_PENGADUAN,
)


def violator_candidates() -> QuerySet:
    """The people a violation may name: active users holding a staff role (by group)."""
    from warta.accounts.models import User

    return (
        User.objects.filter(is_active=True, groups__name__in=VIOLATOR_ROLES)
        .distinct()
        .order_by("first_name", "username")
    )
