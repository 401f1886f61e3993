from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from warta.core.downloads.views import file_or_prepare
from warta.core.pagecache import cached_page
from warta.core.templatetags.warta import angka
from warta.standards.models import Service
from warta.survey import protection
from warta.survey.charts import elements_chart, qr_svg
from warta.survey.forms import FollowUpForm, OpenPeriodsForm, PaperForm, PopulationForm, QuestionnaireForm
from warta.survey.index import GRADE_TABLE
from warta.survey.models import FollowUpAction, Invitation, PeriodKind, Response, Source, Way
from warta.survey.permissions import can_manage, is_survey_staff, staff_required
from warta.survey.services import (
    SurveyError,
    close_period,
    get_period,
    office_results,
    open_periods,
    period_results,
    periods_of,
    reopen_period,
    today,
)

TOKEN_FIELD = "form_token"  # noqa: S105 - a field name
TOKEN_PROBLEMS = {
    "invalid": gettext_lazy("Formulir tidak dikenali. Periksa jawaban Anda lalu kirim lagi."),
    "too_fast": gettext_lazy("Formulir terkirim terlalu cepat. Periksa jawaban Anda lalu kirim lagi."),
    "expired": gettext_lazy("Formulir sudah terlalu lama dibuka. Periksa jawaban Anda lalu kirim lagi."),
    "used": gettext_lazy(
        "Jawaban dari formulir ini sudah diterima. Untuk mengisi lagi, periksa jawaban di bawah lalu kirim."
    ),
}


def _service(slug: str) -> Service:
    return get_object_or_404(Service, slug=slug)


def _period(service: Service, code: str):
    period = get_period(service, code)
    if period is None:
        raise Http404(_("Periode survei tidak ditemukan."))
    return period


# --- Public ---------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    year = str(today().year)
    rows = []
    for service in Service.objects.all():
        period = get_period(service, year)
        rows.append({"service": service, "results": period_results(period) if period else None})
    return render(request, "survey/index.html", {"rows": rows, "year": year})


def _questionnaire_page(request, service, form, scope, *, invitation=None, status=200, problem=""):
    context = {
        "service": service,
        "form": form,
        "invitation": invitation,
        "token": protection.make_token(scope),
        "token_field": TOKEN_FIELD,
        "honeypot": protection.HONEYPOT_FIELD,
        "problem": problem,
        "action": request.path,
    }
    return render(request, "survey/questionnaire.html", context, status=status)


def _public_answer(request: HttpRequest, service: Service, scope: str, invitation: Invitation | None = None):
    """A questionnaire sent from the open or the personal link, with the flood checks."""
    if protection.rate_limited(request):
        return render(request, "survey/limited.html", {"service": service}, status=429)
    protection.hit(request)
    form = QuestionnaireForm(request.POST)
    if request.POST.get(protection.HONEYPOT_FIELD):
        # A robot filled the field people never see: thank it, keep nothing.
        return redirect("survey:thanks", slug=service.slug)
    token = request.POST.get(TOKEN_FIELD, "")
    problem = protection.check_token(token, scope)
    if form.is_valid() and problem is None:
        if not protection.claim_token(token):  # a second send of the same form (a replay)
            problem = "used"
        else:
            try:
                form.save(
                    service,
                    source=Source.ONLINE,
                    way=Way.INVITATION if invitation else Way.OPEN,
                    invitation=invitation,
                )
            except SurveyError as error:
                protection.release_token(token)
                if invitation is not None and error.field == "invitation":
                    context = {"service": service, "invitation": invitation}
                    return render(request, "survey/used.html", context, status=409)
                form.add_error(None, error.message)
            except BaseException:
                protection.release_token(token)
                raise
            else:
                return redirect("survey:thanks", slug=service.slug)
    message = TOKEN_PROBLEMS[problem] if problem else ""
    status = 409 if problem == "used" else 200
    return _questionnaire_page(request, service, form, scope, invitation=invitation, problem=message, status=status)


def questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    """The open link (and the QR code): anyone served may answer."""
    service = _service(slug)
    scope = f"open:{service.pk}"
    if request.method == "POST":
        return _public_answer(request, service, scope)
    return _questionnaire_page(request, service, QuestionnaireForm(), scope)


