"""WhatsApp Cloud API: sending a text or an approved template, once, and following what became of it.

Calls as documented (developers.facebook.com, WhatsApp Cloud API on Graph v25.0):
`POST {WARTA_META_GRAPH_URL}/{WARTA_META_GRAPH_VERSION}/{WARTA_WHATSAPP_PHONE_NUMBER_ID}/messages`
with the bearer token and a JSON body

    {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "62812…",
     "type": "text", "text": {"body": "…"}}
    {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "62812…",
     "type": "template", "template": {"name": "…", "language": {"code": "id"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "…"}, …]}]}}

answered `{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}], "messages": [{"id": "wamid…"}]}`,
or refused with a Graph error `{"error": {"message", "type", "code", "error_data": {"messaging_product",
"details"}, "fbtrace_id"}}` (e.g. 131047: outside the 24-hour window; 131026: undeliverable; 190: token).

The interface for the other parts:
- `is_configured()`: WhatsApp is on (both `WARTA_WHATSAPP_PHONE_NUMBER_ID` and `WARTA_WHATSAPP_TOKEN`).
- `send_text(to, body, *, key, …)` / `send_template(to, name, language, params, *, key, …)`: the
  `WhatsAppMessage` written once per key in the caller's transaction, sent by the worker after commit.
- `send_notice(to, event, values, text, *, key, …)`: the notice as free text inside an open 24-hour
  window, else as the admin's template for `event`; None when that template is switched off.
- `record_status(wamid, status, error="", at=None)`: a status from the webhook (forward only).
- `register_window_provider(fn)` / `window_open(phone)`: whether the contact wrote in the last 24
  hours (the channels part registers the provider; without one the window is closed).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Required, TypedDict, Unpack

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.core.outside import RETRYABLE_CODES, AnswerLost, Client, PlatformError, backoff, graph_error
from warta.notify.models import WhatsAppMessage, WhatsAppTemplate
from warta.notify.send import Message, normalize_phone, send_message, wa_link

logger = logging.getLogger(__name__)

Status = WhatsAppMessage.Status

# Cloud API codes worth another try (the message was refused, so nothing went): Graph's transient
# and throttling codes, 130429 (throughput), 131016 (service unavailable), 131056 (pair rate limit).
WA_RETRYABLE_CODES = RETRYABLE_CODES | {130429, 131016, 131056}
WINDOW_CLOSED_CODE = 131047
MAX_ATTEMPTS = 5

# The order statuses move in; a status never goes back (a late "sent" after "read" changes nothing).
PROGRESS = {Status.QUEUED: 0, Status.UNKNOWN: 0, Status.SENT: 1, Status.DELIVERED: 2, Status.READ: 3}

# The default template of each notice (a `WhatsAppTemplate` row overrides it): its name and
# language as they must be approved in WhatsApp Manager, and the values for {{1}}, {{2}}, ….
DEFAULT_TEMPLATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    WhatsAppTemplate.Event.RECEIVED: ("warta_permohonan_diterima", "id", ("number", "title", "tracking_url")),
    WhatsAppTemplate.Event.COMPLETION: ("warta_permohonan_dilengkapi", "id", ("number", "note", "tracking_url")),
    WhatsAppTemplate.Event.PUBLISHED: ("warta_permohonan_terbit", "id", ("number", "title", "links")),
    WhatsAppTemplate.Event.REJECTED: ("warta_permohonan_ditolak", "id", ("number", "note", "tracking_url")),
    WhatsAppTemplate.Event.SURVEY: ("warta_undangan_skm", "id", ("number", "survey_url")),
    WhatsAppTemplate.Event.COMPLAINT_ANSWER: ("warta_jawaban_pengaduan", "id", ("number", "answer")),
}
# The values each notice offers its template (what an admin may list in `params`).
TEMPLATE_VALUES: dict[str, frozenset[str]] = {
    WhatsAppTemplate.Event.RECEIVED: frozenset({"number", "title", "organization", "tracking_url", "tracking_code"}),
    WhatsAppTemplate.Event.COMPLETION: frozenset({"number", "title", "note", "tracking_url"}),
    WhatsAppTemplate.Event.PUBLISHED: frozenset({"number", "title", "links", "tracking_url"}),
    WhatsAppTemplate.Event.REJECTED: frozenset({"number", "title", "note", "tracking_url"}),
    WhatsAppTemplate.Event.SURVEY: frozenset({"number", "title", "survey_url"}),
    WhatsAppTemplate.Event.COMPLAINT_ANSWER: frozenset({"number", "title", "answer", "tracking_url"}),
}
# A template parameter's text may not be empty nor hold a newline, a tab or more than 4 spaces in a row.
PARAM_MAX = 1000

CONFIRM_TITLE = gettext_noop("Pastikan pesan terkirim")
FAILED_TITLE = gettext_noop("Kirim pesan WhatsApp secara manual")
EMAIL_FAILED = gettext_noop("E-mail cadangan juga gagal: %(error)s")


class NotConfigured(RuntimeError):
    """WhatsApp is off (`WARTA_WHATSAPP_PHONE_NUMBER_ID` or `WARTA_WHATSAPP_TOKEN` missing)."""


def is_configured() -> bool:
    return bool(settings.WARTA_WHATSAPP_PHONE_NUMBER_ID and settings.WARTA_WHATSAPP_TOKEN)


# --- the client --------------------------------------------------------------------------------------


def text_payload(to: str, body: str) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"body": body},
    }


def template_payload(to: str, name: str, language: str, params: Sequence[str]) -> dict[str, Any]:
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    if params:
        template["components"] = [
            {"type": "body", "parameters": [{"type": "text", "text": clean_param(p)} for p in params]}
        ]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": template,
    }


def clean_param(value: Any) -> str:
    """A template parameter as the API takes it: one line, no run of more than 4 spaces, not empty."""
    text = " ".join(str(value if value is not None else "").split())
    return text[:PARAM_MAX] or "-"


class WhatsAppClient(Client):
    platform = "whatsapp"
    timeout_setting = "WARTA_WHATSAPP_TIMEOUT_S"

    def __init__(
        self,
        token: str | None = None,
        phone_number_id: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        base = f"{settings.WARTA_META_GRAPH_URL}/{settings.WARTA_META_GRAPH_VERSION}"
        super().__init__(base, token if token is not None else settings.WARTA_WHATSAPP_TOKEN, transport=transport)
        self.phone_number_id = phone_number_id or settings.WARTA_WHATSAPP_PHONE_NUMBER_ID

    def error(self, response: httpx.Response, body: dict[str, Any]) -> PlatformError:
        return graph_error(self.platform, response, body, WA_RETRYABLE_CODES)

    def send(self, payload: dict[str, Any]) -> str:
        """Sends one message; its wamid. AnswerLost when the answer was lost (it may have gone)."""
        answer = self.call("POST", f"/{self.phone_number_id}/messages", json=payload, changes=True)
        messages = answer.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict) and messages[0].get("id"):
            return str(messages[0]["id"])
        # A 200 without an id: it may well have gone, but there is nothing to follow it by.
        raise AnswerLost(self.platform, "jawaban tanpa id pesan", status=200)


# --- the 24-hour window ------------------------------------------------------------------------------

_window_providers: list[Callable[[str], bool]] = []


def register_window_provider(provider: Callable[[str], bool]) -> None:
    """`provider(phone)` (the phone normalised) says whether its 24-hour window is open."""
    if provider not in _window_providers:
        _window_providers.append(provider)


def window_open(phone: str) -> bool:
    """Whether a free-form message may go to `phone` now; closed unless a provider says open."""
    number = normalize_phone(phone)
    return bool(number) and any(provider(number) for provider in list(_window_providers))


# --- sending -----------------------------------------------------------------------------------------


class SendOptions(TypedDict, total=False):
    """What every send takes besides the number and the content.

    `key`: the message is sent once per key (a second send with it returns the first record).
    `subject`: what the record is about, for staff. Should the message fail: `fallback_mail` (the
    e-mail the contact would have had, with its HTML part) goes instead, or else the text to
    `fallback_email` under `fallback_subject`; then a wa.me to-do for `role`, pointing at `url`.
    """

    key: Required[str]
    subject: str
    fallback_email: str
    fallback_subject: str
    fallback_mail: Message | None
    role: str
    url: str


def send_text(to: str, body: str, **options: Unpack[SendOptions]) -> WhatsAppMessage:
    """A free-form message (only inside the 24-hour window), sent once per `key` after commit."""
    return _create(to, options, kind=WhatsAppMessage.Kind.TEXT, body=body)


def send_template(
    to: str, name: str, language: str, params: Sequence[Any], *, text: str = "", **options: Unpack[SendOptions]
) -> WhatsAppMessage:
    """An approved template with its body parameters in order, sent once per `key` after commit.
    `text`: the same notice written out, for the e-mail or wa.me fallback should it fail."""
    return _create(
        to,
        options,
        kind=WhatsAppMessage.Kind.TEMPLATE,
        body=text,
        template_name=name,
        template_language=language,
        template_params=[clean_param(p) for p in params],
    )


def _fallback(options: SendOptions) -> dict[str, str]:
    """The e-mail a failed message falls back to, as stored on its record."""
    mail = options.get("fallback_mail")
    if mail is not None and mail.to_emails:
        return {
            "fallback_email": mail.to_emails[0],
            "fallback_subject": mail.subject,
            "fallback_body": mail.body,
            "fallback_html": mail.html or "",
        }
    return {
        "fallback_email": options.get("fallback_email", ""),
        "fallback_subject": options.get("fallback_subject", ""),
    }


def template_for(event: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The template a notice goes as: (name, language, value names), or None when switched off."""
    row = WhatsAppTemplate.objects.filter(event=event).first()
    if row is None:
        return DEFAULT_TEMPLATES.get(event)
    if not row.active:
        return None
    return row.name, row.language, tuple(str(p) for p in row.params or ())


