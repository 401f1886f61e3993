"""The worker's side of the webhooks: read a stored delivery and record what it carries.

WhatsApp (Cloud API, `object: whatsapp_business_account`): `entry[].changes[].value` holds
`contacts[]` (`profile.name`, `wa_id`, and the business-scoped `user_id`, which may come without a
number), `messages[]` (`from`, `from_user_id`, `id` "wamid…", `timestamp`, `type` and its object:
`text.body`, `image`/`document`/`video`/`audio` with `id`, `mime_type`, `caption`, `filename`) and
`statuses[]` (`id`, `status`, `timestamp`, `errors[]`). Instagram (`object: instagram`):
`entry[].messaging[]` with `sender.id` (the IGSID), `timestamp` in milliseconds and `message`
(`mid`, `text`, `attachments[]` of `image` or `story_mention` with `payload.url`, `is_echo`).

Everything is idempotent: a message is kept once by its id, a status once per (message, status),
so a delivery Meta repeats, or a task run twice, changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_tasks import task

from warta.channels import media as media_fetch
from warta.channels.models import (
    STATUS_RANK,
    Conversation,
    Delivery,
    Direction,
    Media,
    Message,
    MessageStatus,
    Platform,
    StatusUpdate,
)
from warta.core.models import Heartbeat

log = logging.getLogger(__name__)

WHATSAPP_MEDIA_TYPES = ("image", "document", "video", "audio", "sticker")
WHATSAPP_STATUSES = ("sent", "delivered", "read", "failed")
# A delivery that failed this often is left for a person (its row keeps the body and the error).
MAX_ATTEMPTS = 5
# Meta's rule for story mentions: the story's media is not stored; its CDN link is kept and shown
# while the story lasts.
NOT_STORED = ("story_mention",)


@dataclass
class Contact:
    key: str
    name: str = ""
    phone: str = ""
    user_id: str = ""
    handle: str = ""


@dataclass
class Incoming:
    """One message as the platform described it, before it is stored."""

    platform: str
    external_id: str
    contact: Contact
    type: str
    at: dt.datetime
    text: str = ""
    direction: str = Direction.IN
    media: list[dict[str, str]] = field(default_factory=list)  # source_id/source_url, declared_type, caption, name


@dataclass
class Outcome:
    messages: int = 0
    duplicates: int = 0
    statuses: int = 0
    media: list[int] = field(default_factory=list)
    conversations: set[int] = field(default_factory=set)


# --- the queue -----------------------------------------------------------------------------------
#
# The Delivery rows are the queue: the webhook stores a row and, unless a run is already waiting,
# queues one `process_deliveries` task, which processes every delivery not yet processed. A burst
# of deliveries costs one task, not one each. The rule that keeps a delivery from being missed:
# the webhook reads the "run waiting" mark *after* its row is committed, and a run takes the mark
# away (committed) *before* it reads the rows. So either the webhook saw the mark, and the run
# that takes it away reads the rows later and finds this one, or it did not, and it queues a run.

WAKE = "wake:channels.deliveries"  # a Heartbeat row: a run of process_deliveries is queued since `at`
# A mark older than this is taken for a lost run (the queue was down, a worker was killed before the
# run started): the next delivery queues another. The timer's sweep catches up with the rest.
WAKE_STALE = dt.timedelta(minutes=2)
BATCH = 200  # deliveries per run; a run that leaves more behind queues the next one


def lease() -> dt.timedelta:
    """How long a claimed delivery is left to the worker that claimed it."""
    return dt.timedelta(seconds=settings.WARTA_TASK_LEASE_S)


def wake() -> None:
    """Queue a run for the deliveries stored so far, unless one is already waiting. Call it after
    the delivery's row is committed (see above)."""
    now = timezone.now()
    if Heartbeat.objects.filter(name=WAKE, at__gte=now - WAKE_STALE).exists():
        return
    # The mark is committed before the run is queued: a queue that starts the run at once (RQ) must
    # not find the mark still to come, or the mark would outlive its run.
    with transaction.atomic():
        if not Heartbeat.objects.filter(name=WAKE).update(at=now):
            Heartbeat.objects.bulk_create([Heartbeat(name=WAKE, at=now)], ignore_conflicts=True)
    try:
        process_deliveries.enqueue()
    except Exception:
        Heartbeat.objects.filter(name=WAKE, at=now).delete()  # no run is coming: the next delivery asks again
        raise


