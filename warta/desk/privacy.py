"""The desk's personal data: the contact person of each request (name, phone, e-mail).

Registered with warta.core.privacy in DeskConfig.ready(). Anonymising replaces the contact of
requests closed before the retention cut-off; the request, its events and attachments stay (the
service's archive and its reports).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import translation

from warta.core.privacy import ANONYMISED, Person, iso
from warta.desk.models import OPEN_STATUSES, Event, PublicationRequest, Status
from warta.desk.notifications import CONTACT_ACTIONS, CONTACT_SUBJECTS
from warta.notify.send import normalize_phone

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


def requests_of(person: Person) -> QuerySet[PublicationRequest]:
    """The requests whose contact is this person: the same e-mail (any case) or the same number
    however it was typed (0812…, +62 812-…, 62812…)."""
    condition = Q(pk__in=[])
    if person.email:
        condition |= Q(contact_email__iexact=person.email)
    if person.phone:
        wanted = normalize_phone(person.phone)
        rows = PublicationRequest.objects.exclude(contact_phone="").values_list("pk", "contact_phone")
        condition |= Q(pk__in=[pk for pk, phone in rows.iterator() if normalize_phone(phone) == wanted])
    return PublicationRequest.objects.filter(condition)


def closed_before(moment: dt.datetime) -> QuerySet[PublicationRequest]:
    """Requests published, rejected or cancelled before `moment` (by their clock's closing time)."""
    return (
        PublicationRequest.objects.exclude(status__in=OPEN_STATUSES)
        .annotate(closed_at=Coalesce("sla_closed_at", "published_at", "updated_at"))
        .filter(closed_at__lt=moment)
    )


class RequestContacts:
    name = "desk.requests"

    def export(self, person: Person) -> list[dict[str, Any]]:
        found = (
            requests_of(person)
            .select_related("organization")
            .prefetch_related("events", "attachments", "posts")
            .order_by("received_at", "pk")
        )
        return [self._request(req) for req in found]

    def _request(self, req: PublicationRequest) -> dict[str, Any]:
        events = list(req.events.all())
        with translation.override("id"):
            return {
                "number": req.number,
                "organization": req.organization.name,
                "channel": req.get_channel_display(),
                "received_at": iso(req.received_at),
                "status": str(Status(req.status).label),
                "contact": {"name": req.contact_name, "phone": req.contact_phone, "email": req.contact_email},
                "title": req.title,
                "caption": req.caption,
                "captions": req.captions,
                "platforms": req.platforms,
                "links": req.links,
                "publish_at": iso(req.publish_at),
                "published_at": iso(req.published_at),
                "post_links": [post.url for post in req.posts.all() if post.url],
                "attachments": [
                    {
                        "name": a.original_name,
                        "kind": a.get_kind_display(),
                        "content_type": a.content_type,
                        "size": a.size,
                        "alt_text": a.alt_text,
                        "uploaded_at": iso(a.uploaded_at),
                    }
                    for a in req.attachments.all()
                ],
                "events": [
                    {
                        "at": iso(e.at),
                        "action": e.action,
                        "from_status": e.from_status,
                        "to_status": e.to_status,
                        "note": e.note,
                        "data": e.data,
                    }
                    for e in events
                ],
                # What the contact was sent: one e-mail per step they are told about (warta.desk.notifications).
                "messages_sent": [
                    {
                        "channel": "email",
                        "to": req.contact_email,
                        "at": iso(e.at),
                        "subject": translation.gettext(CONTACT_SUBJECTS[e.action]) % {"number": req.number},
                    }
                    for e in events
                    if e.action in CONTACT_ACTIONS and req.contact_email
                ],
            }

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        due = list(
            closed_before(closed_before_moment)
            .exclude(contact_name=ANONYMISED, contact_phone="", contact_email="")
            .values_list("pk", flat=True)
        )
        if dry_run:
            return len(due)
        # A correction of the contact (the edit move) keeps the old and new values in its event.
        for event in Event.objects.filter(request__in=due, action="edit"):
            changes = (event.data or {}).get("changes") or {}
            touched = [field for field in CONTACT_FIELDS if field in changes]
            if touched:
                for field in touched:
                    blank = ANONYMISED if field == "contact_name" else ""
                    changes[field] = {"from": blank, "to": blank}
                Event.objects.filter(pk=event.pk).update(data=event.data)
        return PublicationRequest.objects.filter(pk__in=due).update(
            contact_name=ANONYMISED, contact_phone="", contact_email=""
        )