def send_notice(
    to: str, event: str, values: Mapping[str, Any], text: str, **options: Unpack[SendOptions]
) -> WhatsAppMessage | None:
    """A notice: `text` as a free-form message inside an open 24-hour window, else the template
    the admin set for `event` filled from `values`. None when that template is switched off."""
    if window_open(to):
        return send_text(to, text, **options)
    template = template_for(event)
    if template is None:
        return None
    name, language, names = template
    return send_template(to, name, language, [values.get(n, "") for n in names], text=text, **options)


def _create(to: str, options: SendOptions, *, kind: str, **fields: Any) -> WhatsAppMessage:
    if not is_configured():
        raise NotConfigured("WhatsApp is not configured")
    number = normalize_phone(to)
    if len(number) < 8:
        raise ValueError(f"not a phone number: {to!r}")
    defaults = {
        "to": number,
        "kind": kind,
        "subject": options.get("subject", ""),
        "staff_role": options.get("role", ""),
        "staff_url": options.get("url", ""),
        **_fallback(options),
        **fields,
    }
    message, created = WhatsAppMessage.objects.get_or_create(key=options["key"], defaults=defaults)
    if created:
        transaction.on_commit(partial(_enqueue, message.pk, None))
    return message


def _enqueue(message_pk: int, when: dt.datetime | None) -> None:
    """Hand the message to the worker now, or at `when`; a queue that cannot wait leaves it to `sweep()`."""
    from warta.notify.tasks import send_whatsapp

    if when and when > timezone.now():
        if send_whatsapp.get_backend().supports_defer:
            send_whatsapp.using(run_after=when).enqueue(message_pk)
        return
    send_whatsapp.enqueue(message_pk)


