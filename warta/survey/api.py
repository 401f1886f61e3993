"""The survey API: POST /api/v1/skm/responses, GET /api/v1/skm/results."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from warta.accounts.api_auth import OptionalTokenAuth
from warta.core.api_types import Line, Text
from warta.standards.models import Service
from warta.survey import protection
from warta.survey.elements import ELEMENT_CODES, MAX_AGE, MIN_AGE, Education, Occupation
from warta.survey.models import Invitation, Source, Way, parse_period_code
from warta.survey.permissions import is_survey_staff
from warta.survey.services import (
    SurveyError,
    get_period,
    office_results,
    period_results,
    submit_response,
    today,
)

router = Router(tags=["survey"])
BAD_PERIOD = gettext_lazy("Periode tidak valid; contoh: 2026, 2026-H1, 2026-Q3.")

Answer = Annotated[int, Field(strict=True, ge=1, le=4)]
EducationCode = Literal["SD", "SMP", "SMA", "D1-D3", "D4-S1", "S2", "S3"]
OccupationCode = Literal["PNS", "TNI", "POLRI", "SWASTA", "WIRAUSAHA", "LAINNYA"]
assert set(EducationCode.__args__) == set(Education.values)  # type: ignore[attr-defined]
assert set(OccupationCode.__args__) == set(Occupation.values)  # type: ignore[attr-defined]


class AnswersIn(Schema):
    u1: Answer
    u2: Answer
    u3: Answer
    u4: Answer
    u5: Answer
    u6: Answer
    u7: Answer
    u8: Answer
    u9: Answer


class RespondentIn(Schema):
    sex: Literal["L", "P"]
    age: Annotated[int, Field(strict=True, ge=MIN_AGE, le=MAX_AGE)]
    education: EducationCode
    occupation: OccupationCode


class ResponseIn(Schema):
    service: Line = Field(..., max_length=100, description="The slug of the service standard")
    answers: AnswersIn
    respondent: RespondentIn
    suggestion: Text = Field("", max_length=2000)
    invitation: Line | None = Field(None, max_length=100, description="The code of the personal survey link")
    surveyed_at: dt.date | None = Field(None, description="Office staff only: the date on the paper")
    source: Literal["online", "paper"] | None = Field(None, description="Office staff only")


class ResponseOut(Schema):
    id: int
    service: str
    surveyed_at: dt.date
    source: str
    way: str


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem] | str


class ResultsOut(Schema):
    service: str | None
    period: str
    starts_on: dt.date
    ends_on: dt.date
    population: int
    target_sample: int
    respondents: int
    nrr: dict[str, float | None]
    ikm: float | None
    ikm_converted: float | None
    grade: str | None
    grade_label: str


def _error(field: str, message, prefix: tuple[str, ...] = ("body", "payload")) -> dict:
    loc = [*prefix, *field.split(".")] if field else list(prefix)
    return {"detail": [{"loc": loc, "msg": str(message)}]}


@router.post(
    "/responses",
    auth=OptionalTokenAuth(),
    response={201: ResponseOut, 400: ErrorOut, 401: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Kirim jawaban survei",
)
def create_response(request: HttpRequest, payload: ResponseIn):
    """Anonymous callers answer the open survey (rate limited); a staff token enters paper questionnaires."""
    user = request.auth if not isinstance(request.auth, bool) else None  # type: ignore[attr-defined]
    staff = bool(user is not None and is_survey_staff(user))
    if not staff:
        if protection.rate_limited(request):
            return Status(429, {"detail": _("Terlalu banyak kiriman dari alamat ini. Coba lagi beberapa menit lagi.")})
        protection.hit(request)
        if payload.surveyed_at is not None:
            return Status(422, _error("surveyed_at", _("Hanya petugas kantor yang boleh mengisi tanggal survei.")))
        if payload.source is not None and payload.source != Source.ONLINE:
            return Status(422, _error("source", _("Hanya petugas kantor yang boleh memasukkan kuesioner kertas.")))

    service = Service.objects.filter(slug=payload.service).first()
    if service is None:
        return Status(422, _error("service", _("Layanan tidak dikenal.")))

    invitation = None
    if payload.invitation:
        invitation = Invitation.objects.filter(code=payload.invitation).first()
        if invitation is None:
            return Status(422, _error("invitation", _("Tautan survei tidak dikenal.")))
        if invitation.service_id != service.pk:
            return Status(422, _error("invitation", _("Tautan survei ini untuk layanan lain.")))
        if invitation.is_used:
            return Status(409, _error("invitation", _("Tautan survei ini sudah dipakai untuk mengisi survei.")))

    surveyed_on = payload.surveyed_at if staff else None
    if surveyed_on is not None and surveyed_on > today():
        return Status(422, _error("surveyed_at", _("Tanggal survei tidak boleh di masa depan.")))
    source: str = Source.ONLINE
    if staff:
        source = payload.source or (Source.PAPER if payload.surveyed_at else Source.ONLINE)
    way = Way.INVITATION if invitation else (Way.STAFF if staff else Way.API)
    try:
        response = submit_response(
            service=service,
            answers=payload.answers.dict(),
            respondent=payload.respondent.dict(),
            suggestion=payload.suggestion,
            surveyed_on=surveyed_on,
            source=source,
            way=way,
            invitation=invitation,
            entered_by=user if staff else None,
        )
    except SurveyError as error:
        status = 409 if error.field == "invitation" else 422
        return Status(status, _error(error.field, error.message))
    return Status(
        201,
        {
            "id": response.pk,
            "service": service.slug,
            "surveyed_at": response.surveyed_on,
            "source": response.source,
            "way": response.way,
        },
    )


@router.get("/results", response={200: ResultsOut, 404: ErrorOut, 422: ErrorOut}, summary="Hasil survei")
def results(
    request: HttpRequest,
    period: Annotated[Line, Field(max_length=20)] | None = None,
    service: Annotated[Line, Field(max_length=100)] | None = None,
):
    """The index of a service (or, without `service`, of the whole office) in a period (`2026`, `2026-H1`, `2026-Q3`)."""
    code = period or str(today().year)
    if service:
        service_obj = Service.objects.filter(slug=service).first()
        if service_obj is None:
            return Status(404, _error("service", _("Layanan tidak dikenal."), prefix=("query",)))
        if parse_period_code(code) is None:
            return Status(422, _error("period", BAD_PERIOD, prefix=("query",)))
        period_obj = get_period(service_obj, code)
        if period_obj is None:
            return Status(
                404, _error("period", _("Periode ini belum dibuat untuk layanan tersebut."), prefix=("query",))
            )
        data = period_results(period_obj)
    else:
        office = office_results(code)
        if office is None:
            return Status(422, _error("period", BAD_PERIOD, prefix=("query",)))
        data = office
    index = data.index
    nrr = index.nrr_rounded(3)
    return Status(
        200,
        {
            "service": data.service.slug if data.service else None,
            "period": data.code,
            "starts_on": data.starts_on,
            "ends_on": data.ends_on,
            "population": data.population,
            "target_sample": data.target_sample,
            "respondents": data.respondents,
            "nrr": {code_: (float(nrr[code_]) if code_ in nrr else None) for code_ in ELEMENT_CODES},
            "ikm": float(index.ikm_rounded) if index.ikm_rounded is not None else None,
            "ikm_converted": float(index.converted) if index.converted is not None else None,
            "grade": index.grade,
            "grade_label": index.grade_label,
        },
    )
