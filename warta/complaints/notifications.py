"""Who hears about a complaint's step. Notices to staff name the number only (never the
complainant); the complainant hears by e-mail when they left one. Everything leaves after commit."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.accounts import roles
from warta.complaints.models import Complaint, ComplaintEvent, Delivery
from warta.core.office import get_office
from warta.notify import send

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


def _tell(people, text: str, c: Complaint) -> None:
    for person in people:
        if person is not None:
            send.notice(person, text, c.get_absolute_url())
    emails = [p.email for p in people if p is not None and p.email]
    if emails:
        send.email(
            emails,
            f"[Warta] {text}"[:200],
            "complaints/email/staff",
            {"text": text, "url": settings.SITE_URL + c.get_absolute_url()},
        )


def after_event(c: Complaint, event: ComplaintEvent) -> None:
    action = event.action
    number = c.number
    if action == "receive":
        _tell(_officers(), _("Pengaduan baru menunggu klasifikasi: %(number)s") % {"number": number}, c)
    elif action in ("assign", "return", "provide_info") and c.assignee is not None:
        _tell([c.assignee], _("Pengaduan %(number)s menunggu tindakan Anda.") % {"number": number}, c)
    elif action == "reopen":
        people = [c.assignee, *_officers()]
        _tell(people, _("Pengaduan %(number)s dibuka kembali.") % {"number": number}, c)
    elif action == "answer":
        _tell(_officers(), _("Jawaban pengaduan %(number)s menunggu persetujuan.") % {"number": number}, c)
    elif action == "approve" and c.assignee is not None:
        _tell([c.assignee], _("Jawaban pengaduan %(number)s disetujui.") % {"number": number}, c)
    elif action == "consult":
        from warta.accounts.models import User

        staff = User.objects.filter(username=event.data.get("staff")).first()
        if staff is not None:
            _tell([staff], _("Pengaduan %(number)s: mohon keterangan Anda.") % {"number": number}, c)
    elif action == "acknowledge" and event.data.get("named"):
        from warta.accounts.models import User

        named = User.objects.filter(username=event.data["named"]).first()
        if named is not None:
            text = _("Apresiasi dari warga untuk Anda (%(number)s): %(text)s") % {
                "number": number,
                "text": c.body[:300],
            }
            send.notice(named, text)
    if action in COMPLAINANT_SUBJECTS and c.contact_email:
        if action == "deliver" and event.data.get("channel") != Delivery.EMAIL:
            return
        send.email(
            c.contact_email,
            _(COMPLAINANT_SUBJECTS[action]) % {"number": number},
            "complaints/email/complainant",
            _context(c, event),
        )


def whatsapp_link(c: Complaint) -> str:
    """A wa.me to-do link with the approved answer, for delivery by WhatsApp by hand."""
    if not c.contact_phone or not c.answer:
        return ""
    text = _("Jawaban atas pengaduan %(number)s:") % {"number": c.number} + "\n\n" + c.answer
    return send.wa_link(c.contact_phone, text)