@task()
def process_deliveries() -> str:
    """Every delivery not yet processed, oldest first, up to BATCH; then the next run if more wait."""
    Heartbeat.objects.filter(name=WAKE).delete()  # committed before the rows are read (see above)
    outcome = Outcome()
    done = drain(Delivery.objects.filter(processed_at__isnull=True, claimed_at__isnull=True), outcome)
    if done == BATCH:
        wake()
    return f"{done} deliveries: {outcome.messages} new, {outcome.duplicates} known, {outcome.statuses} statuses"


def process_pending(limit: int = BATCH) -> int:
    """The timer's sweep: deliveries stored minutes ago and still not processed (the queue was
    down, or the worker that claimed one died past its lease), and media to fetch again."""
    now = timezone.now()
    stale = Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()),
        processed_at__isnull=True,
        received_at__lt=now - WAKE_STALE,
        attempts__lt=MAX_ATTEMPTS,
    )
    done = drain(stale, Outcome(), limit)
    media_fetch.retry_due()
    return done


def drain(pending: QuerySet[Delivery], outcome: Outcome, limit: int = BATCH) -> int:
    """Claim and process the deliveries of `pending`, oldest first; a delivery another worker
    claimed meanwhile is left to it, one that fails keeps its error and does not stop the rest."""
    done = 0
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)[:limit]):
        delivery = claim(pk)
        if delivery is None:
            continue
        try:
            process(delivery, outcome)
        except Exception as exc:
            log.exception("Webhook delivery %s could not be processed", pk)
            Delivery.objects.filter(pk=pk).update(error=f"{type(exc).__name__}: {exc}"[:500])
        done += 1
    return done


def claim(delivery_pk: int) -> Delivery | None:
    """The delivery, taken by this worker: unprocessed, and claimed by no one within the lease."""
    now = timezone.now()
    taken = Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()), pk=delivery_pk, processed_at__isnull=True
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    return Delivery.objects.filter(pk=delivery_pk).first() if taken else None


