"""An approved answer for a complainant reachable only by WhatsApp becomes a to-do (/tugas/) with the
wa.me message written out; delivering (or returning) the answer settles it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from warta.complaints import transitions
from warta.complaints.tests.support import make_complaint
from warta.todos import services
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db


def test_the_assignee_gets_the_wa_me_todo_and_delivering_settles_it(office, login, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "awaiting_approval", approved=True, contact_email="")
    todo = Todo.objects.get(key=f"complaint:{complaint.pk}:whatsapp")
    assert todo.kind == Todo.Kind.SEND_WHATSAPP and todo.assignee == tim and todo.done_at is None
    assert todo.url.startswith("https://wa.me/6281234567890?text=") and quote("Terima kasih, sudah kami") in todo.url
    assert todo.page == complaint.get_absolute_url()
    page = login(tim).get("/tugas/").content.decode()
    assert f"Kirim jawaban pengaduan {complaint.number} lewat WhatsApp" in page
    assert 'target="_blank" rel="noopener noreferrer"' in page
    transitions.perform(complaint, "deliver", tim, {"channel": "whatsapp"})
    todo.refresh_from_db()
    assert todo.done_at is not None and todo.done_by == tim
    assert list(services.open_for(tim)) == []


def test_a_confidential_complainant_goes_to_the_officers_list_not_the_teams(office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "awaiting_approval", approved=True, contact_email="", confidential=True)
    todo = Todo.objects.get(key=f"complaint:{complaint.pk}:whatsapp")
    assert todo.assignee is None and todo.role == "pengelola_pengaduan"
    assert list(services.open_for(pengelola)) == [todo]
    assert list(services.open_for(tim)) == []


def test_no_todo_when_the_complainant_left_an_e_mail_or_before_approval(office, pengelola, tim):
    make_complaint(pengelola, tim, "awaiting_approval", approved=True)  # has an e-mail
    make_complaint(pengelola, tim, "awaiting_approval", contact_email="")  # not approved yet
    assert not Todo.objects.exists()


def test_returning_the_answer_settles_the_todo(office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "awaiting_approval", approved=True, contact_email="")
    transitions.perform(complaint, "return", pengelola, {"note": "Perbaiki salam pembuka."})
    assert Todo.objects.get().done_at is not None
