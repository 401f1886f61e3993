"""The SKM report (PDF) and tabulation (XLSX) of a big period are built in the worker (warta.core.downloads)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from warta.core.downloads import Built, register
from warta.survey.permissions import is_survey_staff

REPORT_PDF = "survey.report_pdf"
TABULATION_XLSX = "survey.tabulation_xlsx"


def _period(params: dict[str, Any]):
    from warta.survey.models import Period

    return Period.objects.select_related("service").get(pk=params["period"])


def build_report_pdf(params: dict[str, Any]) -> Built:
    from warta.survey.reports import render_report_pdf

    with translation.override(params.get("language") or "id"):
        return Built(render_report_pdf(_period(params)), "application/pdf")


def build_tabulation_xlsx(params: dict[str, Any]) -> Built:
    from warta.survey.reports import XLSX_TYPE, render_tabulation_xlsx

    with translation.override(params.get("language") or "id"):
        return Built(render_tabulation_xlsx(_period(params)), XLSX_TYPE)


def _may_access(user, _params: dict[str, Any]) -> bool:
    """The same people who may download the report inline: office staff and admins."""
    return is_survey_staff(user)


def register_kinds() -> None:
    register(REPORT_PDF, build=build_report_pdf, may_access=_may_access)
    register(TABULATION_XLSX, build=build_tabulation_xlsx, may_access=_may_access)
