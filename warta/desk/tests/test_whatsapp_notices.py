"""The applicant's status notices on WhatsApp (issue 10 §3), against the fake Graph server: the
approved template for each step, free text in an open window, e-mail as the fallback, and staff
seeing each message's status on the request page."""

from __future__ import annotations

import re
from unittest.mock import ANY
from urllib.parse import unquote

import pytest
from django.core import mail

from warta.accounts import roles
from warta.desk import notifications
from warta.desk.models import Event
from warta.desk.tests.test_api_support import make_request, submitted
from warta.desk.tracking import tracking_url
from warta.desk.transitions import perform
from warta.notify import whatsapp
from warta.notify.models import WhatsAppMessage, WhatsAppTemplate
from warta.notify.testing import whatsapp_fake
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db
CONTACT = "rina@dinkes.example.go.id"


@pytest.fixture
def wa(settings, monkeypatch):
    monkeypatch.setattr(whatsapp, "_window_providers", [])  # no conversation: the window is closed
    with whatsapp_fake(settings) as fake:
        yield fake


def _templates(fake) -> list[tuple[str, list[str]]]:
    out = []
    for m in fake.wa_messages:
        template = m["payload"]["template"]
        params = [p["text"] for c in template.get("components", []) for p in c["parameters"]]
        out.append((template["name"], params))
    return out


def _unsigned(text: str) -> str:
    """The text with its signed tracking links' signatures (which carry the time) left out."""
    return re.sub(r"/lacak/[^/\s]+/", "/lacak/…/", text)


def _contact_mail() -> list[str]:
    return [m.subject for m in mail.outbox if CONTACT in m.to]


