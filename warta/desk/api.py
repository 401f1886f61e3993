"""The desk's JSON API at /api/v1/requests (see docs/api.md).

Thin: it parses input, asks `access` what the caller may see, calls `intake.create_request` or
`transitions.perform`, and renders the result. Errors, in this order: 404 (the caller may not see
the request, or no such action), 403 (their role may not act), 409 (the status does not allow it),
422 (a field is wrong, named in django-ninja's validation shape).
"""

import datetime as dt
import hashlib
import json
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from warta.accounts import roles
from warta.accounts.api_auth import TokenAuth
from warta.accounts.models import Organization, User
from warta.core.api_types import BoundedPagination, Line, max_length
from warta.core.validators import received_at_problem
from warta.desk import access, intake, posting, timeline, transitions
from warta.desk.models import OPEN_STATUSES, Attachment, IdempotencyKey, PublicationRequest
from warta.desk.rules import REQUEST_ACTIONS
from warta.desk.schemas import (
    ActionIn,
    AttachmentOut,
    ErrorOut,
    RequestCreatedOut,
    RequestIn,
    RequestListOut,
    RequestOut,
    StatusCode,
    ValidationErrorOut,
    field_errors,
)
from warta.desk.tracking import tracking_url

router = Router(tags=["desk"], auth=TokenAuth())

# Model field → the API field that carries it (for errors).
API_FIELD = {
    "contact_name": "contact.name",
    "contact_phone": "contact.phone",
    "contact_email": "contact.email",
    "letter_number": "letter.number",
    "letter_date": "letter.date",
    "letter_signatory": "letter.signatory",
    "letter_signed": "letter.signed",
    "letter_stamped": "letter.stamped",
    "agenda_number": "letter.agenda_number",
}

# Every status an operation can answer besides its success, documented in the OpenAPI schema:
# 400 a body that is not JSON, 401 no or a bad token, then the desk's order 404/403/409/422.
COMMON: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut}
ERRORS: dict[int, Any] = {**COMMON, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _invalid(errors: dict[str, str], where: tuple[str, ...] = ("body", "payload")) -> Status:
    return Status(422, field_errors(errors, where))


def _validation_errors(exc: ValidationError, default_field: str) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {
            API_FIELD.get(name, name) if name != "__all__" else default_field: " ".join(messages)
            for name, messages in exc.message_dict.items()
        }
    return {default_field: " ".join(exc.messages)}


def _event_out(entry: timeline.Entry, audience: str) -> dict:
    """One step of the timeline, as `warta.desk.timeline` shows it to this audience."""
    assert entry.event is not None
    return {
        "action": entry.action,
        "label": entry.label,
        "from_status": entry.from_status,
        "to_status": entry.to_status,
        "actor": entry.actor,
        "on_behalf": entry.on_behalf,
        "at": entry.at,
        "note": entry.note,
        "details": entry.details,
        "links": {code: url for code, _label, url in entry.links},
        "changed_fields": entry.changed_fields,
        "changes": timeline.changes_of(entry.event, audience),
    }


def attachment_out(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "alt_text": attachment.alt_text,
        "uploaded_at": attachment.uploaded_at,
    }


def request_out(req: PublicationRequest, user: User) -> dict:
    """The request as GET /requests/{number} shows it to this caller."""
    audience = timeline.audience_of(user)
    return {
        "number": req.number,
        "title": req.title,
        "status": req.status,
        "organization": req.organization.code,
        "channel": req.channel,
        "platforms": list(req.platforms or []),
        "received_at": req.received_at,
        "due_at": req.due_at,
        "sla": req.sla(),
        "posts": [view.as_api() for view in posting.posts_of(req)],
        "attachments": [attachment_out(a) for a in req.attachments.all()],
        "events": [_event_out(e, audience) for e in timeline.build(req, audience)],
    }


# --- creating a request ---------------------------------------------------------------------------


# How long an Idempotency-Key's first answer is kept and given again.
IDEMPOTENCY_WINDOW = dt.timedelta(days=1)
IDEMPOTENCY_HEADER = "Idempotency-Key"


@router.post(
    "",
    response={201: RequestCreatedOut, **ERRORS},
    summary="Ajukan permohonan publikasi (atau simpan draf)",
)
def create_request(
    request: HttpRequest,
    payload: RequestIn,
    idempotency_key: str | None = Header(
        None,
        alias=IDEMPOTENCY_HEADER,
        description="Kunci unik dari pengirim: kunci yang sama dalam sehari mendapat jawaban pertama lagi, "
        "tanpa membuat permohonan kedua.",
        max_length=255,
    ),
):
    key = (idempotency_key or "").strip()
    if not key:
        return _create_request(request, payload)
    return _idempotent(request, key, lambda: _create_request(request, payload))


def _answer(result: Status) -> tuple[int, Any]:
    """The answer as JSON values, exactly as it is sent (so a replay sends the same body)."""
    code = result.status_code
    body = result.value
    if code == 201:
        body = RequestCreatedOut.model_validate(body).model_dump(mode="json")
    return code, json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def _idempotent(request: HttpRequest, key: str, create) -> Status:
    """The first answer for this user's `key` within a day, or a new one (kept for the next time)."""
    user = _user(request)
    fingerprint = hashlib.sha256(request.body).hexdigest()
    now = timezone.now()
    IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_WINDOW).delete()
    stored = IdempotencyKey.objects.filter(user=user, key=key).first()
    if stored is None:
        with transaction.atomic():
            try:
                with transaction.atomic():  # the key first: a second sender waits here for the first one
                    record: IdempotencyKey | None = IdempotencyKey.objects.create(
                        user=user, key=key, fingerprint=fingerprint, created_at=now
                    )
            except IntegrityError:  # the same key at the same moment: the other one answered first
                record = None
            if record is not None:
                record.status_code, record.response = _answer(create())
                record.save(update_fields=["status_code", "response"])
                return Status(record.status_code, record.response)
        stored = IdempotencyKey.objects.filter(user=user, key=key).first()
        if stored is None or not stored.status_code:
            return Status(
                409, {"detail": _("Permintaan dengan kunci yang sama sedang diproses; ulangi sebentar lagi.")}
            )
    if stored.fingerprint != fingerprint:
        return _invalid(
            {IDEMPOTENCY_HEADER: _("Idempotency-Key ini sudah dipakai untuk permintaan dengan isi lain.")}, ("header",)
        )
    return Status(stored.status_code, stored.response)


