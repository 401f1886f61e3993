"""What staff do with a conversation: read it, give it to someone, mark it done, reply, and make
it a request or a complaint. The views and the API both call these."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.channels import converters
from warta.channels.converters import ConversionRefused, Material, MediaFile
from warta.channels.models import (
    REPLY_WINDOW,
    Conversation,
    Conversion,
    Direction,
    Media,
    Message,
    MessageStatus,
    Platform,
)
from warta.core.uploads import atomic_with_files

log = logging.getLogger(__name__)


class NothingToConvert(Exception):
    """Every message of the conversation went into a request or complaint already."""


class WindowClosed(Exception):
    """A free-form reply outside the 24 hours after the contact's last message."""


class SenderUnavailable(Exception):
    """WhatsApp is not set up (or its sender is missing): nothing was sent."""


class ReplyRefused(Exception):
    def __init__(self, message: str, field: str = "text") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def whatsapp_window_open(phone: str, now: dt.datetime | None = None) -> bool:
    """The WhatsApp sender's window provider: `phone` (normalised) wrote within 24 hours."""
    since = (now or timezone.now()) - REPLY_WINDOW
    return Conversation.objects.filter(
        platform=Platform.WHATSAPP, contact_phone=phone, last_inbound_at__gt=since
    ).exists()


def window_rule() -> str:
    return _(
        "Balasan bebas hanya dapat dikirim dalam 24 jam sejak pesan terakhir kontak; di luar itu "
        "WhatsApp hanya menerima templat pesan yang disetujui."
    )


def mark_read(conversation: Conversation) -> None:
    if conversation.unread:
        Conversation.objects.filter(pk=conversation.pk).update(unread=0)
        conversation.unread = 0


def assign(conversation: Conversation, assignee: Any) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(assignee=assignee)
    conversation.assignee = assignee


def mark_done(conversation: Conversation, done: bool = True, now: dt.datetime | None = None) -> None:
    moment = (now or timezone.now()) if done else None
    Conversation.objects.filter(pk=conversation.pk).update(done_at=moment, unread=0 if done else conversation.unread)
    conversation.done_at = moment


# --- turning messages into a request or a complaint ----------------------------------------------


def pending_messages(conversation: Conversation) -> list[Message]:
    """The contact's messages not yet made into a request or complaint, oldest first."""
    return list(
        conversation.messages.filter(direction=Direction.IN, conversion__isnull=True)
        .prefetch_related("media")
        .order_by("at", "pk")
    )


