"""The complaints' personal data: the complainant's name, phone, e-mail and handle (UU 27/2022).

Registered with warta.core.privacy in ComplaintsConfig.ready(). Anonymising replaces the
complainant's identity on complaints closed or forwarded before the cut-off; the complaint, its
events and its figures stay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import translation

from warta.complaints.models import OPEN_STATUSES, Complaint, Status
from warta.core.privacy import ANONYMISED, Person, iso
from warta.notify.send import normalize_phone


def complaints_of(person: Person) -> QuerySet[Complaint]:
    condition = Q(pk__in=[])
    if person.email:
        condition |= Q(contact_email__iexact=person.email)
    if person.phone:
        wanted = normalize_phone(person.phone)
        rows = Complaint.objects.exclude(contact_phone="").values_list("pk", "contact_phone")
        condition |= Q(pk__in=[pk for pk, phone in rows.iterator() if normalize_phone(phone) == wanted])
    return Complaint.objects.filter(condition)


def closed_before(moment: dt.datetime) -> QuerySet[Complaint]:
    return (
        Complaint.objects.exclude(status__in=(*OPEN_STATUSES, Status.ANSWERED))
        .annotate(closed_at=Coalesce("sla_closed_at", "answered_at", "updated_at"))
        .filter(closed_at__lt=moment)
    )


class ComplaintContacts:
    name = "complaints.complaints"

    def export(self, person: Person) -> list[dict[str, Any]]:
        found = complaints_of(person).prefetch_related("events").order_by("received_at", "pk")
        result = []
        with translation.override("id"):
            for c in found:
                result.append(
                    {
                        "number": c.number,
                        "kind": c.get_kind_display(),
                        "channel": c.get_channel_display(),
                        "received_at": iso(c.received_at),
                        "status": c.get_status_display(),
                        "confidential": c.confidential,
                        "contact": {
                            "name": c.contact_name,
                            "phone": c.contact_phone,
                            "email": c.contact_email,
                            "handle": c.contact_handle,
                        },
                        "title": c.title,
                        "body": c.body,
                        "answer": c.answer,
                        "events": [
                            {"at": iso(e.at), "action": e.action, "note": e.note}
                            for e in c.events.all()
                            if e.action in ("receive", "request_info", "provide_info", "deliver", "reopen")
                        ],
                    }
                )
        return result

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        targets = closed_before(closed_before_moment).filter(
            ~Q(contact_name__in=("", ANONYMISED)) | ~Q(contact_phone="") | ~Q(contact_email="") | ~Q(contact_handle="")
        )
        if dry_run:
            return targets.count()
        return targets.update(contact_name=ANONYMISED, contact_phone="", contact_email="", contact_handle="")