def payload(message: WhatsAppMessage) -> dict[str, Any]:
    if message.kind == WhatsAppMessage.Kind.TEMPLATE:
        return template_payload(
            message.to, message.template_name, message.template_language, list(message.template_params)
        )
    return text_payload(message.to, message.body)


def deliver(message_pk: int, *, transport: httpx.BaseTransport | None = None) -> str:
    """Sends one stored message, at most once (the worker's task calls this).

    The record reads `unknown` from the moment before the call until the answer comes, so a worker
    killed mid-call never sends again. Refused before anything went (connection refused, a
    throttling code): queued for another try. Answer lost: stays `unknown`, a person is asked.
    """
    with transaction.atomic():
        message = WhatsAppMessage.objects.select_for_update().filter(pk=message_pk).first()
        if message is None or message.status != Status.QUEUED:
            return "skipped"
        if message.next_try_at and message.next_try_at > timezone.now():
            return "later"
        if not is_configured():
            return "not configured"
        message.status = Status.UNKNOWN
        message.attempts += 1
        message.next_try_at = None
        message.save(update_fields=["status", "attempts", "next_try_at", "updated_at"])
    try:
        with WhatsAppClient(transport=transport) as client:
            wamid = client.send(payload(message))
    except AnswerLost as exc:
        _save(message, error=str(exc)[:2000])
        logger.warning("WhatsApp message %s: answer lost (%s); left for a person to check", message.pk, exc)
        transaction.on_commit(partial(escalate, message.pk))
        return "unknown"
    except PlatformError as exc:
        if exc.retryable and message.attempts < MAX_ATTEMPTS:
            when = timezone.now() + dt.timedelta(seconds=exc.retry_after or backoff(message.attempts))
            _save(message, status=Status.QUEUED, next_try_at=when, error=str(exc)[:2000], error_code=exc.code)
            transaction.on_commit(partial(_enqueue, message.pk, when))
            return "retry"
        _fail(message, str(exc), exc.code)
        return "failed"
    now = timezone.now()
    with transaction.atomic():
        fresh = WhatsAppMessage.objects.select_for_update().get(pk=message.pk)
        fresh.wamid = wamid
        if fresh.status in (Status.UNKNOWN, Status.QUEUED):  # a webhook may have been faster
            fresh.status = Status.SENT
        fresh.sent_at = fresh.sent_at or now
        fresh.error, fresh.error_code = "", None
        fresh.save()
    return wamid