def _create_request(request: HttpRequest, payload: RequestIn) -> Status:
    user = _user(request)
    staff = roles.is_office_staff(user)
    operator = roles.has_role(user, roles.PEMOHON) and bool(user.organization_id)
    if not staff and not operator:
        return Status(403, {"detail": _("Peran Anda tidak dapat mengajukan permohonan.")})

    organization: Organization | None
    if payload.organization:
        organization = Organization.objects.filter(code=payload.organization, is_active=True).first()
        if organization is None:
            return _invalid({"organization": _("Kode organisasi tidak dikenal.")})
        if not staff and organization.pk not in user.visible_organization_ids():
            return Status(403, {"detail": _("Anda hanya dapat mengajukan permohonan untuk organisasi Anda sendiri.")})
    elif staff:
        return _invalid({"organization": _("Pilih organisasi pemohon.")})
    else:
        organization = user.organization
    assert organization is not None

    received_at = payload.received_at
    if received_at is not None:
        if not staff:
            return _invalid({"received_at": _("Hanya staf kantor yang dapat mengisi waktu diterima.")})
        problem = received_at_problem(received_at)
        if problem:
            return _invalid({"received_at": problem})

    fields: dict[str, Any] = {
        "title": payload.title.strip(),
        "caption": payload.caption,
        "captions": {k: v for k, v in payload.captions.items() if v},
        "platforms": list(dict.fromkeys(payload.platforms)),
        "publish_at": payload.publish_at,
        "collaborator": payload.collaborator.strip(),
        "links": payload.links,
        "contact_name": payload.contact.name.strip(),
        "contact_phone": payload.contact.phone.strip(),
        "contact_email": payload.contact.email.strip(),
    }
    if payload.letter is not None:
        fields.update(
            letter_number=payload.letter.number.strip(),
            letter_date=payload.letter.date,
            letter_signatory=payload.letter.signatory.strip(),
            letter_signed=payload.letter.signed,
            letter_stamped=payload.letter.stamped,
            agenda_number=payload.letter.agenda_number.strip(),
        )
    try:
        req = intake.create_request(
            user=user,
            organization=organization,
            channel=payload.channel,
            received_at=received_at,
            fields=fields,
            submit=payload.submit,
        )
    except transitions.InvalidData as exc:
        return _invalid(exc.errors or {"__all__": exc.message})
    except transitions.TransitionError as exc:
        return Status(exc.status_code, {"detail": exc.message})
    except ValidationError as exc:
        return _invalid(_validation_errors(exc, "__all__"))
    return Status(
        201,
        {
            "number": req.number,
            "status": req.status,
            "received_at": req.received_at,
            "due_at": req.due_at,
            "tracking_url": tracking_url(req.number),
            "tracking_code": getattr(req, "raw_tracking_code", None),
        },
    )


