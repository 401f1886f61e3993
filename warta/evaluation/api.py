"""GET /api/v1/reports/monthly: the monthly evaluation's figures (see warta.evaluation.figures), for
pimpinan, kabid_ikp, fungsional_ikp and admin tokens."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from warta.accounts.api_auth import TokenAuth
from warta.accounts.models import Organization
from warta.desk.schemas import ErrorOut, ValidationErrorOut, field_errors
from warta.evaluation import figures
from warta.evaluation.figures import Filters
from warta.evaluation.figures_access import may_see_figures

router = Router(tags=["reports"], auth=TokenAuth())


class MinutesOut(Schema):
    median: int | None
    p90: int | None


class StepMinutesOut(Schema):
    dispose: int | None
    assign: int | None
    publish: int | None


class RequestFiguresOut(Schema):
    received: int
    published: int
    rejected: int
    cancelled: int
    open: int
    by_channel: dict[str, int]
    by_organization: dict[str, int]
    by_platform: dict[str, int]
    within_standard_share: float | None = Field(..., description="0–1, of the requests published")
    minutes_to_publish: MinutesOut
    step_minutes: StepMinutesOut = Field(..., description="Working minutes per step, median")


class TierOut(Schema):
    received: int
    answered_on_time: int


class SkmOut(Schema):
    period: str
    ikm: float | None = Field(..., description="The index converted to 25–100, as its grade reads")
    grade: str | None


class BreachesOut(Schema):
    open: int
    justified: int
    violations: int


class MonthlyReportOut(Schema):
    month: str
    organization: str | None
    requests: RequestFiguresOut
    complaints: dict[str, TierOut]
    skm: SkmOut | None
    breaches: BreachesOut


def _query_error(field: str, message: str) -> Status:
    return Status(422, field_errors({field: message}, where=("query",)))


@router.get(
    "/monthly",
    response={200: MonthlyReportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Angka evaluasi bulanan",
)
def monthly(
    request: HttpRequest,
    month: Annotated[str, Field(max_length=20)] | None = None,
    organization: Annotated[str, Field(max_length=40)] | None = None,
):
    """The requests received in `month` (YYYY-MM, office time; drafts excluded) with their current
    outcome, optionally of one `organization` (its code; its UPTs included); complaints per tier, the
    latest SKM index and the month's breaches. Working minutes are integers, null when none."""
    user = request.auth  # type: ignore[attr-defined]
    if not may_see_figures(user):
        return Status(403, {"detail": _("Peran Anda tidak dapat membaca laporan evaluasi.")})
    chosen = figures.parse_month(month)
    if chosen is None:
        return _query_error("month", _("Bulan tidak valid; contoh: 2026-11."))
    org = None
    if organization:
        org = Organization.objects.filter(code=organization.strip()).first()
        if org is None:
            return _query_error("organization", _("Organisasi tidak dikenal."))
    found = figures.month_figures(chosen, Filters(organization=org))
    req = found["requests"]
    body: dict[str, Any] = {
        "month": found["month"],
        "organization": org.code if org else None,
        "requests": {key: req[key] for key in RequestFiguresOut.model_fields},
        "complaints": found["complaints"],
        "skm": {k: found["skm"][k] for k in ("period", "ikm", "grade")} if found["skm"] else None,
        "breaches": found["breaches"],
    }
    return Status(200, body)
