"""To-dos that carry a person's WhatsApp number and a message written out for them (wa.me links):
given in an export, and emptied by retention once done before the cut-off (open ones are still
needed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from warta.core.privacy import ANONYMISED, Person
from warta.notify.send import normalize_phone

WA_PREFIX = "https://wa.me/"


class WhatsAppTodos:
    name = "todos.whatsapp"

    def export(self, person: Person) -> list[dict[str, Any]]:
        from warta.todos.models import Todo

        number = normalize_phone(person.phone) if person.phone else ""
        if not number:
            return []
        rows = Todo.objects.filter(url__startswith=f"{WA_PREFIX}{number}").order_by("pk")
        return [
            {
                "title": row.title,
                "detail": row.detail,
                "url": row.url,
                "created_at": row.created_at.isoformat(),
                "done_at": row.done_at.isoformat() if row.done_at else None,
            }
            for row in rows.iterator()
            if row.url[len(WA_PREFIX) :].split("?", 1)[0] == number
        ]

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        from warta.todos.models import Todo

        old = Todo.objects.filter(url__startswith=WA_PREFIX, done_at__lt=closed_before_moment)
        if dry_run:
            return old.count()
        return old.update(url="", detail="", title=ANONYMISED)