def process(delivery: Delivery, outcome: Outcome | None = None) -> Outcome:
    """Record what one claimed delivery carries (each message, each status), then fetch its media."""
    outcome = outcome if outcome is not None else Outcome()
    first_media = len(outcome.media)
    try:
        payload = json.loads(bytes(delivery.body).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        Delivery.objects.filter(pk=delivery.pk).update(processed_at=timezone.now(), error=f"not JSON: {exc}"[:500])
        return outcome
    if not isinstance(payload, dict):
        Delivery.objects.filter(pk=delivery.pk).update(processed_at=timezone.now(), error="not a JSON object")
        return outcome
    conversations_before = set(outcome.conversations)
    if delivery.platform == Platform.WHATSAPP:
        incoming, statuses = parse_whatsapp(payload)
    else:
        incoming, statuses = parse_instagram(payload), []
    for item in incoming:
        store_message(item, outcome)
    for status in statuses:
        store_status(status, outcome)
    Delivery.objects.filter(pk=delivery.pk).update(processed_at=timezone.now(), error="")
    # The platform's media links last minutes: fetch them now, outside the transactions above.
    for media_pk in outcome.media[first_media:]:
        media_fetch.fetch(media_pk)
    if delivery.platform == Platform.INSTAGRAM:
        for conversation_pk in outcome.conversations - conversations_before:
            media_fetch.complete_instagram_profile(conversation_pk)
    return outcome


# --- parsing --------------------------------------------------------------------------------------


def _timestamp(value: Any, *, milliseconds: bool = False) -> dt.datetime:
    try:
        seconds = float(value) / (1000 if milliseconds else 1)
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_whatsapp(payload: dict[str, Any]) -> tuple[list[Incoming], list[dict[str, Any]]]:
    incoming: list[Incoming] = []
    statuses: list[dict[str, Any]] = []
    for entry in _list(payload.get("entry")):
        for change in _list(entry.get("changes")):
            value = _dict(change.get("value"))
            contacts = _list(value.get("contacts"))
            for message in _list(value.get("messages")):
                item = _whatsapp_message(message, contacts)
                if item is not None:
                    incoming.append(item)
            statuses.extend(_list(value.get("statuses")))
    return incoming, statuses


def _whatsapp_contact(message: dict[str, Any], contacts: list[dict[str, Any]]) -> Contact | None:
    phone = str(message.get("from") or "")
    user_id = str(message.get("from_user_id") or "")
    found: dict[str, Any] = {}
    for contact in contacts:
        if (phone and contact.get("wa_id") == phone) or (user_id and contact.get("user_id") == user_id):
            found = contact
            break
    else:
        if len(contacts) == 1:
            found = contacts[0]
    phone = phone or str(found.get("wa_id") or "")
    user_id = user_id or str(found.get("user_id") or "")
    key = phone or user_id
    if not key:
        return None
    name = str(_dict(found.get("profile")).get("name") or "")
    return Contact(key=key, name=name[:150], phone=phone[:30], user_id=user_id[:128])


def _whatsapp_message(message: dict[str, Any], contacts: list[dict[str, Any]]) -> Incoming | None:
    external_id = str(message.get("id") or "")
    contact = _whatsapp_contact(message, contacts)
    if not external_id or contact is None:
        return None
    kind = str(message.get("type") or "unsupported")[:20]
    item = Incoming(
        platform=Platform.WHATSAPP,
        external_id=external_id[:255],
        contact=contact,
        type=kind,
        at=_timestamp(message.get("timestamp")),
    )
    if kind == "text":
        item.text = str(_dict(message.get("text")).get("body") or "")
    elif kind in WHATSAPP_MEDIA_TYPES:
        media = _dict(message.get(kind))
        caption = str(media.get("caption") or "")
        item.text = caption
        if media.get("id"):
            item.media.append(
                {
                    "source_id": str(media["id"])[:255],
                    "declared_type": str(media.get("mime_type") or "")[:100],
                    "caption": caption,
                    "name": str(media.get("filename") or "")[:255],
                }
            )
    elif kind == "button":
        item.text = str(_dict(message.get("button")).get("text") or "")
    return item


def parse_instagram(payload: dict[str, Any]) -> list[Incoming]:
    incoming: list[Incoming] = []
    for entry in _list(payload.get("entry")):
        account_id = str(entry.get("id") or "")
        for event in _list(entry.get("messaging")):
            message = _dict(event.get("message"))
            mid = str(message.get("mid") or "")
            if not mid or message.get("is_deleted"):
                continue
            sender = str(_dict(event.get("sender")).get("id") or "")
            recipient = str(_dict(event.get("recipient")).get("id") or "")
            echo = bool(message.get("is_echo")) or (account_id != "" and sender == account_id)
            other = recipient if echo else sender
            if not other:
                continue
            item = Incoming(
                platform=Platform.INSTAGRAM,
                external_id=mid[:255],
                contact=Contact(key=other[:128]),
                type="text",
                at=_timestamp(event.get("timestamp"), milliseconds=True),
                text=str(message.get("text") or ""),
                direction=Direction.OUT if echo else Direction.IN,
            )
            for attachment in _list(message.get("attachments")):
                kind = str(attachment.get("type") or "")
                url = str(_dict(attachment.get("payload")).get("url") or "")
                if kind in ("image", *NOT_STORED):
                    item.type = kind
                    if url:
                        item.media.append({"source_url": url[:2000], "declared_type": "", "caption": "", "name": ""})
                elif kind:
                    item.type = kind[:20]
            incoming.append(item)
    return incoming


# --- storing --------------------------------------------------------------------------------------


def conversation_for(contact: Contact, platform: str) -> Conversation:
    """The contact's conversation on the platform, made on their first message. A WhatsApp contact
    is found by number or by business-scoped user id, whichever the message carries."""
    condition = Q(contact_key=contact.key)
    if contact.user_id:
        condition |= Q(contact_user_id=contact.user_id)
    if contact.phone:
        condition |= Q(contact_phone=contact.phone)
    found = Conversation.objects.select_for_update().filter(condition, platform=platform).order_by("pk").first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                platform=platform,
                contact_key=contact.key,
                contact_name=contact.name,
                contact_phone=contact.phone,
                contact_user_id=contact.user_id,
                contact_handle=contact.handle,
            )
    except IntegrityError:  # another worker made it first
        return Conversation.objects.select_for_update().get(platform=platform, contact_key=contact.key)


