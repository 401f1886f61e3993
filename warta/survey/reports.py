"""The published report (PDF, WeasyPrint) and the raw tabulation (XLSX, openpyxl) of a period."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.core.office import get_office
from warta.survey.charts import elements_chart
from warta.survey.elements import ELEMENT_CODES, ELEMENTS, Education, Occupation, Sex
from warta.survey.index import GRADE_TABLE
from warta.survey.models import Period, Source
from warta.survey.services import period_results

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The appendix prints the first rows; the whole tabulation is the XLSX file.
TABULATION_LIMIT = 200
SUGGESTION_LIMIT = 300


def report_context(period: Period) -> dict:
    results = period_results(period)
    office = get_office()
    tabulation = list(
        results.responses().order_by("surveyed_on", "pk").values_list("surveyed_on", *ELEMENT_CODES)[:TABULATION_LIMIT]
    )
    return {
        "office": office,
        "logo_url": office.logo.path if office.logo else "",
        "service": period.service,
        "period": period,
        "results": results,
        "rows": results.index.rows(),
        "chart": elements_chart(results.index.nrr_rounded(2)) if results.respondents else "",
        "profile_tables": results.profile.tables(),
        "weakest": results.weakest() if results.respondents else [],
        "strongest": results.strongest() if results.respondents else [],
        "follow_ups": list(period.follow_ups.all()),
        "suggestions": results.suggestions(limit=SUGGESTION_LIMIT),
        "elements": ELEMENTS,
        "grades": GRADE_TABLE,
        "tabulation": tabulation,
        "tabulation_limited": results.respondents > TABULATION_LIMIT,
        "tabulation_limit": TABULATION_LIMIT,
        "education": Education.choices,
        "occupation": Occupation.choices,
        "sex": Sex.choices,
        "generated_at": timezone.now(),
    }


def render_report_html(period: Period) -> str:
    return render_to_string("survey/report.html", report_context(period))


def render_report_pdf(period: Period, base_url: str = "") -> bytes:
    from weasyprint import HTML

    html = render_report_html(period)
    return HTML(string=html, base_url=base_url or None).write_pdf()


def _plain_text(sheet, text: str):
    """Free text as a text cell: without the control characters a worksheet cannot hold (openpyxl refuses
    them), and not read as a formula when it starts with "=" (a respondent's text must not run in Excel)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def render_tabulation_xlsx(period: Period) -> bytes:
    """One row per respondent, one column per element and profile field; a summary sheet with the index."""
    from openpyxl import Workbook

    results = period_results(period)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tabulasi"))
    header = [
        _("No."),
        _("Tanggal survei"),
        _("Sumber"),
        _("Jenis kelamin"),
        _("Umur"),
        _("Pendidikan"),
        _("Pekerjaan"),
        *[e.short for e in ELEMENTS],
        _("Saran"),
    ]
    sheet.append(header)
    source_labels = {value: str(label) for value, label in Source.choices}  # translated once, not per row
    rows = (
        results.responses()
        .order_by("surveyed_on", "pk")
        .values_list("surveyed_on", "source", "sex", "age", "education", "occupation", *ELEMENT_CODES, "suggestion")
    )
    for number, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        day, source, sex, age, education, occupation, *rest = row
        answers, suggestion = rest[:9], rest[9]
        sheet.append(
            [
                number,
                day,
                source_labels.get(source, source),
                sex,
                age,
                education,
                occupation,
                *answers,
                _plain_text(sheet, suggestion) if suggestion else suggestion,
            ]
        )

    summary = book.create_sheet(_("Rekap"))
    summary.append([_("Layanan"), _plain_text(summary, period.service.title)])
    summary.append([_("Periode"), period.code])
    summary.append([_("Populasi (N)"), results.population])
    summary.append([_("Target sampel"), results.target_sample])
    summary.append([_("Responden"), results.respondents])
    summary.append([])
    summary.append([_("Unsur"), _("Jumlah nilai"), "NRR", _("NRR tertimbang")])
    for row in results.index.rows():
        summary.append(
            [
                f"{row['short']} {row['name']}",
                row["sum"],
                float(row["nrr"]) if row["nrr"] is not None else None,
                float(row["weighted"]) if row["weighted"] is not None else None,
            ]
        )
    if results.respondents:
        summary.append([])
        summary.append([_("IKM"), float(results.index.ikm_rounded or 0)])
        summary.append([_("IKM konversi"), float(results.index.converted or 0)])
        summary.append([_("Mutu pelayanan"), f"{results.index.grade} ({results.index.grade_label})"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
