"""The survey's actions and queries: periods, population, results, invitations, saving an answer."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import cached_property

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.accounts import roles
from warta.core.office import get_office, office_zone
from warta.notify import contact, send, whatsapp
from warta.notify.models import WhatsAppTemplate
from warta.standards.models import Service
from warta.standards.services import default_service
from warta.survey.index import Index, Profile, compute_index, compute_profile, sample_size
from warta.survey.models import (
    Invitation,
    Period,
    PeriodKind,
    Response,
    Source,
    Way,
    parse_period_code,
    period_bounds,
    period_code,
)

log = logging.getLogger(__name__)


class SurveyError(Exception):
    """A refused answer; `field` names the input at fault."""

    field = ""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field


class InvitationUsed(SurveyError):
    field = "invitation"


class PeriodClosed(SurveyError):
    field = "surveyed_at"


def today() -> dt.date:
    return timezone.localtime(timezone.now(), office_zone()).date()


# --- Periods -------------------------------------------------------------------------------------


def get_period(service: Service, code: str) -> Period | None:
    """The period named `code`; the yearly period exists for every year without anyone opening it."""
    parsed = parse_period_code(code)
    if parsed is None:
        return None
    year, kind, number = parsed
    if kind == PeriodKind.YEAR:
        try:
            period, _created = Period.objects.get_or_create(service=service, year=year, kind=kind, number=0)
        except IntegrityError:  # created at the same moment by another request
            period = Period.objects.get(service=service, year=year, kind=kind, number=0)
        return period
    return Period.objects.filter(service=service, year=year, kind=kind, number=number).first()


def periods_of(service: Service) -> list[Period]:
    """The service's periods, newest first; the current year's is always there."""
    get_period(service, str(today().year))
    periods = list(Period.objects.filter(service=service).select_related("service"))
    return sorted(periods, key=lambda p: (-p.year, p.starts_on, -(p.ends_on - p.starts_on).days))


def open_periods(service: Service, year: int, kind: str, by=None) -> list[Period]:
    """The kabid sets the halves or the quarters of a year (the year itself always exists)."""
    count = 2 if kind == PeriodKind.HALF else 4
    created = []
    for number in range(1, count + 1):
        period, _new = Period.objects.get_or_create(
            service=service, year=year, kind=kind, number=number, defaults={"created_by": by}
        )
        created.append(period)
    return created


def close_period(period: Period, by) -> None:
    Period.objects.filter(pk=period.pk, closed_at__isnull=True).update(closed_at=timezone.now(), closed_by=by)
    period.refresh_from_db()


def reopen_period(period: Period) -> None:
    Period.objects.filter(pk=period.pk).update(closed_at=None, closed_by=None)
    period.refresh_from_db()


def closed_period_for(service: Service, day: dt.date) -> Period | None:
    """A closed period of the service that contains `day` (answers dated in it are refused)."""
    for period in Period.objects.filter(service=service, year=day.year, closed_at__isnull=False):
        if period.contains(day):
            return period
    return None


# --- Population and results ----------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=office_zone())


def completed_requests(start: dt.date, end: dt.date, service: Service | None = None) -> int:
    """Published requests whose publication falls in [start, end], in the office's days."""
    from warta.desk.models import PublicationRequest, Status

    qs = PublicationRequest.objects.filter(
        status=Status.PUBLISHED,
        published_at__gte=_day_start(start),
        published_at__lt=_day_start(end + dt.timedelta(days=1)),
    )
    if service is not None:
        condition = Q(service=service)
        default = default_service()
        if default is not None and default.pk == service.pk:
            condition |= Q(service__isnull=True)  # requests logged without a service are of the default one
        qs = qs.filter(condition)
    return qs.count()


@dataclass
class Results:
    """Everything the results page, the API and the report show for a period."""

    service: Service | None
    period: Period | None
    code: str
    label: str
    starts_on: dt.date
    ends_on: dt.date
    completed: int
    served_outside: int
    index: Index
    _responses: QuerySet[Response] = field(repr=False)

    @property
    def population(self) -> int:
        return self.completed + self.served_outside

    @property
    def target_sample(self) -> int:
        return sample_size(self.population)

    @property
    def respondents(self) -> int:
        return self.index.respondents

    @property
    def sample_reached(self) -> bool:
        return self.population > 0 and self.respondents >= self.target_sample

    def responses(self) -> QuerySet[Response]:
        return self._responses

    @cached_property
    def profile(self) -> Profile:
        return compute_profile(self.responses())

    def suggestions(self, limit: int | None = None) -> list[Response]:
        qs = self.responses().exclude(suggestion="").order_by("-surveyed_on", "-pk")
        return list(qs[:limit] if limit else qs)

    def weakest(self, count: int = 3) -> list[dict]:
        rows = {row["code"]: row for row in self.index.rows()}
        return [rows[code] for code, _value in self.index.ranked()[:count]]

    def strongest(self, count: int = 3) -> list[dict]:
        rows = {row["code"]: row for row in self.index.rows()}
        return [rows[code] for code, _value in reversed(self.index.ranked()[-count:])]


def _responses(start: dt.date, end: dt.date, service: Service | None) -> QuerySet[Response]:
    qs = Response.objects.filter(surveyed_on__gte=start, surveyed_on__lte=end)
    return qs.filter(service=service) if service is not None else qs


def period_results(period: Period) -> Results:
    start, end = period.bounds
    responses = _responses(start, end, period.service)
    return Results(
        service=period.service,
        period=period,
        code=period.code,
        label=period.label,
        starts_on=start,
        ends_on=end,
        completed=completed_requests(start, end, period.service),
        served_outside=period.served_outside,
        index=compute_index(responses),
        _responses=responses,
    )