def store_message(item: Incoming, outcome: Outcome) -> Message | None:
    """Keep one message (once); None when it was kept before."""
    if Message.objects.filter(external_id=item.external_id).exists():
        outcome.duplicates += 1
        return None
    try:
        with transaction.atomic():
            conversation = conversation_for(item.contact, item.platform)
            message = Message.objects.create(
                conversation=conversation,
                external_id=item.external_id,
                direction=item.direction,
                type=item.type,
                text=item.text,
                at=item.at,
                status=MessageStatus.RECEIVED if item.direction == Direction.IN else MessageStatus.SENT,
            )
            for spec in item.media:
                media = Media.objects.create(
                    message=message,
                    source_id=spec.get("source_id", ""),
                    source_url=spec.get("source_url", ""),
                    declared_type=spec.get("declared_type", ""),
                    caption=spec.get("caption", ""),
                    original_name=spec.get("name", ""),
                )
                if item.type not in NOT_STORED:
                    outcome.media.append(media.pk)
            _touch(conversation, item)
    except IntegrityError:  # the same message, stored by another worker meanwhile
        outcome.duplicates += 1
        return None
    outcome.messages += 1
    outcome.conversations.add(conversation.pk)
    return message


def _touch(conversation: Conversation, item: Incoming) -> None:
    """The conversation after a new message: its times, unread count, the contact's latest details;
    a message from the contact reopens a conversation marked done."""
    fields = ["last_message_at"]
    if conversation.last_message_at is None or item.at > conversation.last_message_at:
        conversation.last_message_at = item.at
    if item.direction == Direction.IN:
        if conversation.last_inbound_at is None or item.at > conversation.last_inbound_at:
            conversation.last_inbound_at = item.at
        conversation.unread += 1
        conversation.done_at = None
        fields += ["last_inbound_at", "unread", "done_at"]
        contact = item.contact
        for attr, value in (
            ("contact_name", contact.name),
            ("contact_phone", contact.phone),
            ("contact_user_id", contact.user_id),
        ):
            if value and getattr(conversation, attr) != value:
                setattr(conversation, attr, value)
                fields.append(attr)
    conversation.save(update_fields=fields)


def store_status(status: dict[str, Any], outcome: Outcome) -> bool:
    """Record a delivery status of a message the office sent, once per (message, status), and
    move the outbound record it refers to. False when it was known already."""
    wamid = str(status.get("id") or "")[:255]
    value = str(status.get("status") or "")
    if not wamid or value not in WHATSAPP_STATUSES:
        return False
    at = _timestamp(status.get("timestamp"))
    error = _status_error(status)
    try:
        with transaction.atomic():
            StatusUpdate.objects.create(message_external_id=wamid, status=value, at=at, error=error)
    except IntegrityError:
        return False
    outcome.statuses += 1
    _record_outbound_status(wamid, value, error, at)
    message = Message.objects.filter(external_id=wamid, direction=Direction.OUT).first()
    if message is not None and STATUS_RANK[MessageStatus(value)] >= STATUS_RANK[MessageStatus(message.status)]:
        Message.objects.filter(pk=message.pk).update(status=value, error=error if value == "failed" else message.error)
    return True


def _status_error(status: dict[str, Any]) -> str:
    errors = _list(status.get("errors"))
    if not errors:
        return ""
    first = errors[0]
    details = str(_dict(first.get("error_data")).get("details") or "")
    text = str(first.get("message") or first.get("title") or "")
    code = first.get("code")
    return (f"{code}: {text}" + (f" ({details})" if details and details != text else "")).strip(": ")[:500]


def _record_outbound_status(wamid: str, status: str, error: str, at: dt.datetime) -> None:
    """Hand the status to the WhatsApp sender's outbound records (warta.notify.whatsapp), which
    keep every message the office sent and move its status forward."""
    from warta.notify.whatsapp import record_status

    try:
        record_status(wamid, status, error, at)
    except Exception:  # the status row is kept; a failure here must not lose the rest of the delivery
        log.exception("WhatsApp status %s of %s could not be recorded", status, wamid)
