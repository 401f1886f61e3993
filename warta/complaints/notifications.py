"""Who hears about a complaint's step. Notices to staff name the number only (never the
complainant); the complainant hears by e-mail when they left one. Everything leaves after commit."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.accounts import roles
from warta.complaints.models import Complaint, ComplaintEvent, Delivery, Status
from warta.core.office import get_office
from warta.notify import send, whatsapp
from warta.notify.models import WhatsAppMessage, WhatsAppTemplate
from warta.todos import services as todos
from warta.todos.models import Todo

# Steps the complainant is told about by e-mail (when they left an address).
COMPLAINANT_SUBJECTS = {
    "receive": gettext_noop("Pengaduan %(number)s diterima"),
    "request_info": gettext_noop("Pengaduan %(number)s: mohon keterangan tambahan"),
    "deliver": gettext_noop("Jawaban atas pengaduan %(number)s"),
    "acknowledge": gettext_noop("Terima kasih atas masukan Anda (%(number)s)"),
    "forward": gettext_noop("Pengaduan %(number)s diteruskan"),
}


def tracking_url() -> str:
    return settings.SITE_URL + reverse("complaint-track")


def _context(c: Complaint, event: ComplaintEvent) -> dict:
    return {
        "complaint": c,
        "event": event,
        "office": get_office(),
        "tracking_url": tracking_url(),
        "tracking_code": getattr(c, "raw_tracking_code", ""),
        "complaint_url": settings.SITE_URL + c.get_absolute_url(),
    }


def _officers():
    return list(roles.users_with_role(roles.PENGELOLA_PENGADUAN).order_by("pk"))


# The notices to staff (Indonesian msgids, shown in the reader's language); each names the number only.
NEW = gettext_noop("Pengaduan baru menunggu klasifikasi: %(number)s")
WAITING = gettext_noop("Pengaduan %(number)s menunggu tindakan Anda.")
REOPENED = gettext_noop("Pengaduan %(number)s dibuka kembali.")
TO_APPROVE = gettext_noop("Jawaban pengaduan %(number)s menunggu persetujuan.")
APPROVED = gettext_noop("Jawaban pengaduan %(number)s disetujui.")
CONSULTED = gettext_noop("Pengaduan %(number)s: mohon keterangan Anda.")
CONSULT_REPLIED = gettext_noop("Pengaduan %(number)s: staf yang dimintai keterangan telah menjawab.")
PRAISED = gettext_noop("Apresiasi dari warga untuk Anda (%(number)s): %(text)s")


def topic(c: Complaint) -> str:
    """The notices about a complaint's current step; a move that changes the status resolves them."""
    return f"complaints.complaint:{c.pk}"


def _tell(people, message: str, c: Complaint) -> None:
    params = {"number": c.number}
    recipients = list({p.pk: p for p in people if p is not None}.values())
    for person in recipients:
        send.notice(person, url=c.get_absolute_url(), message=message, params=params, topic=topic(c))
    emails = [p.email for p in recipients if p.email]
    if emails:
        text = _(message) % params
        url = settings.SITE_URL + c.get_absolute_url()
        send.email(emails, f"[Warta] {text}"[:200], "complaints/email/staff", {"text": text, "url": url})


def after_event(c: Complaint, event: ComplaintEvent) -> None:
    action = event.action
    whatsapp_todo(c, event)
    if event.from_status != event.to_status:
        send.resolve(topic(c), now=event.at)
    if action == "receive":
        _tell(_officers(), NEW, c)
    elif action in ("assign", "return", "provide_info") and c.assignee is not None:
        _tell([c.assignee], WAITING, c)
    elif action == "reopen":
        _tell([c.assignee, *_officers()], REOPENED, c)
    elif action == "answer":
        _tell(_officers(), TO_APPROVE, c)
    elif action == "approve" and c.assignee is not None:
        _tell([c.assignee], APPROVED, c)
    elif action == "consult":
        from warta.accounts.models import User

        staff = User.objects.filter(username=event.data.get("staff")).first()
        if staff is not None:
            send.notice(staff, url=c.get_absolute_url(), message=CONSULTED, params={"number": c.number})
    elif action == "reply_consult":
        # Whoever handles the complaint reads the facts: the assigned member, else the officers.
        _tell([c.assignee] if c.assignee is not None else _officers(), CONSULT_REPLIED, c)
    elif action == "acknowledge" and event.data.get("named"):
        from warta.accounts.models import User

        named = User.objects.filter(username=event.data["named"]).first()
        if named is not None:
            send.notice(named, message=PRAISED, params={"number": c.number, "text": c.body[:300]})
    if action == "deliver" and event.data.get("channel") == Delivery.WHATSAPP:
        send_answer_by_whatsapp(c, event)
        return
    if action in COMPLAINANT_SUBJECTS and c.contact_email:
        if action == "deliver" and event.data.get("channel") != Delivery.EMAIL:
            return
        send.send_message(_complainant_email(c, event, action))