def office_results(code: str) -> Results | None:
    """The office as a whole: every service's answers in the period, every service's population."""
    parsed = parse_period_code(code)
    if parsed is None:
        return None
    year, kind, number = parsed
    start, end = period_bounds(year, kind, number)
    responses = _responses(start, end, None)
    outside = sum(Period.objects.filter(year=year, kind=kind, number=number).values_list("served_outside", flat=True))
    label = Period(year=year, kind=kind, number=number).label
    return Results(
        service=None,
        period=None,
        code=period_code(year, kind, number),
        label=label,
        starts_on=start,
        ends_on=end,
        completed=completed_requests(start, end, None),
        served_outside=outside,
        index=compute_index(responses),
        _responses=responses,
    )


# --- Answers -------------------------------------------------------------------------------------


def submit_response(
    *,
    service: Service,
    answers: dict[str, int],
    respondent: dict,
    suggestion: str = "",
    surveyed_on: dt.date | None = None,
    source: str = Source.ONLINE,
    way: str = Way.OPEN,
    invitation: Invitation | None = None,
    entered_by=None,
) -> Response:
    """Save one questionnaire, all or nothing. The caller has validated the values."""
    day = surveyed_on or today()
    closed = closed_period_for(service, day)
    if closed is not None:
        raise PeriodClosed(
            _("Periode survei %(period)s sudah ditutup; jawaban bertanggal di dalamnya tidak diterima lagi.")
            % {"period": closed.code}
        )
    with transaction.atomic():
        if invitation is not None:
            claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
            if claimed != 1:
                raise InvitationUsed(_("Tautan survei ini sudah dipakai untuk mengisi survei."))
        response = Response.objects.create(
            service=service,
            surveyed_on=day,
            submitted_at=timezone.now(),
            source=source,
            way=way,
            invitation=invitation,
            entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None,
            sex=respondent["sex"],
            age=respondent["age"],
            education=respondent["education"],
            occupation=respondent["occupation"],
            suggestion=(suggestion or "").strip(),
            **{code: int(value) for code, value in answers.items()},
        )
    return response


# --- Invitations ---------------------------------------------------------------------------------


def create_invitation(request) -> Invitation | None:
    """The personal link of a published request (one per request)."""
    service = request.service or default_service()
    if service is None:
        return None
    invitation, _created = Invitation.objects.get_or_create(request=request, defaults={"service": service})
    return invitation


def invitation_for(request) -> Invitation | None:
    """The request's survey invitation, for the desk page to show the link (or None)."""
    return Invitation.objects.filter(request=request).first()


def invitation_message(invitation: Invitation) -> str:
    office = get_office()
    return _(
        "Yth. %(name)s, permohonan publikasi %(number)s telah dipublikasikan. Mohon kesediaan Anda mengisi "
        "Survei Kepuasan Masyarakat %(office)s (± 3 menit): %(url)s"
    ) % {
        "name": invitation.request.contact_name,
        "number": invitation.request.number,
        "office": f"{office.short_name} {office.regency}",
        "url": invitation.url,
    }


def _in_indonesian(render, *args):
    from django.utils import translation

    with translation.override("id"):  # the language notices to applicants go in
        return render(*args)


def invitation_wa_link(invitation: Invitation) -> str:
    """A wa.me link with the invitation written out, for staff to send by WhatsApp."""
    phone = invitation.request.contact_phone
    if not phone:
        return ""
    return send.wa_link(phone, invitation_message(invitation))


def invitation_key(request) -> str:
    """The key the invitation's WhatsApp message is written under (once per request)."""
    return f"request:{request.number}:survey"


def _offer_by_hand(request) -> bool:
    """Staff send the invitation by hand unless it went by WhatsApp (`whatsapp.offer_by_hand`)."""
    status = whatsapp.statuses([invitation_key(request)]).get(invitation_key(request))
    return whatsapp.offer_by_hand(status, emailed=bool(request.contact_email))


def invitation_panel(http_request, request, staff: bool):
    """The request page's panel: the survey link, whether it was used, and a wa.me link for staff."""
    from django.template.loader import render_to_string

    invitation = invitation_for(request)
    if invitation is None:
        return None
    context = {
        "invitation": invitation,
        "staff": staff,
        "wa_link": invitation_wa_link(invitation) if staff and _offer_by_hand(request) else "",
    }
    return render_to_string("survey/_request_panel.html", context, request=http_request)


def on_request_published(sender, request, **kwargs) -> None:
    """Receiver of desk.signals.request_published: create the invitation and e-mail the link."""
    invitation = create_invitation(request)
    if invitation is None:
        log.warning("No service for the survey invitation of %s", request.pk)
        return
    if invitation.emailed_at is None and not invitation.is_used:
        # By WhatsApp (the SKM template) when it is on and the contact left a number, else by e-mail.
        office = get_office()
        used = contact.tell(
            phone=request.contact_phone,
            email=request.contact_email,
            key=invitation_key(request),
            event=WhatsAppTemplate.Event.SURVEY,
            values={"number": request.number, "title": request.title, "survey_url": invitation.url},
            text=_in_indonesian(invitation_message, invitation),
            subject=_("Survei Kepuasan Masyarakat: permohonan %(number)s") % {"number": request.number},
            email_template="survey/email/invitation",
            email_context={"invitation": invitation, "request": request, "office": office, "url": invitation.url},
            about=f"request:{request.number}",
            role=roles.STAF_IKP,
            url=request.get_absolute_url(),
        )
        if used:
            Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
