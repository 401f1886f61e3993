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
