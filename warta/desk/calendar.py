"""The content calendar at /kalender-konten/: what is scheduled and what went out, per platform and
per day, for the office staff. A month or a week, in the office's time zone; filters by platform
and organisation. Three queries whatever the rows: the desk's per-platform records (schedule times,
links), Warta's own posts (warta.social: queued, publishing, failed…), and the requests the latter
name (they refer to a request by its number)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from warta.accounts import roles
from warta.accounts.models import Organization
from warta.core.office import office_zone
from warta.desk.models import Platform, PlatformPost, PublicationRequest, Status
from warta.social.models import Post, PostState

MONTH, WEEK = "month", "week"
VIEWS = {MONTH: _("Bulan"), WEEK: _("Pekan")}
# Requests that will not go out: their schedule is not shown (what they published still is).
CLOSED_UNPUBLISHED = (Status.REJECTED, Status.CANCELLED)
SCHEDULED = "scheduled"
# What each entry is called on the calendar (the desk's schedule and the social post's states).
STATE_LABELS = {SCHEDULED: _("Terjadwal"), **{state.value: state.label for state in PostState}}


def may_see(user: Any) -> bool:
    """The office staff (as on the desk: `access.visible_requests`) and a superuser."""
    return bool(user.is_authenticated and (user.is_superuser or roles.is_office_staff(user)))


@dataclass(frozen=True)
class Period:
    view: str
    first: dt.date  # the first day shown
    last: dt.date  # the last day shown
    anchor: dt.date  # the day the period was asked for (its month, its week)

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as [start, end) instants: midnight to midnight in the office's zone."""
        zone = office_zone()
        start = dt.datetime.combine(self.first, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    def previous(self) -> dt.date:
        if self.view == WEEK:
            return self.anchor - dt.timedelta(days=7)
        return (self.anchor.replace(day=1) - dt.timedelta(days=1)).replace(day=1)

    def next(self) -> dt.date:
        if self.view == WEEK:
            return self.anchor + dt.timedelta(days=7)
        return (self.anchor.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_of(view: str, day: dt.date) -> Period:
    """A week runs Monday to Sunday; a month is its own days (the grid pads it to whole weeks)."""
    if view == WEEK:
        monday = day - dt.timedelta(days=day.weekday())
        return Period(WEEK, monday, monday + dt.timedelta(days=6), monday)
    first = day.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    return Period(MONTH, first, last, first)


@dataclass
class Entry:
    at: dt.datetime
    platform: str
    state: str
    request: PublicationRequest
    url: str = ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def platform_label(self) -> str:
        return str(Platform(self.platform).label) if self.platform in Platform.values else self.platform


@dataclass
class Day:
    date: dt.date
    in_period: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


def entries(
    period: Period, *, platform: str = "", organization: int | None = None
) -> list[Entry]:  # fmt: skip
    """Every post scheduled or published within the period, one per request and platform."""
    start, end = period.bounds()
    found: dict[tuple[int, str], Entry] = {}

    desk = PlatformPost.objects.select_related("request__organization").filter(
        Q(published_at__gte=start, published_at__lt=end)
        | Q(scheduled_for__gte=start, scheduled_for__lt=end, published_at__isnull=True)
    )
    if platform:
        desk = desk.filter(platform=platform)
    if organization:
        desk = desk.filter(request__organization_id=organization)
    for post in desk:
        if post.published_at is not None and post.url:
            entry = Entry(post.published_at, post.platform, PostState.PUBLISHED, post.request, post.url)
        elif post.published_at is None and post.scheduled_for is not None:
            if post.request.status in CLOSED_UNPUBLISHED or post.not_published_reason:
                continue
            entry = Entry(post.scheduled_for, post.platform, SCHEDULED, post.request)
        else:
            continue
        if start <= entry.at < end:
            found[(post.request_id, post.platform)] = entry

    # Warta's own posts: their state is fresher than the desk's record (queued, publishing, failed…).
    social = Post.objects.filter(
        Q(published_at__gte=start, published_at__lt=end)
        | Q(run_after__gte=start, run_after__lt=end, published_at__isnull=True)
    ).exclude(state__in=(PostState.MANUAL, PostState.NOT_PUBLISHED))
    if platform:
        social = social.filter(platform=platform)
    posts = list(social)
    if posts:
        requests = PublicationRequest.objects.select_related("organization").filter(
            number__in={post.subject for post in posts}
        )
        if organization:
            requests = requests.filter(organization_id=organization)
        by_number = {req.number: req for req in requests}
        for sp in posts:
            req = by_number.get(sp.subject)
            at = sp.published_at or sp.run_after
            if req is None or at is None or not start <= at < end:
                continue
            if sp.state != PostState.PUBLISHED and req.status in CLOSED_UNPUBLISHED:
                continue
            found[(req.pk, sp.platform)] = Entry(at, sp.platform, sp.state, req, sp.url)
    return sorted(found.values(), key=lambda e: (e.at, e.platform, e.request.number))


def days(period: Period, items: list[Entry], today: dt.date) -> list[Day]:
    """The days of the grid (a month padded to whole weeks, Monday first), each with its entries."""
    first = period.first - dt.timedelta(days=period.first.weekday())
    last = period.last + dt.timedelta(days=6 - period.last.weekday())
    zone = office_zone()
    grid = {
        first + dt.timedelta(days=n): Day(
            first + dt.timedelta(days=n),
            period.first <= first + dt.timedelta(days=n) <= period.last,
            first + dt.timedelta(days=n) == today,
        )
        for n in range((last - first).days + 1)
    }
    for item in items:
        grid[item.at.astimezone(zone).date()].entries.append(item)
    return list(grid.values())


def _query(**params: Any) -> str:
    return "?" + urlencode({key: value for key, value in params.items() if value})


@login_required
@require_GET
def content_calendar(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_see(user):
        raise PermissionDenied
    today = timezone.localdate(timezone.now(), office_zone())
    view = request.GET.get("view", MONTH)
    if view not in VIEWS:
        view = MONTH
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = today
    platform = request.GET.get("platform", "")
    if platform not in Platform.values:
        platform = ""
    organizations = list(Organization.objects.filter(is_active=True).only("pk", "name"))
    organization = request.GET.get("organization", "")
    org_id = (
        int(organization) if organization.isdigit() and int(organization) in {o.pk for o in organizations} else None
    )

    period = period_of(view, day)
    items = entries(period, platform=platform, organization=org_id)
    filters = {"platform": platform, "organization": org_id or ""}
    context = {
        "period": period,
        "view": view,
        "views": [
            (code, label, _query(view=code, date=period.anchor.isoformat(), **filters)) for code, label in VIEWS.items()
        ],
        "weekdays": [dt.date(2024, 1, n) for n in range(1, 8)],  # a Monday to a Sunday, for the names
        "days": days(period, items, today),
        "count": len(items),
        "previous_url": _query(view=view, date=period.previous().isoformat(), **filters),
        "next_url": _query(view=view, date=period.next().isoformat(), **filters),
        "today_url": _query(view=view, **filters),
        "platforms": Platform.choices,
        "platform": platform,
        "organizations": organizations,
        "organization": org_id,
    }
    template = (
        "desk/content_calendar.html#calendar" if getattr(request, "htmx", False) else "desk/content_calendar.html"
    )
    return render(request, template, context)
