from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.accounts import roles
from warta.accounts.models import User
from warta.clock.calendar import DEFAULT_WEEKLY, closed_days_between
from warta.clock.forms import DeadlineForm, JustifyForm, RamadanForm, ViolationForm
from warta.clock.models import Breach, ClosedDay, HoursOverride, WeeklyWindow
from warta.clock.nav import may_judge, may_justify_breaches, may_see_breaches, visible_breaches
from warta.clock.policy import Policy, Unit, deadline
from warta.clock.services import (
    AlreadyJudged,
    apply_ramadan,
    breach_links,
    get_calendar,
    judge_violation,
    justify_breach,
    violator_candidates,
)

WEEKDAYS = WeeklyWindow.Weekday


def _require_admin(user) -> None:
    if not (user.is_superuser or roles.has_role(user, roles.ADMIN)):
        raise PermissionDenied


def _require_judge(user, breach: Breach) -> None:
    if not may_judge(user, breach):
        raise PermissionDenied


@login_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    """A year of the office calendar: closed days, hours, overrides; and the deadline calculator."""
    _require_admin(request.user)
    if not 2000 <= year <= 2100:
        raise PermissionDenied
    cal = get_calendar()
    closed = sorted((day, cal.closed_name(day)) for day in cal.closed if day.year == year)
    changes = {c.date: c for c in ClosedDay.objects.filter(date__year=year).select_related("changed_by")}
    closed_rows = [{"date": day, "name": name, "change": changes.get(day)} for day, name in closed]
    reopened = [c for c in changes.values() if c.action == ClosedDay.Action.OPEN]
    weekly = [{"label": WEEKDAYS(day).label, "windows": cal.weekly.get(day, ())} for day in range(7)]
    overrides = (
        HoursOverride.objects.filter(first_day__lte=dt.date(year, 12, 31), last_day__gte=dt.date(year, 1, 1))
        .prefetch_related("windows")
        .select_related("changed_by")
    )
    result = None
    form = DeadlineForm(request.GET if "start" in request.GET else None)
    if form.is_valid():
        start = form.cleaned_data["start"]
        policy = Policy(form.cleaned_data["amount"], Unit(form.cleaned_data["unit"]))
        due = deadline(cal, policy, start)
        result = {
            "start": start,
            "policy": policy,
            "due": due,
            "skipped": [] if policy.is_clock else closed_days_between(cal, start, due),
        }
    context = {
        "year": year,
        "closed_rows": closed_rows,
        "reopened": sorted(reopened, key=lambda c: c.date),
        "weekly": weekly,
        "is_default_weekly": dict(cal.weekly) == {d: DEFAULT_WEEKLY.get(d, ()) for d in range(7)},
        "overrides": overrides,
        "form": form,
        "result": result,
        "ramadan_form": RamadanForm(),
        "previous_year": year - 1,
        "next_year": year + 1,
    }
    return render(request, "clock/calendar_year.html", context)


@login_required
@require_POST
def apply_ramadan_view(request: HttpRequest, year: int) -> HttpResponse:
    _require_admin(request.user)
    form = RamadanForm(request.POST)
    if form.is_valid():
        override = apply_ramadan(form.cleaned_data["first_day"], form.cleaned_data["last_day"], request.user)
        messages.success(request, _("Jam kerja Ramadan diterapkan: %(o)s.") % {"o": override})
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Jam Ramadan tidak diterapkan: %(e)s") % {"e": errors})
    return redirect("calendar-year", year=year)


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@login_required
def breach_register(request: HttpRequest) -> HttpResponse:
    """The register of missed deadlines: the judges (kabid_ikp and pimpinan; the complaints officer for
    complaints) read and judge them (justified, or a person's violation); the admin reads it."""
    if not may_see_breaches(request.user):
        raise PermissionDenied
    visible = visible_breaches(request.user, Breach.objects.all())
    breaches = visible.select_related("holder", "justified_by", "violator", "violation_judged_by", "content_type")
    month = request.GET.get("bulan", "").strip()
    match = MONTH_RE.match(month)
    if match and 1 <= int(match.group(2)) <= 12:
        breaches = breaches.filter(month=dt.date(int(match.group(1)), int(match.group(2)), 1))
    else:
        month = ""
    person = request.GET.get("orang", "").strip()
    if person.isdigit():
        breaches = breaches.filter(Q(holder_id=int(person)) | Q(violator_id=int(person)))
    else:
        person = ""
    page = Paginator(breaches, 50).get_page(request.GET.get("hal"))
    now = timezone.now()
    user = request.user
    rows = [
        {
            "breach": b,
            "late_minutes": b.late_minutes(now),
            "may_judge": not b.is_judged and may_judge(user, b),
            "links": [link for f in breach_links for link in [f(b, user)] if link],
        }
        for b in page.object_list
    ]
    people = (
        User.objects.filter(Q(breaches__in=visible) | Q(violations__in=visible))
        .distinct()
        .order_by("first_name", "username")
    )
    months = visible.dates("month", "month", order="DESC")
    return render(
        request,
        "clock/breach_register.html",
        {
            "rows": rows,
            "page": page,
            "month": month,
            "person": person,
            "people": people,
            "months": months,
            "justify_form": JustifyForm(),
            "candidates": list(violator_candidates()) if any(r["may_judge"] for r in rows) else [],
            "may_justify": may_justify_breaches(user),
        },
    )


def _back_to_register(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if back.startswith(reverse("breach-register")):
        return redirect(back)
    return redirect("breach-register")


@login_required
@require_POST
def breach_justify(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach.objects.select_related("content_type"), pk=pk)
    _require_judge(request.user, breach)
    form = JustifyForm(request.POST)
    if form.is_valid():
        try:
            justify_breach(breach, request.user, form.cleaned_data["note"])
        except AlreadyJudged:
            messages.error(request, _("Pelanggaran %(label)s sudah dinilai.") % {"label": breach.label})
        else:
            messages.success(request, _("Pelanggaran %(label)s ditandai dapat dimaklumi.") % {"label": breach.label})
    else:
        messages.error(request, _("Catatan pemakluman wajib diisi."))
    return _back_to_register(request)


@login_required
@require_POST
def breach_violation(request: HttpRequest, pk: int) -> HttpResponse:
    """Judge a breach a violation of the standard by a named person (same judges as justifying)."""
    breach = get_object_or_404(Breach.objects.select_related("content_type"), pk=pk)
    _require_judge(request.user, breach)
    form = ViolationForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            judge_violation(breach, request.user, person, form.cleaned_data["note"])
        except AlreadyJudged:
            messages.error(request, _("Pelanggaran %(label)s sudah dinilai.") % {"label": breach.label})
        else:
            messages.success(
                request,
                _("Pelanggaran %(label)s dicatat sebagai pelanggaran oleh %(person)s.")
                % {"label": breach.label, "person": person.display_name},
            )
    else:
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()
        )
        messages.error(request, _("Pelanggaran tidak dicatat: %(e)s") % {"e": errors})
    return _back_to_register(request)