def _save(message: WhatsAppMessage, **fields: Any) -> None:
    fields["updated_at"] = timezone.now()
    WhatsAppMessage.objects.filter(pk=message.pk).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)


def _fail(message: WhatsAppMessage, error: str, code: int | None = None, at: dt.datetime | None = None) -> None:
    _save(message, status=Status.FAILED, error=error[:2000], error_code=code, failed_at=at or timezone.now())
    logger.warning("WhatsApp message %s to %s failed: %s", message.pk, message.to, error)
    transaction.on_commit(partial(escalate, message.pk))


def record_status(wamid: str, status: str, error: str = "", at: dt.datetime | None = None) -> bool:
    """A status the webhook reported for the message `wamid`: `sent`, `delivered`, `read` move it
    forward only; `failed` records the error and sends the fallback. True when the record changed."""
    at = at or timezone.now()
    with transaction.atomic():
        message = WhatsAppMessage.objects.select_for_update().filter(wamid=wamid).first() if wamid else None
        if message is None:
            return False
        if status == Status.FAILED:
            if message.status in (Status.FAILED, Status.DELIVERED, Status.READ):
                return False
            _fail(message, error or _("Pesan tidak dapat dikirim."), at=at)
            return True
        if status not in (Status.SENT, Status.DELIVERED, Status.READ) or message.status == Status.FAILED:
            return False
        if PROGRESS[Status(status)] <= PROGRESS.get(Status(message.status), 0):
            return False
        fields: dict[str, Any] = {"status": status, "sent_at": message.sent_at or at}
        if status in (Status.DELIVERED, Status.READ):
            fields["delivered_at"] = message.delivered_at or at
        if status == Status.READ:
            fields["read_at"] = message.read_at or at
        _save(message, **fields)
        return True


# --- sending by hand ---------------------------------------------------------------------------------

# A message in one of these reached WhatsApp: nobody should send it again by hand.
WENT = frozenset({Status.SENT, Status.DELIVERED, Status.READ})


def statuses(keys: Sequence[str]) -> dict[str, str]:
    """The status of the message written under each of `keys` (keys with no message left out)."""
    return dict(WhatsAppMessage.objects.filter(key__in=list(keys)).values_list("key", "status"))


def offer_by_hand(status: str | None, *, emailed: bool) -> bool:
    """Whether staff should be offered a notice to send by hand on WhatsApp (a wa.me link), given
    the status of its WhatsApp message: when it failed or its answer was lost, not once it went
    nor while it waits to go; with no WhatsApp message, when no e-mail took the notice."""
    if status is None:
        return not emailed
    return status in (Status.FAILED, Status.UNKNOWN)


