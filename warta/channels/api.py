"""The inbox's JSON API at /api/v1/inbox (office staff tokens; see docs/api.md).

Errors, in the desk's order: 404 (no such conversation for this caller), 403 (their role may not
act), 409 (the state does not allow it: every message converted already, free text outside the
24-hour window), 422 (a field is wrong, named in django-ninja's validation shape).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from warta.accounts.api_auth import TokenAuth
from warta.channels import access, services
from warta.channels.converters import ConversionRefused
from warta.channels.models import Conversation, Media, Message
from warta.core.api_types import BoundedPagination, ErrorOut, Line, Text, ValidationErrorOut, field_errors
from warta.core.uploads import serve_private

router = Router(tags=["inbox"], auth=TokenAuth())

COMMON: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
ERRORS: dict[int, Any] = {**COMMON, 404: ErrorOut, 409: ErrorOut}


class ContactOut(Schema):
    name: str
    phone: str
    handle: str


class ConversationOut(Schema):
    """Read from a Conversation (the list pages through the query, row by row)."""

    id: int
    channel: Literal["whatsapp", "instagram"]
    contact: ContactOut
    last_message_at: dt.datetime | None
    unread: int
    window_ends_at: dt.datetime | None

    @staticmethod
    def resolve_channel(conversation: Conversation) -> str:
        return conversation.platform

    @staticmethod
    def resolve_contact(conversation: Conversation) -> dict[str, str]:
        return {
            "name": conversation.contact_name,
            "phone": conversation.contact_phone,
            "handle": conversation.contact_handle,
        }


class MediaOut(Schema):
    id: int
    content_type: str
    url: str


class MessageOut(Schema):
    id: int
    direction: Literal["in", "out"]
    type: str
    text: str
    media: list[MediaOut]
    at: dt.datetime
    status: Literal["received", "sent", "delivered", "read", "failed", "unknown"]


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(conversation: Conversation) -> list[dict[str, Any]]:
        messages = conversation.messages.select_related("whatsapp").prefetch_related("media").order_by("at", "pk")
        return [message_out(conversation, m) for m in messages]


class ReplyIn(Schema):
    text: Text = Field(
        "", max_length=4096, description="Balasan bebas (hanya dalam 24 jam sejak pesan terakhir kontak)."
    )
    template: Line = Field("", max_length=512, description="Nama templat WhatsApp yang disetujui.")
    params: list[Line] = Field(default_factory=list, max_length=20, description="Isian templat, berurutan.")
    language: Line = Field("id", max_length=15, description="Bahasa templat.")


class ConvertIn(Schema):
    to: Literal["request", "complaint"]
    organization: Line = Field("", max_length=50, description="Kode organisasi (permohonan).")
    title: Line = Field("", max_length=200)
    platforms: list[Line] = Field(default_factory=list, max_length=10, description="Platform tujuan (permohonan).")
    kind: Line = Field("", max_length=20, description="complaint, suggestion atau appreciation (pengaduan).")


class ConvertedOut(Schema):
    number: str


def media_out(conversation: Conversation, media: Media) -> dict[str, Any]:
    return {
        "id": media.pk,
        "content_type": media.content_type,
        "url": reverse("api:inbox_media", kwargs={"conversation_id": conversation.pk, "media_id": media.pk}),
    }


def message_out(conversation: Conversation, message: Message) -> dict[str, Any]:
    status = message.delivery_status
    return {
        "id": message.pk,
        "direction": message.direction,
        "type": message.type,
        "text": message.text,
        "media": [media_out(conversation, m) for m in message.media.all() if m.file],
        "at": message.at,
        "status": status,
    }


def _caller(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _conversation(request: HttpRequest, conversation_id: int) -> Conversation | None:
    return access.visible_conversations(_caller(request)).filter(pk=conversation_id).first()


def _not_found() -> Status:
    return Status(404, {"detail": _("Percakapan tidak ditemukan.")})


@router.get("", response={200: list[ConversationOut], **COMMON}, summary="Percakapan, yang terbaru di atas")
@paginate(BoundedPagination)
def list_inbox(request: HttpRequest, done: bool = False):
    qs = access.visible_conversations(_caller(request))
    return qs.filter(done_at__isnull=not done).order_by("-last_message_at", "-pk")


@router.get("/{conversation_id}", response={200: ConversationDetailOut, **ERRORS}, summary="Percakapan dan pesannya")
def get_conversation(request: HttpRequest, conversation_id: int):
    conversation = _conversation(request, conversation_id)
    if conversation is None:
        return _not_found()
    services.mark_read(conversation)
    return Status(200, conversation)


@router.post("/{conversation_id}/reply", response={201: MessageOut, **ERRORS}, summary="Balas (teks atau templat)")
def reply(request: HttpRequest, conversation_id: int, payload: ReplyIn):
    conversation = _conversation(request, conversation_id)
    if conversation is None:
        return _not_found()
    if payload.text.strip() and payload.template.strip():
        return Status(422, field_errors({"template": _("Kirim teks atau templat, bukan keduanya.")}))
    try:
        message = services.reply(
            conversation,
            _caller(request),
            text=payload.text,
            template=payload.template,
            params=payload.params,
            language=payload.language,
        )
    except services.WindowClosed as exc:
        return Status(409, {"detail": str(exc)})
    except services.SenderUnavailable as exc:
        return Status(409, {"detail": str(exc)})
    except services.ReplyRefused as exc:
        return Status(422, field_errors({exc.field: exc.message}))
    return Status(201, message_out(conversation, message))


@router.post(
    "/{conversation_id}/convert",
    response={201: ConvertedOut, **ERRORS},
    summary="Jadikan permohonan (draf) atau pengaduan",
)
def convert(request: HttpRequest, conversation_id: int, payload: ConvertIn):
    conversation = _conversation(request, conversation_id)
    if conversation is None:
        return _not_found()
    data = payload.dict(exclude={"to"})
    try:
        conversion, _url = services.convert(conversation, payload.to, _caller(request), data)
    except PermissionError as exc:
        return Status(403, {"detail": str(exc)})
    except services.NothingToConvert as exc:
        return Status(409, {"detail": str(exc)})
    except ConversionRefused as exc:
        return Status(422, field_errors(exc.errors or {"to": exc.message}))
    return Status(201, {"number": conversion.number})


@router.get("/{conversation_id}/media/{media_id}", response={200: None, **ERRORS}, url_name="inbox_media")
def media(request: HttpRequest, conversation_id: int, media_id: int) -> FileResponse | Status:
    conversation = _conversation(request, conversation_id)
    found = services.media_of(conversation, media_id) if conversation else None
    if conversation is None or found is None:
        return Status(404, {"detail": _("Berkas tidak ditemukan.")})
    return serve_private(
        found.file.name or "",
        content_type=found.content_type,
        filename=found.original_name or f"berkas-{found.pk}",
        as_attachment=True,
    )