# --- reading --------------------------------------------------------------------------------------


@router.get("", response={200: list[RequestListOut], **COMMON}, summary="Daftar permohonan yang boleh Anda lihat")
@paginate(BoundedPagination)
def list_requests(
    request: HttpRequest,
    status: StatusCode | None = None,
    organization: Annotated[Line, Field(max_length=50)] | None = None,
):
    qs = access.visible_requests(_user(request)).order_by("-received_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(organization__code=organization)
    return qs


@router.get(
    "/{number}", response={200: RequestOut, 404: ErrorOut, **COMMON}, summary="Rincian, SLA, tautan dan riwayat"
)
def get_request(request: HttpRequest, number: str):
    user = _user(request)
    req = access.visible_requests(user).filter(number=number).first()
    if req is None:
        return Status(404, {"detail": _("Permohonan tidak ditemukan.")})
    return Status(200, request_out(req, user))


# --- acting on a request --------------------------------------------------------------------------


@router.post(
    "/{number}/actions/{action}",
    response={200: RequestOut, **ERRORS},
    summary="Lakukan tindakan: " + ", ".join(REQUEST_ACTIONS),
)
def act(request: HttpRequest, number: str, action: str, payload: ActionIn | None = None):
    user = _user(request)
    req = access.visible_requests(user).filter(number=number).first()
    if req is None:
        return Status(404, {"detail": _("Permohonan tidak ditemukan.")})
    if action not in REQUEST_ACTIONS:
        return Status(404, {"detail": _("Tindakan tidak dikenal.")})
    data: dict[str, Any] = payload.dict() if payload is not None else {}
    try:
        transitions.perform(req, action, user, data)
    except transitions.InvalidData as exc:
        return _invalid(exc.errors or {"__all__": exc.message})
    except transitions.TransitionError as exc:
        return Status(exc.status_code, {"detail": exc.message})
    req = access.visible_requests(user).get(pk=req.pk)
    return Status(200, request_out(req, user))


KIND_FORM = Form(Attachment.Kind.CONTENT, max_length=20)
ALT_TEXT_FORM = Form("", max_length=max_length(Attachment, "alt_text"))


@router.post(
    "/{number}/attachments",
    response={201: AttachmentOut, **ERRORS},
    summary="Tambahkan lampiran (materi konten, pindaian surat, bukti)",
)
def add_attachment(
    request: HttpRequest,
    number: str,
    file: UploadedFile = File(...),  # noqa: B008
    kind: str = KIND_FORM,
    alt_text: Line = ALT_TEXT_FORM,
):
    user = _user(request)
    req = access.visible_requests(user).filter(number=number).first()
    if req is None:
        return Status(404, {"detail": _("Permohonan tidak ditemukan.")})
    kinds = transitions.actor_kinds(user, req)
    if not kinds & {"applicant", "staff"}:
        return Status(403, {"detail": _("Peran Anda tidak dapat menambah lampiran.")})
    if req.status not in OPEN_STATUSES:
        return Status(409, {"detail": _("Permohonan yang sudah selesai tidak dapat diberi lampiran.")})
    if kind not in Attachment.Kind.values:
        return _invalid({"kind": _("Jenis lampiran tidak dikenal.")}, ("form",))
    try:
        attachment = intake.add_attachment(
            req, intake.Upload(file=file, kind=kind, alt_text=alt_text.strip(), name=file.name or ""), user
        )
    except ValidationError as exc:
        return _invalid({"file": " ".join(exc.messages)}, ("file",))
    return Status(201, attachment_out(attachment))