# --- when it went wrong ------------------------------------------------------------------------------


def escalate(message_pk: int) -> None:
    """Once per message: a failed one goes by e-mail (if there is an address) or becomes a wa.me
    to-do for staff (so does one whose fallback e-mail then fails: `fallback_failed`); one whose
    answer was lost becomes a to-do to make sure it arrived."""
    with transaction.atomic():
        message = WhatsAppMessage.objects.select_for_update().filter(pk=message_pk).first()
        if message is None or message.escalated_at or message.status not in (Status.FAILED, Status.UNKNOWN):
            return
        if message.status == Status.UNKNOWN:
            _todo(message, "confirm", CONFIRM_TITLE)
        elif message.fallback_email and (message.fallback_body or message.body):
            message.fallback_message = send_message(
                Message(
                    subject=message.fallback_subject or message.subject,
                    body=message.fallback_body or message.body,
                    html=message.fallback_html or None,
                    to_emails=[message.fallback_email],
                )
            )
        else:
            _todo(message, "send", FAILED_TITLE)
        message.escalated_at = timezone.now()
        message.save(update_fields=["escalated_at", "fallback_message", "updated_at"])


def fallback_failed(outgoing_pk: int) -> bool:
    """The e-mail `outgoing_pk` failed for good (the e-mail worker calls this): when it was a failed
    WhatsApp message's fallback, the wa.me to-do for staff, once. True when a to-do was made."""
    from warta.todos.models import Todo

    with transaction.atomic():
        message = WhatsAppMessage.objects.select_for_update().filter(fallback_message_id=outgoing_pk).first()
        if message is None or Todo.objects.filter(key=_todo_key(message, "send")).exists():
            return False
        outgoing = message.fallback_message
        note = _(EMAIL_FAILED) % {"error": outgoing.error} if outgoing is not None else ""
        _todo(message, "send", FAILED_TITLE, note=note)
    logger.warning("Fallback e-mail of WhatsApp message %s failed; a wa.me to-do was made", message.pk)
    return True


def _todo_key(message: WhatsAppMessage, what: str) -> str:
    return f"whatsapp:{message.pk}:{what}"


def _todo(message: WhatsAppMessage, what: str, title: str, note: str = "") -> None:
    """A to-do on the staff role's list with the message written out in a wa.me link."""
    from warta.todos import services as todos
    from warta.todos.models import Todo

    detail = "\n".join(
        filter(
            None,
            [message.subject, message.error, note, message.staff_url and settings.SITE_URL + message.staff_url],
        )
    )
    todos.add(
        _todo_key(message, what),
        kind=Todo.Kind.SEND_WHATSAPP,
        title=f"{_(title)}: +{message.to}"[:200],
        url=wa_link(message.to, message.body or message.template_name),
        detail=detail,
        page=message.staff_url,
        role=message.staff_role,
    )


SWEEP_GRACE = dt.timedelta(minutes=2)
CLAIM_LEASE = dt.timedelta(minutes=10)


def sweep(now: dt.datetime | None = None) -> int:
    """Run by the timers: hand over queued messages whose time came without a task (a queue that
    cannot defer, an enqueue lost in a crash), and ask a person about those left `unknown` by a
    worker that died mid-call. Returns how many it touched."""
    from django.db.models import Q

    now = now or timezone.now()
    if not is_configured():
        return 0
    due = WhatsAppMessage.objects.filter(status=Status.QUEUED).filter(
        Q(next_try_at__lte=now) | Q(next_try_at__isnull=True, updated_at__lte=now - SWEEP_GRACE)
    )
    ids = list(due.values_list("pk", flat=True)[:100])
    for pk in ids:
        _enqueue(pk, None)
    stuck = list(
        WhatsAppMessage.objects.filter(
            status=Status.UNKNOWN, escalated_at__isnull=True, updated_at__lte=now - CLAIM_LEASE
        ).values_list("pk", flat=True)[:100]
    )
    for pk in stuck:
        escalate(pk)
    return len(ids) + len(stuck)