def test_each_step_goes_as_its_template_instead_of_the_email(
    wa, pemohon, pimpinan, kabid, staf, org, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    track = tracking_url(req.number).rsplit(":", 2)[0]  # signed with the time: compare up to the signature
    assert _templates(wa) == [("warta_permohonan_diterima", [req.number, "Vaksinasi HPV di sekolah", ANY])]
    assert _templates(wa)[0][1][2].startswith(track + ":") and "/lacak/" in track
    with django_capture_on_commit_callbacks(execute=True):
        perform(req, "dispose", pimpinan)
        perform(req, "assign", kabid, {"assignee": "staf", "instruction": "Segera."})
        perform(req, "request_completion", staf, {"note": "Kurang logo."})
    assert _templates(wa)[-1] == ("warta_permohonan_dilengkapi", [req.number, "Kurang logo.", ANY])
    assert _templates(wa)[-1][1][2].startswith(track + ":")
    with django_capture_on_commit_callbacks(execute=True):
        perform(req, "resubmit", pemohon)
        perform(
            req, "publish", staf, {"links": {"instagram": "https://instagram.com/p/1", "facebook": "https://fb.com/2"}}
        )
    names = [name for name, _params in _templates(wa)]
    assert names[2] == "warta_permohonan_terbit"
    assert _templates(wa)[2][1] == [
        req.number,
        "Vaksinasi HPV di sekolah",
        "https://instagram.com/p/1 https://fb.com/2",
    ]
    assert len(names) == 3  # the SKM invitation's template: warta/survey/tests/test_whatsapp_invitation.py
    assert _contact_mail() == []  # the e-mail is only the fallback now
    records = list(notifications.whatsapp_messages(req))
    assert [r.status for r in records] == ["sent"] * 3
    assert {r.to for r in records} == {"6281234567890"}


def test_rejection_goes_as_its_template(wa, pemohon, pimpinan, org, office, django_capture_on_commit_callbacks):
    req = make_request(org, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        perform(req, "reject", pimpinan, {"reason": "out_of_scope", "note": "Bukan konten pemerintah."})
    ((name, params),) = _templates(wa)
    assert name == "warta_permohonan_ditolak"
    assert params[0] == req.number and "Bukan konten pemerintah." in params[1]


def test_without_whatsapp_the_contact_gets_the_email_as_before(
    wa, settings, pemohon, org, office, django_capture_on_commit_callbacks
):
    settings.WARTA_WHATSAPP_TOKEN = ""
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    assert wa.wa_messages == [] and not WhatsAppMessage.objects.exists()
    assert _contact_mail() == [f"Permohonan publikasi {req.number} diterima"]


def test_without_a_phone_the_contact_gets_the_email(wa, pemohon, org, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(pemohon, org, contact_phone="")
    assert wa.wa_messages == []
    assert len(_contact_mail()) == 1


def test_inside_the_window_the_notice_goes_as_free_text(wa, pemohon, org, office, django_capture_on_commit_callbacks):
    whatsapp.register_window_provider(lambda phone: phone == "6281234567890")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    event = Event.objects.get(request=req, action="submit")
    (sent,) = wa.wa_messages
    assert sent["payload"]["type"] == "text"
    assert _unsigned(sent["payload"]["text"]["body"]) == _unsigned(notifications.contact_message(req, event))


def test_a_switched_off_template_sends_the_email(wa, pemohon, org, office, django_capture_on_commit_callbacks):
    WhatsAppTemplate.objects.create(event="received", name="x", language="id", params=[], active=False)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(pemohon, org)
    assert wa.wa_messages == [] and len(_contact_mail()) == 1


def test_a_failed_template_falls_back_to_email(wa, pemohon, org, office, django_capture_on_commit_callbacks):
    wa.fail("wa.messages", "131026")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    (record,) = notifications.whatsapp_messages(req)
    assert record.status == "failed"
    fallback = [m for m in mail.outbox if CONTACT in m.to]
    assert [m.subject for m in fallback] == [f"Permohonan publikasi {req.number} diterima"]
    assert req.number in fallback[0].body
    assert not Todo.objects.exists()


def test_a_failed_template_without_email_becomes_a_wa_me_todo(
    wa, pemohon, org, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org, contact_email="")
    (record,) = notifications.whatsapp_messages(req)
    with django_capture_on_commit_callbacks(execute=True):
        assert whatsapp.record_status(record.wamid, "failed", "(#131026) Message Undeliverable")
    event = Event.objects.get(request=req, action="submit")
    todo = Todo.objects.get(kind=Todo.Kind.SEND_WHATSAPP)
    assert todo.role == roles.STAF_IKP
    assert todo.url.startswith("https://wa.me/6281234567890?text=")
    text = unquote(todo.url.partition("?text=")[2])
    assert _unsigned(text) == _unsigned(notifications.contact_message(req, event))
    assert mail.outbox == [] or all(CONTACT not in m.to for m in mail.outbox)


def test_staff_see_the_messages_and_their_status_on_the_request_page(
    wa, login, pemohon, pimpinan, org, office, django_capture_on_commit_callbacks
):
    wa.fail("wa.messages", "500_after")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    (record,) = notifications.whatsapp_messages(req)
    assert record.status == "unknown"
    staff_page = login(pimpinan).get(req.get_absolute_url()).content.decode()
    assert "Pesan WhatsApp ke narahubung" in staff_page
    assert "Belum pasti" in staff_page and "warta_permohonan_diterima" in staff_page
    assert "tidak dikirim ulang otomatis" in staff_page
    assert Todo.objects.get(key=f"whatsapp:{record.pk}:confirm").title.startswith("Pastikan pesan terkirim")
    whatsapp.record_status("wamid.other", "read")
    applicant_page = login(pemohon).get(req.get_absolute_url()).content.decode()
    assert "Pesan WhatsApp ke narahubung" not in applicant_page


def test_the_contact_events_table_drives_the_template(
    wa, pemohon, org, office, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(notifications.CONTACT_EVENTS, "submit", WhatsAppTemplate.Event.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(pemohon, org)
    assert [name for name, _p in _templates(wa)] == ["warta_permohonan_ditolak"]


def _with_html_part(settings, tmp_path, name: str, html: str) -> None:
    """An HTML part for the e-mail `name` (none ships yet: the notices' HTML is optional)."""
    path = tmp_path / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]


def _same_text(body: str, req) -> str:
    """An e-mail's text with what differs from one request to another (number, tracking code,
    the tracking link's signature) left out."""
    text = _unsigned(body).replace(req.number, "<number>")
    return re.sub(r"(Kode lacak: )\S+", r"\1<code>", text)


def test_the_fallback_is_the_email_the_contact_would_have_had_with_its_html_part(
    wa, settings, tmp_path, pemohon, org, office, django_capture_on_commit_callbacks
):
    _with_html_part(settings, tmp_path, "desk/email/contact_submit", "<p>Permohonan <b>{{ req.number }}</b></p>")
    token = settings.WARTA_WHATSAPP_TOKEN
    settings.WARTA_WHATSAPP_TOKEN = ""  # WhatsApp off: the e-mail as it goes
    with django_capture_on_commit_callbacks(execute=True):
        first = submitted(pemohon, org)
    (plain,) = [m for m in mail.outbox if CONTACT in m.to]
    settings.WARTA_WHATSAPP_TOKEN = token
    wa.fail("wa.messages", "131026")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = submitted(pemohon, org)
    assert [r.status for r in notifications.whatsapp_messages(second)] == ["failed"]
    (fallback,) = [m for m in mail.outbox if CONTACT in m.to]
    assert fallback.subject == f"Permohonan publikasi {second.number} diterima"
    assert plain.subject == f"Permohonan publikasi {first.number} diterima"
    assert _same_text(fallback.body, second) == _same_text(plain.body, first)
    assert "Kode lacak: " in fallback.body and "Pantau statusnya di" in fallback.body
    assert fallback.alternatives == [(f"<p>Permohonan <b>{second.number}</b></p>", "text/html")]
    assert plain.alternatives == [(f"<p>Permohonan <b>{first.number}</b></p>", "text/html")]


def test_when_the_fallback_email_fails_too_staff_get_the_wa_me_todo(
    wa, login, staf, pemohon, org, office, django_capture_on_commit_callbacks, monkeypatch
):
    from smtplib import SMTPRecipientsRefused

    def refuse(self, messages):
        if any(CONTACT in m.to for m in messages):
            raise SMTPRecipientsRefused({CONTACT: (550, b"5.1.1 mailbox unavailable")})
        return len(messages)

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    wa.fail("wa.messages", "131026")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    (record,) = notifications.whatsapp_messages(req)
    assert record.status == "failed"
    event = Event.objects.get(request=req, action="submit")
    (todo,) = Todo.objects.filter(kind=Todo.Kind.SEND_WHATSAPP)
    assert todo.role == roles.STAF_IKP and todo.done_at is None
    assert todo.title == "Kirim pesan WhatsApp secara manual: +6281234567890"
    text = unquote(todo.url.partition("?text=")[2])
    assert todo.url.startswith("https://wa.me/6281234567890?text=")
    assert _unsigned(text) == _unsigned(notifications.contact_message(req, event))
    assert "mailbox unavailable" in todo.detail and req.get_absolute_url() in todo.detail
    todo_page = login(staf).get("/tugas/").content.decode()
    assert "Kirim pesan WhatsApp secara manual: +6281234567890" in todo_page
    assert "E-mail cadangan juga gagal" in todo_page and "Buka WhatsApp" in todo_page
    assert f'href="{req.get_absolute_url()}"' in todo_page  # "Lihat di Warta"


WA_BUTTON = "Kirim pesan WhatsApp ke narahubung"


@pytest.mark.parametrize(
    "outcome, email, offered",
    [
        ("sent", "", False),
        ("delivered", "", False),
        ("read", "", False),
        ("failed", "", True),
        ("failed", CONTACT, True),  # the fallback e-mail went too: staff may still try WhatsApp by hand
        ("unknown", "", True),
    ],
)
def test_staff_are_offered_the_wa_me_link_only_when_whatsapp_did_not_take_the_notice(
    wa, login, pemohon, pimpinan, org, office, django_capture_on_commit_callbacks, outcome, email, offered
):
    if outcome == "unknown":
        wa.fail("wa.messages", "500_after")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org, contact_email=email)
    (record,) = notifications.whatsapp_messages(req)
    with django_capture_on_commit_callbacks(execute=True):
        for status in {"delivered": ["delivered"], "read": ["delivered", "read"], "failed": ["failed"]}.get(
            outcome, []
        ):
            assert whatsapp.record_status(record.wamid, status, "(#131026) Message Undeliverable")
    record.refresh_from_db()
    assert record.status == outcome
    page = login(pimpinan).get(req.get_absolute_url()).content.decode()
    assert (WA_BUTTON in page) is offered
    assert ('href="https://wa.me/6281234567890?text=' in page) is offered


def test_without_whatsapp_a_phone_only_contact_still_gets_the_link(
    wa, settings, login, pemohon, pimpinan, org, office, django_capture_on_commit_callbacks
):
    settings.WARTA_WHATSAPP_TOKEN = ""
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org, contact_email="")
    page = login(pimpinan).get(req.get_absolute_url()).content.decode()
    assert WA_BUTTON in page
    applicant_page = login(pemohon).get(req.get_absolute_url()).content.decode()
    assert WA_BUTTON not in applicant_page
