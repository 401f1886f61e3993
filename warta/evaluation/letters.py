"""Printed records with the office's letterhead (minutes with the attendance list, reprimand letters):
an HTML page for the screen and the same template as PDF (WeasyPrint, reading local files only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from warta.core.office import get_office, logo_src

STYLESHEET = "evaluation/print.css"


def letterhead_context(*, for_pdf: bool) -> dict[str, Any]:
    office = get_office()
    return {
        "office": office,
        "logo_src": logo_src(office, for_pdf=for_pdf),
        "for_pdf": for_pdf,
        "print_css_uri": Path(str(finders.find(STYLESHEET))).as_uri() if for_pdf else "",
        "printed_at": timezone.now(),
    }


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from warta.desk.pdf import html_to_pdf

    html = render_to_string(template, {**context, **letterhead_context(for_pdf=True)}, request=request)
    response = HttpResponse(html_to_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
