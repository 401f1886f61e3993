"""Who hears about a step: the applicant's contact and whoever must act next.

Everything is sent by the task worker after the transaction commits (warta.notify). The contact
hears by WhatsApp when it is configured and they left a number (the approved template for the step,
with e-mail as its fallback), else by e-mail (warta.notify.contact.tell). For a contact with only a
phone number and WhatsApp off, staff see a one-click wa.me link with the same message written out
(`contact_message`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.accounts import roles
from warta.core.office import get_office
from warta.desk import timeline
from warta.desk.holders import holders
from warta.desk.models import Event, PublicationRequest
from warta.desk.tracking import tracking_url
from warta.notify import contact, send, whatsapp
from warta.notify.models import WhatsAppMessage, WhatsAppTemplate

# Actions whose outcome the applicant's contact is told about.
CONTACT_ACTIONS = ("submit", "request_completion", "publish", "reject")
# The WhatsApp notice (admin-set template) each of those steps goes as.
CONTACT_EVENTS = {
    "submit": WhatsAppTemplate.Event.RECEIVED,
    "request_completion": WhatsAppTemplate.Event.COMPLETION,
    "publish": WhatsAppTemplate.Event.PUBLISHED,
    "reject": WhatsAppTemplate.Event.REJECTED,
}
# Actions after which the next holder of the request is told to act.
NEXT_ACTOR_ACTIONS = ("submit", "dispose", "assign", "reassign", "resubmit")

# The home-page notice to whoever must act next (translated when shown).
WAITING = gettext_noop("Menunggu tindakan Anda: %(label)s")

# The assignee's notice when Warta could not post to a platform.
POST_FAILED = gettext_noop("Unggahan %(platform)s untuk %(label)s gagal: %(error)s")

CONTACT_SUBJECTS = {
    "submit": gettext_noop("Permohonan publikasi %(number)s diterima"),
    "request_completion": gettext_noop("Permohonan %(number)s perlu dilengkapi"),
    "publish": gettext_noop("Permohonan %(number)s telah dipublikasikan"),
    "reject": gettext_noop("Permohonan %(number)s ditolak"),
}


def _context(req: PublicationRequest, event: Event, audience: str) -> dict:
    """What a message about `event` may say: the step as its reader's audience sees it (`entry`)."""
    return {
        "req": req,
        "event": event,
        "entry": timeline.entry(event, audience),
        "office": get_office(),
        "tracking_url": tracking_url(req.number),
        "tracking_code": getattr(req, "raw_tracking_code", ""),
        "request_url": settings.SITE_URL + req.get_absolute_url(),
    }


def _contact_context(req: PublicationRequest, event: Event) -> dict:
    with translation.override("id"):  # the language send.email writes in
        return _context(req, event, timeline.APPLICANT)


def _office_context(req: PublicationRequest, event: Event) -> dict:
    with translation.override("id"):
        return _context(req, event, timeline.OFFICE)


def contact_message(req: PublicationRequest, event: Event) -> str:
    """The text sent to the applicant's contact for this step (also used for the wa.me link)."""
    context = _context(req, event, timeline.APPLICANT)
    return render_to_string(f"desk/email/contact_{event.action}.txt", context).strip()


def contact_wa_link(req: PublicationRequest, event: Event) -> str:
    if not req.contact_phone or event.action not in CONTACT_ACTIONS:
        return ""
    return send.wa_link(req.contact_phone, contact_message(req, event))


def add_contact_wa_links(req: PublicationRequest, entries) -> None:
    """Staff's wa.me link to send a step's notice by hand, on the timeline entries that need one:
    not when it went by WhatsApp, but when that failed or is unknown, or when there was no WhatsApp
    message and no e-mail (`whatsapp.offer_by_hand`)."""
    if not req.contact_phone:
        return
    steps = [e for e in entries if e.event is not None and e.action in CONTACT_ACTIONS]
    sent = whatsapp.statuses([contact_key(req, e.event) for e in steps])
    for entry in steps:
        if whatsapp.offer_by_hand(sent.get(contact_key(req, entry.event)), emailed=bool(req.contact_email)):
            entry.wa_link = contact_wa_link(req, entry.event)


def about(req: PublicationRequest) -> str:
    """What a WhatsApp message about the request says it is about (the request page lists them)."""
    return f"request:{req.number}"


def contact_key(req: PublicationRequest, event: Event) -> str:
    """The key the WhatsApp notice of a step is written under (once per step)."""
    return f"{about(req)}:event:{event.pk}"


