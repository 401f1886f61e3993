"""The complaints' JSON API at /api/v1/complaints.

Errors, in the desk's order: 404 (the caller may not see the complaint, or no such action), 403
(their role may not act), 409 (the status does not allow it), 422 (a field is wrong, by name).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from warta.accounts.api_auth import TokenAuth
from warta.accounts.models import User
from warta.clock import services as clock
from warta.complaints import access, intake, transitions
from warta.complaints.models import Complaint, Tier
from warta.complaints.rules import COMPLAINT_ACTIONS
from warta.complaints.schemas import (
    ComplaintActionIn,
    ComplaintCreatedOut,
    ComplaintIn,
    ComplaintListOut,
    ComplaintOut,
    ComplaintTierOut,
    StatusCode,
)
from warta.core.api_types import BoundedPagination
from warta.core.validators import received_at_problem
from warta.desk.schemas import ErrorOut, ValidationErrorOut, field_errors

router = Router(tags=["complaints"], auth=TokenAuth())

COMMON: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut}
ERRORS: dict[int, Any] = {**COMMON, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _invalid(errors: dict[str, str]) -> Status:
    return Status(422, field_errors(errors))


def _not_found() -> Status:
    return Status(404, {"detail": _("Pengaduan tidak ditemukan.")})


def complaint_out(c: Complaint, user: User) -> dict:
    events = c.events.select_related("actor").order_by("at", "pk")
    return {
        "number": c.number,
        "kind": c.kind,
        "channel": c.channel,
        "status": c.status,
        "title": c.title,
        "body": c.body,
        "tier": c.tier,
        "tier_provisional": c.tier_provisional,
        "category": c.category.code if c.category_id and c.category else "",
        "confidential": c.confidential,
        "lapor_tracking_id": c.lapor_tracking_id,
        "related_request": c.related_request.number if c.related_request_id and c.related_request else "",
        "assignee": c.assignee.username if c.assignee_id and c.assignee else "",
        "answer": c.answer,
        "forwarded_to": c.forwarded_to,
        "received_at": c.received_at,
        "due_at": c.due_at,
        "sla": c.sla(),
        "contact": {"name": c.contact_name, "phone": c.contact_phone, "email": c.contact_email}
        if access.can_see_identity(user, c)
        else None,
        "events": [
            {
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor_name,
                "at": e.at,
                "note": e.note,
            }
            for e in events
        ],
    }


@router.get("/tiers", response={200: list[ComplaintTierOut], **COMMON}, summary="Tingkat pengaduan dan waktunya")
def tiers(request: HttpRequest):
    from warta.standards.services import default_service

    service = default_service()
    result = []
    for key, label in Tier.choices:
        policy = clock.get_policy(service, clock.TIER_KEYS[key])
        result.append({"key": key, "label": str(label), "amount": policy.amount, "unit": policy.unit.value})
    return result


@router.post("", response={201: ComplaintCreatedOut, **ERRORS}, summary="Catat pengaduan, saran atau apresiasi")
def create_complaint(request: HttpRequest, payload: ComplaintIn):
    user = _user(request)
    if not access.sees_all(user):
        return Status(403, {"detail": _("Peran Anda tidak dapat mencatat pengaduan.")})
    problem = received_at_problem(payload.received_at)
    if problem:
        return _invalid({"received_at": problem})
    contact = payload.contact
    fields = {
        "title": payload.title,
        "body": payload.body,
        "confidential": payload.confidential,
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
        "lapor_tracking_id": payload.lapor_tracking_id,
        "related_request": payload.related_request,
    }
    classify = (
        {
            "tier": payload.tier,
            "category": payload.category,
            "related_request": payload.related_request,
            transitions.CATEGORY_LATER: True,
        }
        if payload.tier
        else None
    )
    try:
        complaint = intake.create_complaint(
            user=user,
            kind=payload.kind,
            channel=payload.channel,
            received_at=payload.received_at,
            fields=fields,
            classify=classify,
        )
    except transitions.InvalidData as exc:
        errors = {("contact." + k[8:] if k.startswith("contact_") else k): v for k, v in exc.errors.items()}
        return _invalid(errors or {"__all__": exc.message})
    except transitions.TransitionError as exc:
        return Status(exc.status_code, {"detail": exc.message})
    except ValidationError as exc:
        messages = getattr(exc, "message_dict", {"__all__": exc.messages})
        return _invalid(
            {("contact." + k[8:] if k.startswith("contact_") else k): " ".join(v) for k, v in messages.items()}
        )
    return Status(
        201,
        {
            "number": complaint.number,
            "status": complaint.status,
            "due_at": complaint.due_at,
            "tracking_code": getattr(complaint, "raw_tracking_code", ""),
        },
    )


@router.get("", response={200: list[ComplaintListOut], **COMMON}, summary="Pengaduan yang boleh Anda lihat")
@paginate(BoundedPagination)
def list_complaints(request: HttpRequest, status: StatusCode | None = None):
    qs = access.visible_complaints(_user(request)).order_by("-received_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get("/{number}", response={200: ComplaintOut, 404: ErrorOut, **COMMON}, summary="Rincian, SLA, riwayat")
def get_complaint(request: HttpRequest, number: str):
    user = _user(request)
    complaint = access.visible_complaints(user).filter(number=number).first()
    if complaint is None:
        return _not_found()
    return Status(200, complaint_out(complaint, user))


@router.post(
    "/{number}/actions/{action}",
    response={200: ComplaintOut, **ERRORS},
    summary="Lakukan tindakan: " + ", ".join(COMPLAINT_ACTIONS),
)
def act(request: HttpRequest, number: str, action: str, payload: ComplaintActionIn | None = None):
    user = _user(request)
    complaint = access.visible_complaints(user).filter(number=number).first()
    if complaint is None:
        return _not_found()
    if action not in COMPLAINT_ACTIONS:
        return Status(404, {"detail": _("Tindakan tidak dikenal.")})
    data = {k: v for k, v in (payload.dict() if payload is not None else {}).items() if v not in ("", None)}
    try:
        transitions.perform(complaint, action, user, data)
    except transitions.InvalidData as exc:
        return _invalid(exc.errors or {"__all__": exc.message})
    except transitions.TransitionError as exc:
        return Status(exc.status_code, {"detail": exc.message})
    complaint = Complaint.objects.select_related("category", "assignee", "related_request").get(pk=complaint.pk)
    if not access.can_see(user, complaint):
        return Status(200, {**complaint_out(complaint, user), "contact": None})
    return Status(200, complaint_out(complaint, user))