def _complainant_email(c: Complaint, event: ComplaintEvent, action: str) -> send.Message:
    """The e-mail telling the complainant of a step (also the fallback of the answer on WhatsApp)."""
    with translation.override("id"):
        subject = _(COMPLAINANT_SUBJECTS[action]) % {"number": c.number}
    return send.render_email(c.contact_email, subject, "complaints/email/complainant", _context(c, event))


def answer_text(c: Complaint) -> str:
    return _("Jawaban atas pengaduan %(number)s:") % {"number": c.number} + "\n\n" + c.answer


def about(c: Complaint) -> str:
    return f"complaint:{c.number}"


def answer_key(c: Complaint, event_pk: int) -> str:
    """The key the answer's WhatsApp message is written under: its delivery event's."""
    return f"{about(c)}:event:{event_pk}"


def send_answer_by_whatsapp(c: Complaint, event: ComplaintEvent) -> WhatsAppMessage | None:
    """The answer delivered on WhatsApp: through the Cloud API when it is on (a free-form text in an
    open 24-hour window, else the answer template; failing that by e-mail or a wa.me to-do for the
    complaints officer); when it is off, staff send it by hand from the wa.me link as before."""
    if not whatsapp.is_configured() or len(send.normalize_phone(c.contact_phone)) < 8 or not c.answer:
        return None
    with translation.override("id"):
        text = answer_text(c)
    return whatsapp.send_notice(
        c.contact_phone,
        WhatsAppTemplate.Event.COMPLAINT_ANSWER,
        {"number": c.number, "title": c.title, "answer": c.answer, "tracking_url": tracking_url()},
        text,
        key=answer_key(c, event.pk),
        subject=about(c),
        fallback_mail=_complainant_email(c, event, "deliver") if c.contact_email else None,
        role=roles.PENGELOLA_PENGADUAN,
        url=c.get_absolute_url(),
    )


def whatsapp_messages(c: Complaint):
    return WhatsAppMessage.objects.filter(subject=about(c)).order_by("created_at")


def whatsapp_link(c: Complaint) -> str:
    """A wa.me to-do link with the approved answer, for delivery by WhatsApp by hand."""
    if not c.contact_phone or not c.answer:
        return ""
    return send.wa_link(c.contact_phone, answer_text(c))


def latest_answer_key(c: Complaint) -> str | None:
    """The key of the WhatsApp message that carried the latest approved answer: the first delivery
    by WhatsApp after the latest approval (None before that answer went by WhatsApp). An answer
    approved again after a reopening is matched to its own delivery, not the earlier one's."""
    events = ComplaintEvent.objects.filter(complaint=c)
    approval = events.filter(action="approve").order_by("-pk").values_list("pk", flat=True).first()
    if approval is None:
        return None
    delivery = (
        events.filter(action="deliver", pk__gt=approval, data__channel=Delivery.WHATSAPP)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return None if delivery is None else answer_key(c, delivery)


def answer_wa_link(c: Complaint) -> str:
    """The complaint page's wa.me link for staff to send the approved answer by hand: offered until
    the answer goes by WhatsApp; not once its WhatsApp message (matched to the latest approval) was
    sent, delivered or read, nor while it waits to go; again when it failed or its answer was lost
    (`whatsapp.offer_by_hand`, as the request page does)."""
    if c.answer_approved_at is None:
        return ""
    key = latest_answer_key(c)
    status = whatsapp.statuses([key]).get(key) if key else None
    # emailed=False: an answer the complainant had by e-mail may still be sent on WhatsApp by hand.
    if not whatsapp.offer_by_hand(status, emailed=False):
        return ""
    return whatsapp_link(c)


def whatsapp_todo_key(c: Complaint) -> str:
    return f"complaint:{c.pk}:whatsapp"


def whatsapp_todo(c: Complaint, event: ComplaintEvent) -> None:
    """While the WhatsApp Cloud API is off, an approved answer for a complainant who left a phone
    number and no e-mail goes on a to-do list (/tugas/) with the wa.me link written out: the
    assigned team member's when they may see the complainant, else the officers'. Any later step
    (delivered, returned, reopened) settles it. (When the API is on, `deliver` sends the answer and
    only a failed send becomes a to-do, in warta.notify.whatsapp.)"""
    key = whatsapp_todo_key(c)
    link = whatsapp_link(c)
    if (
        c.status != Status.AWAITING_APPROVAL
        or c.answer_approved_at is None
        or not link
        or c.contact_email
        or whatsapp.is_configured()
    ):
        todos.settle(key, by=event.actor)
        return
    assignee = c.assignee
    if assignee is not None and (c.confidential or not roles.has_role(assignee, roles.TIM_PENGADUAN)):
        assignee = None
    with translation.override("id"):  # stored words, like the event's note
        title = _("Kirim jawaban pengaduan %(number)s lewat WhatsApp") % {"number": c.number}
        detail = _("Setelah terkirim, catat penyampaiannya pada halaman pengaduan (Sampaikan jawaban).")
    todos.add(
        key,
        kind=Todo.Kind.SEND_WHATSAPP,
        title=title,
        detail=detail,
        url=link,
        page=c.get_absolute_url(),
        assignee=assignee,
        role="" if assignee is not None else roles.PENGELOLA_PENGADUAN,
    )
