"""The desk list as a file: `/beranda/?format=csv` or `?format=xlsx` exports exactly the rows the
list shows (its filters applied, every page), with the same columns.

A cell that a spreadsheet would read as a formula (text starting with =, +, -, @, or a tab or
carriage return) is written with a leading apostrophe, so that an applicant's title can never run
as a formula on an office computer."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.clock.sla import state_label
from warta.core.office import office_zone
from warta.desk.models import PublicationRequest, Status

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; anything else is left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def headers(staff: bool) -> list[str]:
    columns = [_("Nomor"), _("Judul")]
    if staff:
        columns += [_("Organisasi"), _("Saluran")]
    columns += [_("Status"), _("Waktu layanan"), _("Diterima"), _("Tenggat")]
    if staff:
        columns += [_("Pelaksana")]
    return columns


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive moment in the office's zone (spreadsheets know no time zones)."""
    if moment is None:
        return None
    return timezone.localtime(moment, office_zone()).replace(tzinfo=None, microsecond=0)


def rows(requests: Iterable[PublicationRequest], staff: bool, now: dt.datetime) -> Iterator[list[Any]]:
    for req in requests:
        state = req.sla_state(now)
        row: list[Any] = [req.number, req.title]
        if staff:
            row += [req.organization.name, req.get_channel_display()]
        row += [str(Status(req.status).label), state_label(state)]
        row += [_local(req.received_at), _local(req.due_at)]
        if staff:
            row += [req.assignee.display_name if req.assignee else ""]
        yield [safe_cell(value) for value in row]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def export(requests: QuerySet[PublicationRequest], fmt: str, *, staff: bool) -> HttpResponse:
    now = timezone.now()
    stamp = timezone.localtime(now, office_zone()).strftime("%Y%m%d-%H%M")
    filename = f"permohonan-{stamp}.{fmt}"
    data = rows(requests.iterator(chunk_size=500), staff, now)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that Excel reads the file as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(headers(staff))
        for row in data:
            writer.writerow([_text(value) for value in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Permohonan"))
        sheet.append(headers(staff))
        for row in data:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                elif isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
