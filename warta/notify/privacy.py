"""People with an account (an OPD operator is often also a request's contact): the account's
personal data and the notices shown to them. Registered in NotifyConfig.ready().

Accounts are not anonymised by retention: an admin deactivates a person who leaves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from warta.core.privacy import Person, iso
from warta.notify.send import normalize_phone


class AccountNotices:
    name = "accounts.notices"

    def export(self, person: Person) -> list[dict[str, Any]]:
        User = get_user_model()
        condition = Q(pk__in=[])
        if person.email:
            condition |= Q(email__iexact=person.email)
        if person.phone:
            wanted = normalize_phone(person.phone)
            rows = User.objects.exclude(phone="").values_list("pk", "phone")
            condition |= Q(pk__in=[pk for pk, phone in rows.iterator() if normalize_phone(phone) == wanted])
        people = User.objects.filter(condition).select_related("organization").prefetch_related("notices")
        return [
            {
                "username": user.username,
                "name": user.get_full_name(),
                "email": user.email,
                "phone": user.phone,
                "position": user.position,
                "nip": user.nip,
                "organization": user.organization.name if user.organization else None,
                "is_active": user.is_active,
                "date_joined": iso(user.date_joined),
                "last_login": iso(user.last_login),
                "notices": [
                    {"at": iso(n.created_at), "text": n.text, "url": n.url, "read_at": iso(n.read_at)}
                    for n in user.notices.all()
                ],
            }
            for user in people.order_by("pk")
        ]

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        return 0


class OutgoingMessages:
    """The e-mails kept for sending (with their Message-ID): sent ones are deleted after 30 days
    (`send.prune_sent`), so retention deletes only what is left older than the cut-off."""

    name = "notify.outgoing"

    def export(self, person: Person) -> list[dict[str, Any]]:
        from warta.notify.models import OutgoingMessage

        if not person.email:
            return []
        rows = OutgoingMessage.objects.filter(to__icontains=person.email).order_by("pk")
        return [
            {
                "to": row.to,
                "subject": row.subject,
                "body": row.body,
                "message_id": row.message_id,
                "status": row.status,
                "created_at": iso(row.created_at),
                "sent_at": iso(row.sent_at),
            }
            for row in rows.iterator()
            if person.email in (address.strip().lower() for address in row.to)
        ]

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        from warta.notify.models import OutgoingMessage

        old = OutgoingMessage.objects.filter(created_at__lt=closed_before_moment).exclude(
            status__in=[OutgoingMessage.Status.QUEUED, OutgoingMessage.Status.SENDING]
        )
        if dry_run:
            return old.count()
        deleted, _ = old.delete()
        return deleted


class WhatsAppMessages:
    """The WhatsApp messages sent to a person (their number and the text): given in an export, and
    deleted by retention once older than the cut-off (unless still waiting to be sent)."""

    name = "notify.whatsapp"

    def export(self, person: Person) -> list[dict[str, Any]]:
        from warta.notify.models import WhatsAppMessage

        number = normalize_phone(person.phone) if person.phone else ""
        if not number:
            return []
        return [
            {
                "to": row.to,
                "kind": row.kind,
                "template": row.template_name,
                "params": row.template_params,
                "body": row.body,
                "status": row.status,
                "subject": row.subject,
                "created_at": iso(row.created_at),
                "sent_at": iso(row.sent_at),
                "delivered_at": iso(row.delivered_at),
                "read_at": iso(row.read_at),
            }
            for row in WhatsAppMessage.objects.filter(to=number).order_by("pk").iterator()
        ]

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        from warta.notify.models import WhatsAppMessage

        old = WhatsAppMessage.objects.filter(created_at__lt=closed_before_moment).exclude(
            status=WhatsAppMessage.Status.QUEUED
        )
        if dry_run:
            return old.count()
        deleted, _ = old.delete()
        return deleted
