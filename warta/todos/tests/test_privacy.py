"""A to-do with a wa.me link holds a person's number and a message for them: exported on request,
emptied by retention once done before the cut-off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from warta.core.privacy import ANONYMISED, Person
from warta.todos import services
from warta.todos.models import Todo
from warta.todos.privacy import WhatsAppTodos

pytestmark = pytest.mark.django_db


def _wa(key, phone="6281234567890"):
    return services.add(
        key, kind=Todo.Kind.SEND_WHATSAPP, title=f"Kirim ke +{phone}", url=f"https://wa.me/{phone}?text=Halo"
    )


def test_export_finds_the_persons_todos_only(db):
    _wa("a")
    _wa("b", phone="62812345678901")  # a longer number that starts the same
    rows = WhatsAppTodos().export(Person(phone="0812-3456-7890"))
    assert [r["title"] for r in rows] == ["Kirim ke +6281234567890"]
    assert WhatsAppTodos().export(Person(email="x@example.org")) == []


def test_retention_empties_done_todos_before_the_cut_off_and_keeps_open_ones(db):
    done = _wa("done")
    services.settle("done")
    _wa("open")
    holder = WhatsAppTodos()
    later = timezone.now() + dt.timedelta(minutes=1)
    assert holder.anonymise(later, dry_run=True) == 1
    assert holder.anonymise(later) == 1
    done.refresh_from_db()
    assert (done.url, done.title) == ("", ANONYMISED)
    assert Todo.objects.get(key="open").url.startswith("https://wa.me/")
