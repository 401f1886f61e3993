"""The staffing page: the measured load, the chance of meeting the standard's time with 1, 2, 3 …
staff on duty (M/M/k, Erlang C), beside the number of executors the standard states."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from warta.evaluation import staffing
from warta.evaluation.access import may_see_staffing
from warta.standards.services import default_service, get_value


class WhatIfForm(forms.Form):
    """Change the measured figures to see another month's load or a faster handling."""

    per_jam = forms.FloatField(
        label=_("Permohonan per jam kerja"), min_value=0, max_value=500, required=False, localize=False
    )
    menit = forms.FloatField(
        label=_("Rata-rata waktu penanganan (menit)"), min_value=1, max_value=2000, required=False, localize=False
    )
    batas = forms.FloatField(
        label=_("Waktu yang tersedia bagi pelaksana (menit)"),
        min_value=1,
        max_value=20000,
        required=False,
        localize=False,
        help_text=_("Bawaan: seluruh waktu penyelesaian standar. Kurangi dengan waktu disposisi bila perlu."),
    )
    sasaran = forms.IntegerField(label=_("Sasaran (% tepat waktu)"), min_value=50, max_value=99, required=False)


@login_required
@require_GET
def staffing_page(request: HttpRequest) -> HttpResponse:
    if not may_see_staffing(request.user):
        raise PermissionDenied
    measured = staffing.measure()
    service = default_service()
    completion = get_value(service, "completion_time") if service else None
    stated = get_value(service, "executors") if service else None
    standard_minutes = staffing.minutes_of(completion)
    form = WhatIfForm(request.GET or None)
    wished = form.cleaned_data if form.is_valid() else {}

    rate = wished.get("per_jam")
    rate = measured.rate_per_hour if rate is None else rate
    busiest = measured.busiest
    handling = wished.get("menit") or measured.handling_minutes
    handling_estimated = handling is None
    handling = handling or staffing.DEFAULT_HANDLING_MINUTES
    target = wished.get("batas") or standard_minutes or 60.0
    share = (wished.get("sasaran") or round(staffing.DEFAULT_TARGET_SHARE * 100)) / 100
    rows = staffing.table(
        rate_per_hour=rate,
        handling_minutes=handling,
        target_minutes=target,
        busiest_rate_per_hour=busiest.rate if busiest and wished.get("per_jam") is None else None,
        stated=stated if isinstance(stated, int) else None,
        target_share=share,
    )
    return render(
        request,
        "evaluation/staffing.html",
        {
            "form": form,
            "measured": measured,
            "busiest": busiest if wished.get("per_jam") is None else None,
            "rate": rate,
            "handling": handling,
            "handling_estimated": handling_estimated,
            "target": target,
            "standard_minutes": standard_minutes,
            "stated": stated,
            "share": share,
            "share_percent": round(share * 100),
            "rows": rows,
            "enough": next((r for r in rows if r.enough), None),
            "chart": staffing.chart(rows, share),
            "load": rate / 60 * handling,
            "weeks": staffing.WEEKS,
            "default_handling": staffing.DEFAULT_HANDLING_MINUTES,
        },
    )
