"""The evaluation's figure pages: the dashboard (/evaluasi/), the monthly pack (page, PDF, workbook)
and the public transparency pages (/transparansi/2026/, /transparansi/2026-11/)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from warta.accounts.models import Organization
from warta.core.downloads.views import file_or_prepare
from warta.core.pagecache import cached_page
from warta.core.templatetags.warta import angka
from warta.desk.models import Platform
from warta.evaluation import dashboard, figures, pack, transparency
from warta.evaluation.figures import Filters
from warta.evaluation.figures_access import figures_required


def _filters(request: HttpRequest) -> tuple[Filters, dict[str, str]]:
    """The organisation and platform chosen on the page; an unknown one is named in the errors."""
    errors: dict[str, str] = {}
    organization = None
    code = (request.GET.get("organisasi") or "").strip()
    if code:
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            errors["organisasi"] = _("Organisasi tidak dikenal.")
    platform = (request.GET.get("platform") or "").strip()
    if platform and platform not in Platform.values:
        errors["platform"] = _("Platform tidak dikenal.")
        platform = ""
    return Filters(organization=organization, platform=platform), errors


def _choices() -> dict:
    return {
        "organizations": list(Organization.objects.filter(parent__isnull=True).order_by("name")),
        "platforms": Platform.choices,
    }


def _query(filters: Filters) -> str:
    params = filters.params()
    return "?" + urlencode(params) if params else ""


@figures_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    raw = (request.GET.get("bulan") or "").strip()
    month = figures.parse_month(raw) if raw else figures.current_month(timezone.now())
    if month is None:
        errors["bulan"] = _("Bulan tidak valid; contoh: 2026-11.")
        month = figures.current_month(timezone.now())
    filters, filter_errors = _filters(request)
    errors.update(filter_errors)
    context = dashboard.build(month, filters)
    context.update(_choices(), errors=errors, query=_query(filters), raw_month=raw or context["month_code"])
    return render(request, "evaluation/dashboard.html", context, status=400 if errors else 200)


def _month_or_404(month: str) -> dt.date:
    found = figures.parse_month(month)
    if found is None:
        raise Http404(_("Bulan tidak valid."))
    return found


@figures_required
@require_GET
def pack_page(request: HttpRequest, month: str) -> HttpResponse:
    chosen = _month_or_404(month)
    filters, errors = _filters(request)
    context = dashboard.build(chosen, filters)
    dashboard_url = (
        reverse("evaluation-dashboard") + "?" + urlencode({"bulan": context["month_code"], **filters.params()})
    )
    context.update(_choices(), errors=errors, query=_query(filters), dashboard_url=dashboard_url)
    return render(request, "evaluation/pack.html", context)


def _pack_file(
    request: HttpRequest, month: str, *, kind: str, extension: str, what: str, inline: Callable[..., tuple[bytes, str]]
) -> HttpResponse:
    """The file at once for an ordinary month; for a large one, a page that queues it in the worker."""
    chosen = _month_or_404(month)
    filters, errors = _filters(request)
    if errors:
        raise Http404(next(iter(errors.values())))
    code = figures.month_code(chosen)
    count = functools.cache(figures.requests_of(chosen, filters).count)
    return file_or_prepare(
        request,
        kind=kind,
        params=pack.params_for(code, filters, get_language() or "id"),
        title=f"{what} {dashboard.month_label(chosen)}",
        filename=pack.filename(code, filters, extension),
        small=lambda: count() <= pack.INLINE_PACK_MAX_REQUESTS,
        inline=lambda: inline(chosen, filters),
        summary=lambda: _("Bulan ini memiliki %(count)s permohonan.") % {"count": angka(count())},
        back=reverse("evaluation-pack", kwargs={"month": code}) + _query(filters),
        back_label=_("Kembali ke paket evaluasi"),
    )


@figures_required
@require_http_methods(["GET", "POST"])
def pack_pdf(request: HttpRequest, month: str) -> HttpResponse:
    return _pack_file(
        request,
        month,
        kind=pack.PACK_PDF,
        extension="pdf",
        what=_("Paket evaluasi"),
        inline=lambda m, f: (pack.render_pdf(m, f), "application/pdf"),
    )


@figures_required
@require_http_methods(["GET", "POST"])
def pack_xlsx(request: HttpRequest, month: str) -> HttpResponse:
    return _pack_file(
        request,
        month,
        kind=pack.PACK_XLSX,
        extension="xlsx",
        what=_("Data evaluasi"),
        inline=lambda m, f: (pack.render_xlsx(m, f), pack.XLSX_TYPE),
    )


# --- transparency (public) -----------------------------------------------------------------------


def _public(request: HttpRequest, name: str, build: Callable[[], dict]) -> HttpResponse:
    def page() -> HttpResponse:
        return render(request, "evaluation/transparency.html", build())

    # The figures change with every request handled: the cached page is kept for ten minutes at most.
    bucket = int(timezone.now().timestamp() // transparency.CACHE_SECONDS)
    return cached_page(
        request,
        name,
        ["survey", "standards"],
        page,
        extra=str(bucket),
        valid_until=(bucket + 1) * transparency.CACHE_SECONDS,  # the early answer stops with the bucket
    )


@require_GET
def transparency_year(request: HttpRequest, year: int) -> HttpResponse:
    if not figures.FIRST_YEAR <= year <= figures.LAST_YEAR:
        raise Http404(_("Tahun tidak valid."))
    return _public(request, f"transparency:{year}", lambda: transparency.year_context(year))


@require_GET
def transparency_month(request: HttpRequest, month: str) -> HttpResponse:
    chosen = _month_or_404(month)
    return _public(request, f"transparency:{month}", lambda: transparency.month_context(chosen))
