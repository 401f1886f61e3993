"""The monthly pack for the evaluation meeting: a PDF on the office's letterhead (WeasyPrint) and a
workbook (openpyxl) with every figure and the month's request list. A month with many requests is
built in the worker (warta.core.downloads), as the survey's report is."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from warta.accounts.models import Organization
from warta.clock.models import SlaOutcome
from warta.core.downloads import Built, register
from warta.core.office import get_office, office_zone
from warta.desk.models import Channel, Platform, Status
from warta.evaluation import dashboard, figures
from warta.evaluation.figures import Filters
from warta.evaluation.figures_access import may_see_figures

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACK_PDF = "evaluation.pack_pdf"
PACK_XLSX = "evaluation.pack_xlsx"
# A month with more requests than this gets its pack built in the worker; smaller ones at once.
INLINE_PACK_MAX_REQUESTS = 3000


def filename(month_code: str, filters: Filters, extension: str) -> str:
    parts = [f"paket-evaluasi-{month_code}"]
    if filters.organization is not None:
        parts.append(filters.organization.code)
    if filters.platform:
        parts.append(filters.platform)
    return "-".join(parts) + f".{extension}"


# --- PDF -----------------------------------------------------------------------------------------


def pdf_context(month, filters: Filters) -> dict[str, Any]:
    context = dashboard.build(month, filters)
    office = get_office()
    logo_src = ""
    if office.logo:
        with contextlib.suppress(NotImplementedError, ValueError):
            logo_src = Path(office.logo.path).as_uri()
    context.update(
        office=office,
        logo_src=logo_src,
        css_uri=Path(str(finders.find("evaluation/pack_pdf.css"))).as_uri(),
        printed_at=timezone.now(),
    )
    return context


def render_pdf(month, filters: Filters) -> bytes:
    from warta.desk.pdf import html_to_pdf

    html = render_to_string("evaluation/pack_pdf.html", pdf_context(month, filters))
    return html_to_pdf(html)


# --- XLSX ----------------------------------------------------------------------------------------


def request_rows(month, filters: Filters):
    """The month's requests, one row each, with their working and paused minutes (summed by the database)."""
    before_publication = ~Q(events__from_status=Status.PUBLISHED)
    return (
        figures.requests_of(month, filters)
        .annotate(  # one join and GROUP BY over the events, not a subquery per row
            minutes=Coalesce(Sum("events__working_minutes", filter=before_publication), 0),
            paused=Coalesce(Sum("events__paused_minutes", filter=before_publication), 0),
        )
        .order_by("received_at", "pk")
        .values_list(
            "number",
            "received_at",
            "organization__name",
            "channel",
            "platforms",
            "status",
            "published_at",
            "sla_outcome",
            "minutes",
            "paused",
        )
    )


def _text(value: str) -> str:
    """Text from a request as a plain value: no control characters, and not a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def render_xlsx(month, filters: Filters) -> bytes:
    from openpyxl import Workbook

    context = dashboard.build(month, filters, with_charts=False)
    months = context["months"]
    series = context["series"]
    book = Workbook(write_only=True)

    sheet = book.create_sheet(_("Ringkasan"))
    sheet.append([_("Paket evaluasi bulanan"), context["month_label"]])
    if filters.organization is not None:
        sheet.append([_("Organisasi"), filters.organization.name])
    if filters.platform:
        sheet.append([_("Platform"), str(Platform(filters.platform).label)])
    sheet.append([])
    sheet.append([_("Angka"), *series, _("Satuan")])
    for row in context["summary"]:
        sheet.append([str(row["label"]), *row["values"], str(row["unit"])])
    skm = context["skm"]
    sheet.append([])
    if skm:
        sheet.append([_("Indeks Kepuasan Masyarakat terakhir"), skm["ikm"], skm["grade"], skm["label"]])
    else:
        sheet.append([_("Indeks Kepuasan Masyarakat terakhir"), _("belum ada")])

    def breakdown(title: str, key: str, labels: dict[str, str]) -> None:
        part = book.create_sheet(title)
        part.append([_("Kode"), _("Nama"), *series])
        codes = list(dict.fromkeys(code for m in months for code in m["requests"][key]))
        for code in codes:
            part.append([code, labels.get(code, code), *[m["requests"][key].get(code, 0) for m in months]])

    breakdown(_("Saluran"), "by_channel", {c: str(label) for c, label in Channel.choices})
    org_codes = {code for m in months for code in m["requests"]["by_organization"]}
    breakdown(
        _("Organisasi"),
        "by_organization",
        dict(Organization.objects.filter(code__in=org_codes).values_list("code", "name")),
    )
    breakdown(_("Platform"), "by_platform", {c: str(label) for c, label in Platform.choices})

    spent = book.create_sheet(_("Waktu"))
    spent.append([_("Tahap"), _("Menit kerja"), _("Menit dijeda")])
    for place in months[0]["requests"]["time_spent"]:
        spent.append([str(place["label"]), place["working"], place["paused"]])

    requests = book.create_sheet(_("Permohonan"))
    requests.append(
        [
            _("Nomor"),
            _("Diterima"),
            _("Organisasi"),
            _("Saluran"),
            _("Platform"),
            _("Status"),
            _("Dipublikasikan"),
            _("Hasil tenggat"),
            _("Menit kerja"),
            _("Menit dijeda"),
        ]
    )
    zone = office_zone()
    channels = {c: str(label) for c, label in Channel.choices}
    statuses = {s: str(label) for s, label in Status.choices}

    def local(moment):
        return moment.astimezone(zone).replace(tzinfo=None) if moment else None

    outcomes = {o: str(label) for o, label in SlaOutcome.choices}
    rows = request_rows(month, filters).iterator(chunk_size=2000)
    for number, received, name, channel, platforms, status, published, outcome, minutes, paused in rows:
        requests.append(
            [
                number,
                local(received),
                _text(name),
                channels.get(channel, channel),
                ", ".join(platforms or []),
                statuses.get(status, status),
                local(published),
                outcomes.get(outcome, outcome),
                minutes,
                paused,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- built in the worker -------------------------------------------------------------------------


def params_for(month_code: str, filters: Filters, language: str) -> dict[str, Any]:
    return {
        "month": month_code,
        "organization": filters.organization.code if filters.organization else "",
        "platform": filters.platform,
        "language": language or "id",
    }


def _from_params(params: dict[str, Any]):
    month = figures.parse_month(params.get("month"))
    if month is None:
        raise ValueError("the pack's month is not valid")
    code = params.get("organization") or ""
    organization = Organization.objects.get(code=code) if code else None
    return month, Filters(organization=organization, platform=params.get("platform") or "")


def build_pdf(params: dict[str, Any]) -> Built:
    with translation.override(params.get("language") or "id"):
        return Built(render_pdf(*_from_params(params)), "application/pdf")


def build_xlsx(params: dict[str, Any]) -> Built:
    with translation.override(params.get("language") or "id"):
        return Built(render_xlsx(*_from_params(params)), XLSX_TYPE)


def _may_access(user, _params: dict[str, Any]) -> bool:
    return may_see_figures(user)


def register_kinds() -> None:
    register(PACK_PDF, build=build_pdf, may_access=_may_access)
    register(PACK_XLSX, build=build_xlsx, may_access=_may_access)


def is_large(month, filters: Filters) -> bool:
    return figures.requests_of(month, filters).count() > INLINE_PACK_MAX_REQUESTS