def template_values(req: PublicationRequest, event: Event, context: dict) -> dict[str, str]:
    """The values a step's WhatsApp template may take (docs/whatsapp.md)."""
    entry = context["entry"]
    return {
        "number": req.number,
        "title": req.title,
        "organization": req.organization.name,
        "tracking_url": context["tracking_url"],
        "tracking_code": context["tracking_code"],
        "note": " ".join(filter(None, [entry.reason, entry.note])),
        "links": " ".join(url for _code, _platform, url in entry.links),
    }


def tell_contact(req: PublicationRequest, event: Event) -> str:
    """The step's notice to the applicant's contact, by WhatsApp or e-mail; the channel used."""
    context = _contact_context(req, event)
    return contact.tell(
        phone=req.contact_phone,
        email=req.contact_email,
        key=contact_key(req, event),
        event=CONTACT_EVENTS[event.action],
        values=template_values(req, event, context),
        text=contact.render_text(f"desk/email/contact_{event.action}", context),
        subject=_(CONTACT_SUBJECTS[event.action]) % {"number": req.number},
        email_template=f"desk/email/contact_{event.action}",
        email_context=context,
        about=about(req),
        role=roles.STAF_IKP,
        url=req.get_absolute_url(),
    )


def whatsapp_messages(req: PublicationRequest):
    return WhatsAppMessage.objects.filter(subject=about(req)).order_by("created_at")


def whatsapp_panel(http_request, req: PublicationRequest, staff: bool):
    """The request page's panel for office staff: the WhatsApp messages sent to the contact."""
    if not staff:
        return None
    messages = list(whatsapp_messages(req))
    if not messages:
        return None
    return render_to_string("notify/_whatsapp_panel.html", {"messages": messages}, request=http_request)


def topic(req: PublicationRequest) -> str:
    """What the home-page notices about a request's current step are about (see `resolve_notices`)."""
    return f"desk.request:{req.pk}"


def request_pk(notice_topic: str) -> int | None:
    """The request a notice's topic names, or None."""
    prefix, _sep, pk = notice_topic.partition(":")
    return int(pk) if prefix == "desk.request" and pk.isdigit() else None


def resolve_notices(req: PublicationRequest, event: Event) -> None:
    """A step taken resolves the notices about the step before: every one when the status moved;
    when it did not (an edit, a reassignment), those of whoever no longer holds the request."""
    if event.from_status != event.to_status:
        send.resolve(topic(req), now=event.at)
    else:
        people, _role = holders(req)
        send.resolve(topic(req), keep=people, now=event.at)


def after_event(req: PublicationRequest, event: Event) -> None:
    """Resolve the notices the step answers, and queue the messages for this event (sent after commit)."""
    resolve_notices(req, event)
    if event.action in CONTACT_ACTIONS:
        tell_contact(req, event)
    if event.action in NEXT_ACTOR_ACTIONS:
        people, _role = holders(req)
        recipients = [u.email for u in people if u.email]
        if recipients:
            send.email(
                recipients,
                _("Menunggu tindakan Anda: %(number)s") % {"number": req.number},
                "desk/email/next_actor",
                _office_context(req, event),
            )
        for person in people:
            send.notice(
                person, url=req.get_absolute_url(), message=WAITING, params={"label": str(req)}, topic=topic(req)
            )
    if event.action == "publish":
        from warta.desk.signals import request_published

        pk = req.pk
        transaction.on_commit(
            lambda: request_published.send(sender=PublicationRequest, request=PublicationRequest.objects.get(pk=pk))
        )


def post_topic(req: PublicationRequest, platform: str) -> str:
    """What the notices about one platform's post of a request are about (resolved by a retry)."""
    return f"desk.post:{req.pk}:{platform}"


def post_failed(req: PublicationRequest, post: Any) -> None:
    """Tell the assignee once per failed attempt (the home page's notices)."""
    from warta.notify.models import Notice
    from warta.notify.send import notice

    person = req.assignee or post.started_by
    if person is None:
        return
    topic = post_topic(req, post.platform)
    if Notice.objects.filter(topic=topic, recipient=person, params__attempts=post.attempts).exists():
        return
    notice(
        person,
        url=req.get_absolute_url(),
        level=Notice.Level.WARNING,
        message=POST_FAILED,
        params={
            "platform": timeline.platform_label(post.platform),
            "label": str(req),
            "error": post.error,
            "attempts": post.attempts,
        },
        topic=topic,
    )
