"""An answer delivered on the complainant's WhatsApp goes through the WhatsApp sender when it is on."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.accounts import roles
from warta.complaints import notifications, transitions
from warta.complaints.tests.support import make_complaint
from warta.notify import whatsapp
from warta.notify.testing import whatsapp_fake
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def wa(settings, monkeypatch):
    monkeypatch.setattr(whatsapp, "_window_providers", [])
    with whatsapp_fake(settings) as fake:
        yield fake


def _deliver(pengelola, tim, capture, **fields):
    complaint = make_complaint(pengelola, tim, "awaiting_approval", approved=True, **fields)
    mail.outbox.clear()
    with capture(execute=True):
        transitions.perform(complaint, "deliver", pengelola, {"channel": "whatsapp"})
    return complaint


def test_the_answer_goes_as_the_answer_template(wa, office, pengelola, tim, django_capture_on_commit_callbacks):
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    (sent,) = wa.wa_messages
    assert sent["payload"]["to"] == "6281234567890"
    assert sent["payload"]["template"]["name"] == "warta_jawaban_pengaduan"
    assert sent["payload"]["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": complaint.number},
        {"type": "text", "text": "Terima kasih, sudah kami perbaiki."},
    ]
    (record,) = notifications.whatsapp_messages(complaint)
    assert record.status == "sent"
    assert [m for m in mail.outbox if "siti@example.org" in m.to] == []


def test_inside_the_window_the_answer_goes_as_text(wa, office, pengelola, tim, django_capture_on_commit_callbacks):
    whatsapp.register_window_provider(lambda phone: True)
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    (sent,) = wa.wa_messages
    assert sent["payload"]["text"]["body"] == (
        f"Jawaban atas pengaduan {complaint.number}:\n\nTerima kasih, sudah kami perbaiki."
    )


def test_a_failed_answer_without_email_is_a_todo_for_the_officer(
    wa, office, pengelola, tim, django_capture_on_commit_callbacks
):
    wa.fail("wa.messages", "131026")
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks, contact_email="")
    todo = Todo.objects.get()
    assert todo.role == roles.PENGELOLA_PENGADUAN
    assert todo.url == notifications.whatsapp_link(complaint)


def test_without_whatsapp_staff_send_it_by_hand_as_before(
    wa, settings, office, pengelola, tim, django_capture_on_commit_callbacks
):
    settings.WARTA_WHATSAPP_TOKEN = ""
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    assert wa.wa_messages == [] and not notifications.whatsapp_messages(complaint).exists()
    assert notifications.whatsapp_link(complaint).startswith("https://wa.me/6281234567890?text=")


def test_a_failed_answer_falls_back_to_the_email_the_complainant_would_have_had(
    wa, settings, tmp_path, office, pengelola, tim, django_capture_on_commit_callbacks
):
    html = tmp_path / "complaints" / "email" / "complainant.html"
    html.parent.mkdir(parents=True)
    html.write_text("<p>{{ complaint.number }}: {{ event.data.text }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    by_email = make_complaint(pengelola, tim, "awaiting_approval", approved=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(by_email, "deliver", pengelola, {"channel": "email"})
    (emailed,) = [m for m in mail.outbox if "siti@example.org" in m.to]
    wa.fail("wa.messages", "131026")
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    assert [r.status for r in notifications.whatsapp_messages(complaint)] == ["failed"]
    (fallback,) = [m for m in mail.outbox if "siti@example.org" in m.to]
    assert fallback.subject == f"Jawaban atas pengaduan {complaint.number}"
    assert fallback.body == emailed.body.replace(by_email.number, complaint.number)
    assert "Lacak pengaduan Anda" in fallback.body and "Terima kasih, sudah kami perbaiki." in fallback.body
    assert fallback.alternatives == [(f"<p>{complaint.number}: Terima kasih, sudah kami perbaiki.</p>", "text/html")]
    assert not Todo.objects.exists()


@pytest.mark.parametrize("confidential", [False, True])
def test_the_complaint_page_shows_the_messages_and_the_number_only_with_the_identity(
    wa, office, login, pengelola, tim, django_capture_on_commit_callbacks, confidential
):
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks, confidential=confidential)
    (record,) = notifications.whatsapp_messages(complaint)
    assert whatsapp.record_status(record.wamid, "delivered")
    officer_page = login(pengelola).get(complaint.get_absolute_url()).content.decode()
    assert "Pesan WhatsApp ke pengadu" in officer_page
    assert "Sampai" in officer_page and "warta_jawaban_pengaduan" in officer_page
    assert "+6281234567890" in officer_page
    team_page = login(tim).get(complaint.get_absolute_url()).content.decode()
    assert "Pesan WhatsApp ke pengadu" in team_page and "Sampai" in team_page
    if confidential:  # the assigned team member may not see who complained: nor their number
        assert "6281234567890" not in team_page and "081234567890" not in team_page
        assert "Identitas pengadu dirahasiakan." in team_page
    else:
        assert "+6281234567890" in team_page


def test_without_messages_the_complaint_page_has_no_whatsapp_panel(
    wa, settings, office, login, pengelola, tim, django_capture_on_commit_callbacks
):
    settings.WARTA_WHATSAPP_TOKEN = ""
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    page = login(pengelola).get(complaint.get_absolute_url()).content.decode()
    assert "Pesan WhatsApp ke pengadu" not in page


# --- the page's "Kirim lewat WhatsApp" link (a wa.me link to send the answer by hand) ------------

BY_HAND = "Kirim lewat WhatsApp"


def offers_by_hand(client, complaint) -> bool:
    page = client.get(complaint.get_absolute_url()).content.decode()
    return BY_HAND in page and "https://wa.me/6281234567890?text=" in page


def test_the_by_hand_link_goes_once_the_answer_went_by_whatsapp(
    wa, office, login, pengelola, tim, django_capture_on_commit_callbacks
):
    waiting = make_complaint(pengelola, tim, "awaiting_approval", approved=True)
    officer = login(pengelola)
    assert offers_by_hand(officer, waiting)  # approved, not yet delivered: staff may send it by hand
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    (record,) = notifications.whatsapp_messages(complaint)
    assert record.status == "sent"
    assert not offers_by_hand(officer, complaint)
    for status in ("delivered", "read"):
        assert whatsapp.record_status(record.wamid, status)
        assert not offers_by_hand(officer, complaint), status


def test_the_by_hand_link_comes_back_when_the_whatsapp_answer_failed(
    wa, office, login, pengelola, tim, django_capture_on_commit_callbacks
):
    wa.fail("wa.messages", "131026")
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    assert [r.status for r in notifications.whatsapp_messages(complaint)] == ["failed"]
    assert offers_by_hand(login(pengelola), complaint)


def test_a_reopened_complaint_answered_again_offers_the_link_until_its_own_answer_goes(
    wa, office, login, pengelola, tim, django_capture_on_commit_callbacks
):
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    (first,) = notifications.whatsapp_messages(complaint)
    assert whatsapp.record_status(first.wamid, "read")
    officer = login(pengelola)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(complaint, "reopen", pengelola, {"note": "Antrean masih lama."})
        complaint.refresh_from_db()
        transitions.perform(complaint, "answer", tim, {"text": "Loket tambahan sudah dibuka."})
        complaint.refresh_from_db()
        transitions.perform(complaint, "approve", pengelola)
    complaint.refresh_from_db()
    # The first answer's message was read, but the new answer has not gone yet.
    assert offers_by_hand(officer, complaint)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(complaint, "deliver", pengelola, {"channel": "whatsapp"})
    complaint.refresh_from_db()
    assert [r.status for r in notifications.whatsapp_messages(complaint)] == ["read", "sent"]
    assert not offers_by_hand(officer, complaint)


def test_without_the_cloud_api_the_by_hand_link_stays(
    wa, settings, office, login, pengelola, tim, django_capture_on_commit_callbacks
):
    settings.WARTA_WHATSAPP_TOKEN = ""
    complaint = _deliver(pengelola, tim, django_capture_on_commit_callbacks)
    assert offers_by_hand(login(pengelola), complaint)  # staff sent it by hand from this very link