def convert(conversation: Conversation, kind: str, user: Any, data: Any) -> tuple[Conversion, str]:
    """Make the conversation's pending messages a request or a complaint through the registered
    converter. Raises ConversionRefused (fields), PermissionError, NothingToConvert."""
    converter = converters.get(kind)
    if converter is None:
        raise ConversionRefused(_("Tujuan tidak dikenal."), {"to": _("Tujuan tidak dikenal.")})
    if not converter.may_convert(user):
        raise PermissionError(_("Peran Anda tidak dapat melakukan tindakan ini."))
    form = converter.form(conversation, data)
    with atomic_with_files():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        messages = pending_messages(locked)
        if not messages:
            raise NothingToConvert(_("Semua pesan percakapan ini sudah dijadikan permohonan atau pengaduan."))
        if not form.is_valid():
            raise ConversionRefused(
                _("Periksa isian."), {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
            )
        files = [MediaFile(m) for message in messages for m in message.media.all() if m.file]
        number = converter.convert(Material(locked, messages, files), user, form.cleaned_data)
        conversion = Conversion.objects.create(conversation=locked, kind=kind, number=number, created_by=user)
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(conversion=conversion)
        updates: dict[str, Any] = {"unread": 0}
        if converter.queue != locked.queue:
            updates.update(queue=converter.queue, assignee=None)
        Conversation.objects.filter(pk=locked.pk).update(**updates)
    return conversion, converter.url(number)


def conversions_of(number: str) -> list[Conversion]:
    return list(Conversion.objects.filter(number=number).select_related("conversation"))


def messages_after(number: str) -> list[Message]:
    """The messages that reached the conversation of a request or complaint after it was made (the
    record's page shows them)."""
    found = Conversion.objects.filter(number=number).order_by("created_at").first()
    if found is None:
        return []
    return list(
        Message.objects.filter(conversation_id=found.conversation_id, created_at__gt=found.created_at)
        .prefetch_related("media")
        .order_by("at", "pk")
    )


# --- replies ----------------------------------------------------------------------------------


def reply(
    conversation: Conversation,
    user: Any,
    *,
    text: str = "",
    template: str = "",
    params: list[str] | None = None,
    language: str = "id",
    now: dt.datetime | None = None,
) -> Message:
    """Send a reply and record it. Free text only inside the 24-hour window (WindowClosed otherwise);
    a template (WhatsApp) at any time."""
    now = now or timezone.now()
    text = (text or "").strip()
    template = (template or "").strip()
    if not text and not template:
        raise ReplyRefused(_("Tuliskan balasan atau pilih templat."))
    if text and not conversation.window_open(now):
        raise WindowClosed(window_rule())
    if conversation.platform == Platform.INSTAGRAM:
        if template:
            raise ReplyRefused(_("Instagram tidak mengenal templat pesan; balas dengan teks."), "template")
        return _reply_instagram(conversation, user, text, now)
    return _reply_whatsapp(conversation, user, text, template, params or [], language, now)


def _record(
    conversation: Conversation,
    user: Any,
    *,
    kind: str,
    text: str,
    now: dt.datetime,
    external_id: str,
    status: str,
    error: str = "",
    whatsapp: Any = None,
) -> Message:
    message = Message.objects.create(
        conversation=conversation,
        external_id=external_id or None,
        direction=Direction.OUT,
        type=kind,
        text=text,
        at=now,
        status=status,
        error=error[:500],
        sent_by=user,
        whatsapp=whatsapp,
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, unread=0)
    return message


def _reply_whatsapp(
    conversation: Conversation,
    user: Any,
    text: str,
    template: str,
    params: list[str],
    language: str,
    now: dt.datetime,
) -> Message:
    """Through the WhatsApp sender: its record is written now and sent by the worker after commit;
    its wamid and delivery status live there (the webhook's statuses move it)."""
    from django.urls import reverse

    from warta.accounts import roles
    from warta.notify import whatsapp
    from warta.notify.send import normalize_phone

    if not whatsapp.is_configured():
        raise SenderUnavailable(
            _("WhatsApp belum dikonfigurasi (WARTA_WHATSAPP_PHONE_NUMBER_ID, WARTA_WHATSAPP_TOKEN).")
        )
    to = normalize_phone(conversation.contact_phone)
    if not to:
        raise ReplyRefused(_("Kontak ini belum membagikan nomor WhatsApp; balasan tidak dapat dikirim dari Warta."))
    key = f"inbox:{conversation.pk}:{uuid.uuid4().hex}"
    url = reverse("inbox-conversation", args=[conversation.pk])
    with transaction.atomic():
        if text:
            sent = whatsapp.send_text(to, text, key=key, role=roles.STAF_IKP, url=url)
            shown, kind = text, "text"
        else:
            sent = whatsapp.send_template(to, template, language, params, key=key, role=roles.STAF_IKP, url=url)
            shown, kind = f"[{template}] " + " · ".join(params), "template"
        return _record(
            conversation,
            user,
            kind=kind,
            text=shown,
            now=now,
            external_id="",
            status=MessageStatus.UNKNOWN,
            whatsapp=sent,
        )


def _reply_instagram(conversation: Conversation, user: Any, text: str, now: dt.datetime) -> Message:
    from warta.core.outside import AnswerLost, PlatformError
    from warta.social.clients.graph import GraphClient
    from warta.social.models import active_account

    account = active_account("instagram")
    if account is None or not account.usable:
        raise ReplyRefused(_("Akun Instagram kantor belum terhubung."))
    try:
        with GraphClient(str(account.access_token)) as graph:
            mid = graph.ig_send_text(account.account_id, conversation.contact_key, text)
    except AnswerLost as exc:
        return _record(
            conversation,
            user,
            kind="text",
            text=text,
            now=now,
            external_id="",
            status=MessageStatus.UNKNOWN,
            error=str(exc),
        )
    except PlatformError as exc:
        return _record(
            conversation,
            user,
            kind="text",
            text=text,
            now=now,
            external_id="",
            status=MessageStatus.FAILED,
            error=str(exc),
        )
    return _record(conversation, user, kind="text", text=text, now=now, external_id=mid, status=MessageStatus.SENT)


def media_of(conversation: Conversation, pk: int) -> Media | None:
    return Media.objects.filter(pk=pk, message__conversation=conversation).exclude(file="").first()