def invitation(request: HttpRequest, code: str) -> HttpResponse:
    """The personal link sent when a request is published: one answer per request."""
    invite = Invitation.objects.select_related("service", "request").filter(code=code).first()
    if invite is None:
        raise Http404(_("Tautan survei tidak dikenal."))
    if invite.is_used:
        return render(request, "survey/used.html", {"service": invite.service, "invitation": invite}, status=410)
    scope = f"invitation:{invite.pk}"
    if request.method == "POST":
        return _public_answer(request, invite.service, scope, invitation=invite)
    return _questionnaire_page(request, invite.service, QuestionnaireForm(), scope, invitation=invite)


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    return render(request, "survey/thanks.html", {"service": service, "year": today().year})


def _results_context(results, service=None):
    chart = elements_chart(results.index.nrr_rounded(2)) if results.respondents else ""
    return {
        "results": results,
        "service": service,
        "rows": results.index.rows(),
        "chart": chart,
        "grades": GRADE_TABLE,
    }


def results_current(request: HttpRequest, slug: str) -> HttpResponse:
    return redirect("survey:results", slug=slug, period=str(today().year))


def results(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    def page() -> HttpResponse:
        service = _service(slug)
        period_obj = _period(service, period)
        data = period_results(period_obj)
        context = _results_context(data, service)
        context.update(
            {
                "period": period_obj,
                "periods": periods_of(service),
                "follow_ups": list(period_obj.follow_ups.all()),
                "is_staff": is_survey_staff(request.user),
            }
        )
        return render(request, "survey/results.html", context)

    return cached_page(request, f"survey:{slug}:{period}", ["survey", "standards"], page)


def office_results_view(request: HttpRequest, period: str) -> HttpResponse:
    def page() -> HttpResponse:
        data = office_results(period)
        if data is None:
            raise Http404(_("Periode survei tidak ditemukan."))
        context = _results_context(data)
        context["services"] = list(Service.objects.all())
        return render(request, "survey/office_results.html", context)

    return cached_page(request, f"survey:office:{period}", ["survey", "standards"], page)


def qr_poster(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    url = request.build_absolute_uri(reverse("survey:open", kwargs={"slug": service.slug}))
    return render(request, "survey/qr.html", {"service": service, "url": url, "qr": qr_svg(url, scale=10)})


def qr_image(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    url = request.build_absolute_uri(reverse("survey:open", kwargs={"slug": service.slug}))
    svg = '<?xml version="1.0" encoding="utf-8"?>\n' + str(qr_svg(url, scale=10))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="skm-{service.slug}.svg"'
    return response


# --- Staff ----------------------------------------------------------------------------------------


@staff_required
def manage(request: HttpRequest) -> HttpResponse:
    services = [{"service": s, "periods": periods_of(s)} for s in Service.objects.all()]
    return render(
        request,
        "survey/manage.html",
        {
            "services": services,
            "can_manage": can_manage(request.user),
            "open_form": OpenPeriodsForm(initial={"year": today().year, "kind": PeriodKind.QUARTER}),
            "year": today().year,
        },
    )


@staff_required
def paper_entry(request: HttpRequest, slug: str) -> HttpResponse:
    """Office staff type in a paper questionnaire: dated as on the paper, no public limits."""
    service = _service(slug)
    form = PaperForm(request.POST or None, today=today())
    if request.method == "POST" and form.is_valid():
        try:
            form.save(service, entered_by=request.user)
        except SurveyError as error:
            form.add_error("surveyed_on" if error.field == "surveyed_at" else None, error.message)
        else:
            messages.success(request, _("Kuesioner kertas tersimpan. Silakan masukkan kuesioner berikutnya."))
            return redirect(
                f"{reverse('survey:paper', kwargs={'slug': service.slug})}?tanggal={form.cleaned_data['surveyed_on']:%Y-%m-%d}"
            )
    if request.method == "GET" and request.GET.get("tanggal"):
        form = PaperForm(initial={"surveyed_on": request.GET["tanggal"]}, today=today())
    return render(request, "survey/paper.html", {"service": service, "form": form})


@staff_required
@require_POST
def open_periods_view(request: HttpRequest, slug: str) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    service = _service(slug)
    form = OpenPeriodsForm(request.POST)
    if form.is_valid():
        created = open_periods(service, form.cleaned_data["year"], form.cleaned_data["kind"], by=request.user)
        messages.success(request, _("Periode %(codes)s siap.") % {"codes": ", ".join(p.code for p in created)})
    else:
        messages.error(request, _("Tahun atau pembagian periode tidak valid."))
    return redirect("survey:manage")


@staff_required
def manage_period(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    service = _service(slug)
    period_obj = _period(service, period)
    manager = can_manage(request.user)
    population_form = PopulationForm(instance=period_obj)
    follow_up_form = FollowUpForm(prefix="rtl")
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "population":
            population_form = PopulationForm(request.POST, instance=period_obj)
            if population_form.is_valid():
                population_form.save()
                messages.success(request, _("Populasi periode diperbarui."))
                return redirect(request.path)
        elif action == "follow_up":
            follow_up_form = FollowUpForm(request.POST, prefix="rtl")
            if follow_up_form.is_valid():
                item = follow_up_form.save(commit=False)
                item.period = period_obj
                item.created_by = request.user
                item.save()
                messages.success(request, _("Rencana tindak lanjut ditambahkan."))
                return redirect(request.path)
        elif action == "close":
            close_period(period_obj, request.user)
            messages.success(request, _("Periode %(code)s ditutup.") % {"code": period_obj.code})
            return redirect(request.path)
        elif action == "reopen":
            reopen_period(period_obj)
            messages.success(request, _("Periode %(code)s dibuka kembali.") % {"code": period_obj.code})
            return redirect(request.path)
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
            return redirect(request.path)
    data = period_results(period_obj)
    context = _results_context(data, service)
    context.update(
        {
            "period": period_obj,
            "can_manage": manager,
            "population_form": population_form,
            "follow_up_form": follow_up_form,
            "follow_ups": list(period_obj.follow_ups.all()),
            "suggestions": data.suggestions(limit=200),
            "profile_tables": data.profile.tables(),
        }
    )
    return render(request, "survey/manage_period.html", context)


@staff_required
@require_POST
def delete_follow_up(request: HttpRequest, slug: str, period: str, pk: int) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    service = _service(slug)
    period_obj = _period(service, period)
    get_object_or_404(FollowUpAction, pk=pk, period=period_obj).delete()
    messages.success(request, _("Rencana tindak lanjut dihapus."))
    return redirect("survey:manage-period", slug=slug, period=period_obj.code)


# A period with more answers than this gets its report and tabulation built in the worker
# (at 100,000 answers each takes about 15 s); smaller ones are built in the request.
INLINE_REPORT_MAX_ANSWERS = 5000


def _answers(period_obj) -> int:
    start, end = period_obj.bounds
    return Response.objects.filter(service=period_obj.service, surveyed_on__gte=start, surveyed_on__lte=end).count()


def _report_file(request: HttpRequest, slug: str, period: str, *, kind: str, what: str, filename: str, inline):
    """The file at once for a small period; for a big one, a page that queues it in the worker (POST)."""
    service = _service(slug)
    period_obj = _period(service, period)
    answers = functools.cache(lambda: _answers(period_obj))
    return file_or_prepare(
        request,
        kind=kind,
        params={"period": period_obj.pk, "language": get_language() or "id"},
        title=f"{what} {period_obj.label}: {service.title}",
        filename=filename.format(slug=service.slug, period=period_obj.code),
        small=lambda: answers() <= INLINE_REPORT_MAX_ANSWERS,
        inline=lambda: inline(request, period_obj),
        summary=lambda: _("Periode ini memiliki %(count)s jawaban.") % {"count": angka(answers())},
        back=reverse("survey:manage-period", args=[service.slug, period_obj.code]),
        back_label=_("Kembali ke pengelolaan periode"),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def report_pdf(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    from warta.survey.downloads import REPORT_PDF
    from warta.survey.reports import render_report_pdf

    return _report_file(
        request,
        slug,
        period,
        kind=REPORT_PDF,
        what=_("Laporan SKM"),
        filename="laporan-skm-{slug}-{period}.pdf",
        inline=lambda req, p: (render_report_pdf(p, base_url=req.build_absolute_uri("/")), "application/pdf"),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def tabulation_xlsx(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    from warta.survey.downloads import TABULATION_XLSX
    from warta.survey.reports import XLSX_TYPE, render_tabulation_xlsx

    return _report_file(
        request,
        slug,
        period,
        kind=TABULATION_XLSX,
        what=_("Tabulasi SKM"),
        filename="tabulasi-skm-{slug}-{period}.xlsx",
        inline=lambda _req, p: (render_tabulation_xlsx(p), XLSX_TYPE),
    )
