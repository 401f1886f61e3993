"""The WhatsApp sender against the fake Graph server: the documented bodies, once-only sending,
statuses moving forward, and what happens when a message fails or its answer is lost."""

from __future__ import annotations

import datetime as dt
import socket
from urllib.parse import quote

import pytest
from django.utils import timezone

from warta.accounts import roles
from warta.notify import whatsapp
from warta.notify.models import OutgoingMessage, WhatsAppMessage, WhatsAppTemplate
from warta.notify.tasks import send_whatsapp
from warta.todos.models import Todo

Status = WhatsAppMessage.Status
pytestmark = pytest.mark.django_db


def _text(capture, to="0812-3456-7890", body="Halo, permohonan Anda diterima.", key="t1", **kw) -> WhatsAppMessage:
    with capture(execute=True):
        message = whatsapp.send_text(to, body, key=key, **kw)
    message.refresh_from_db()
    return message


def _template(capture, key="p1", **kw) -> WhatsAppMessage:
    with capture(execute=True):
        message = whatsapp.send_template(
            "+62 812 3456 7890",
            "warta_permohonan_terbit",
            "id",
            ["PUB-2026-00012", "Vaksinasi\n\nkeliling", "https://www.instagram.com/p/X1/"],
            key=key,
            subject="request:PUB-2026-00012",
            text="Permohonan PUB-2026-00012 telah dipublikasikan.",
            **kw,
        )
    message.refresh_from_db()
    return message


def test_text_message_goes_in_the_documented_shape(wa, django_capture_on_commit_callbacks):
    message = _text(django_capture_on_commit_callbacks)
    assert [m["payload"] for m in wa.wa_messages] == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "6281234567890",
            "type": "text",
            "text": {"body": "Halo, permohonan Anda diterima."},
        }
    ]
    assert message.status == Status.SENT
    assert message.wamid == wa.wa_messages[0]["id"]
    assert message.to == "6281234567890"
    assert message.attempts == 1 and message.sent_at is not None


def test_template_message_goes_in_the_documented_shape(wa, django_capture_on_commit_callbacks):
    message = _template(django_capture_on_commit_callbacks)
    assert wa.wa_messages[0]["payload"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "warta_permohonan_terbit",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "PUB-2026-00012"},
                        # a parameter may hold no newline: it goes as one line
                        {"type": "text", "text": "Vaksinasi keliling"},
                        {"type": "text", "text": "https://www.instagram.com/p/X1/"},
                    ],
                }
            ],
        },
    }
    assert message.status == Status.SENT and message.wamid == wa.wa_messages[0]["id"]
    assert message.subject == "request:PUB-2026-00012"


@pytest.mark.parametrize("phone", ["0812-3456-7890", "+62 812 3456 7890", "812.3456.7890", "62 (812) 34567890"])
def test_numbers_are_normalised_by_the_one_normaliser(wa, django_capture_on_commit_callbacks, phone):
    message = _text(django_capture_on_commit_callbacks, to=phone)
    assert message.to == "6281234567890"
    assert wa.wa_messages[0]["payload"]["to"] == "6281234567890"


def test_a_key_sends_once(wa, django_capture_on_commit_callbacks):
    first = _text(django_capture_on_commit_callbacks)
    second = _text(django_capture_on_commit_callbacks, body="Another text")
    assert first.pk == second.pk
    assert len(wa.wa_messages) == 1
    assert send_whatsapp.call(first.pk) == "skipped"
    assert len(wa.wa_messages) == 1


@pytest.mark.parametrize("fault", ["500_after", "slow_after"])
def test_a_lost_answer_is_unknown_not_retried_and_shown_to_staff(
    wa, settings, django_capture_on_commit_callbacks, fault
):
    if fault == "slow_after":
        settings.WARTA_WHATSAPP_TIMEOUT_S = 1
        wa.slow_seconds = 2.5
    wa.fail("wa.messages", fault)
    message = _text(django_capture_on_commit_callbacks, role=roles.STAF_IKP)
    assert len(wa.wa_messages) == 1  # the platform acted
    assert message.status == Status.UNKNOWN
    assert message.wamid is None and message.attempts == 1
    # Not sent again: neither by the task run again nor by the sweep.
    assert send_whatsapp.call(message.pk) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        whatsapp.sweep(now=timezone.now() + dt.timedelta(hours=1))
    assert len(wa.wa_messages) == 1
    todo = Todo.objects.get(key=f"whatsapp:{message.pk}:confirm")
    assert todo.title == "Pastikan pesan terkirim: +6281234567890"
    assert todo.role == roles.STAF_IKP and todo.kind == Todo.Kind.SEND_WHATSAPP
    assert todo.url == "https://wa.me/6281234567890?text=" + quote("Halo, permohonan Anda diterima.")


def test_a_5xx_without_acting_is_unknown_too(wa, django_capture_on_commit_callbacks):
    """A 5xx cannot tell whether the message went: a person decides, nothing is retried."""
    wa.fail("wa.messages", "500")
    message = _text(django_capture_on_commit_callbacks)
    assert message.status == Status.UNKNOWN
    assert wa.wa_messages == []
    assert Todo.objects.filter(key=f"whatsapp:{message.pk}:confirm").exists()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_retried_later(wa, settings, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(whatsapp, "backoff", lambda attempt: 60.0)
    fake_url = settings.WARTA_META_GRAPH_URL
    settings.WARTA_META_GRAPH_URL = f"http://127.0.0.1:{_closed_port()}"
    message = _text(django_capture_on_commit_callbacks)
    assert message.status == Status.QUEUED
    assert message.attempts == 1 and message.next_try_at is not None
    settings.WARTA_META_GRAPH_URL = fake_url
    assert send_whatsapp.call(message.pk) == "later"  # its time has not come
    WhatsAppMessage.objects.filter(pk=message.pk).update(next_try_at=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert whatsapp.sweep() == 1  # the queue here cannot defer: the sweep hands it over
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2
    assert len(wa.wa_messages) == 1


def test_throughput_limit_is_retried_and_then_sent(wa, django_capture_on_commit_callbacks):
    wa.fail("wa.messages", "429")
    message = _text(django_capture_on_commit_callbacks)
    assert message.status == Status.QUEUED and message.error_code == 130429
    WhatsAppMessage.objects.filter(pk=message.pk).update(next_try_at=timezone.now())
    send_whatsapp.call(message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENT and len(wa.wa_messages) == 1


def test_undeliverable_falls_back_to_email(wa, django_capture_on_commit_callbacks, mailoutbox):
    wa.fail("wa.messages", "131026")
    message = _template(
        django_capture_on_commit_callbacks, fallback_email="warga@example.com", fallback_subject="Permohonan terbit"
    )
    assert message.status == Status.FAILED and message.error_code == 131026
    assert message.error == "whatsapp: Unable to deliver message. (kode 131026)"
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["warga@example.com"], "Permohonan terbit", "Permohonan PUB-2026-00012 telah dipublikasikan.")
    ]
    assert not Todo.objects.exists()


def test_failure_without_email_becomes_a_wa_me_todo(wa, django_capture_on_commit_callbacks, mailoutbox):
    wa.fail("wa.messages", "131026")
    message = _template(django_capture_on_commit_callbacks, role=roles.STAF_IKP, url="/permohonan/12/")
    todo = Todo.objects.get(key=f"whatsapp:{message.pk}:send")
    assert todo.url == "https://wa.me/6281234567890?text=" + quote("Permohonan PUB-2026-00012 telah dipublikasikan.")
    assert todo.title == "Kirim pesan WhatsApp secara manual: +6281234567890"
    assert "/permohonan/12/" in todo.detail
    assert mailoutbox == [] and OutgoingMessage.objects.count() == 0


def test_expired_token_fails_without_retry(wa, django_capture_on_commit_callbacks):
    wa.fail("wa.messages", "190")
    message = _text(django_capture_on_commit_callbacks)
    assert message.status == Status.FAILED and message.error_code == 190 and message.attempts == 1
    assert wa.wa_messages == []


def test_statuses_only_move_forward(wa, django_capture_on_commit_callbacks):
    message = _text(django_capture_on_commit_callbacks)
    wamid = message.wamid
    assert wamid
    assert whatsapp.record_status(wamid, "sent") is False  # already sent
    assert whatsapp.record_status(wamid, "delivered") is True
    assert whatsapp.record_status(wamid, "sent") is False
    assert whatsapp.record_status(wamid, "read") is True
    assert whatsapp.record_status(wamid, "delivered") is False
    assert whatsapp.record_status(wamid, "failed", "late") is False
    message.refresh_from_db()
    assert message.status == Status.READ
    assert message.delivered_at is not None and message.read_at is not None
    assert whatsapp.record_status("wamid.unknown", "read") is False


def test_a_failed_status_records_the_error_and_falls_back(wa, django_capture_on_commit_callbacks, mailoutbox):
    message = _template(django_capture_on_commit_callbacks, fallback_email="warga@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert whatsapp.record_status(message.wamid, "failed", "(#131026) Message Undeliverable") is True
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.error == "(#131026) Message Undeliverable"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["warga@example.com"]
    # A repeated failure (Meta delivers webhooks twice) falls back once.
    with django_capture_on_commit_callbacks(execute=True):
        assert whatsapp.record_status(message.wamid, "failed", "again") is False
    assert len(mailoutbox) == 1


def test_not_configured_sends_nothing(wa, settings, django_capture_on_commit_callbacks):
    settings.WARTA_WHATSAPP_TOKEN = ""
    assert whatsapp.is_configured() is False
    with pytest.raises(whatsapp.NotConfigured), django_capture_on_commit_callbacks(execute=True):
        whatsapp.send_text("081234567890", "Halo", key="x")
    assert wa.wa_messages == [] and not WhatsAppMessage.objects.exists()


def test_window_is_closed_unless_a_provider_opens_it(wa, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(whatsapp, "_window_providers", [])
    assert whatsapp.window_open("081234567890") is False
    values = {"number": "PUB-2026-00012", "title": "Vaksinasi", "tracking_url": "https://warta.example/lacak/"}
    with django_capture_on_commit_callbacks(execute=True):
        closed = whatsapp.send_notice("081234567890", "received", values, "Diterima.", key="n1")
    assert closed is not None and closed.kind == WhatsAppMessage.Kind.TEMPLATE
    assert wa.wa_messages[-1]["payload"]["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": "PUB-2026-00012"},
        {"type": "text", "text": "Vaksinasi"},
        {"type": "text", "text": "https://warta.example/lacak/"},
    ]
    asked = []
    whatsapp.register_window_provider(lambda phone: asked.append(phone) or phone == "6281234567890")
    assert whatsapp.window_open("0812-3456-7890") is True and asked == ["6281234567890"]
    with django_capture_on_commit_callbacks(execute=True):
        opened = whatsapp.send_notice("081234567890", "received", values, "Diterima.", key="n2")
    assert opened is not None and opened.kind == WhatsAppMessage.Kind.TEXT
    assert wa.wa_messages[-1]["payload"]["text"] == {"body": "Diterima."}


def test_the_admins_template_row_decides(wa, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(whatsapp, "_window_providers", [])
    WhatsAppTemplate.objects.create(event="received", name="terima_v2", language="en_US", params=["title"])
    values = {"number": "PUB-2026-00012", "title": "Vaksinasi"}
    with django_capture_on_commit_callbacks(execute=True):
        whatsapp.send_notice("081234567890", "received", values, "Diterima.", key="n1")
    template = wa.wa_messages[-1]["payload"]["template"]
    assert template["name"] == "terima_v2" and template["language"] == {"code": "en_US"}
    assert template["components"][0]["parameters"] == [{"type": "text", "text": "Vaksinasi"}]
    WhatsAppTemplate.objects.filter(event="received").update(active=False)
    assert whatsapp.send_notice("081234567890", "received", values, "Diterima.", key="n2") is None


def test_messages_are_in_a_contacts_export_and_deleted_by_retention(wa, django_capture_on_commit_callbacks):
    from warta.core import privacy

    message = _text(django_capture_on_commit_callbacks)
    _text(django_capture_on_commit_callbacks, to="0813-0000-1111", key="other")
    exported = privacy.export_contact(privacy.Person(phone="+62 812-3456-7890"))["notify.whatsapp"]
    assert [(m["to"], m["body"], m["status"]) for m in exported] == [
        ("6281234567890", "Halo, permohonan Anda diterima.", "sent")
    ]
    WhatsAppMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(days=800))
    cutoff = timezone.now() - dt.timedelta(days=730)
    assert privacy.anonymise_contacts(cutoff, dry_run=True)["notify.whatsapp"] == 1
    assert privacy.anonymise_contacts(cutoff)["notify.whatsapp"] == 1
    assert list(WhatsAppMessage.objects.values_list("key", flat=True)) == ["other"]


def _refuse_mail(monkeypatch, address="warga@example.com"):
    from smtplib import SMTPRecipientsRefused

    def refuse(self, messages):
        raise SMTPRecipientsRefused({address: (550, b"5.1.1 no such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def test_when_the_fallback_email_fails_too_staff_get_the_wa_me_todo_once(
    wa, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    from warta.notify.tasks import deliver

    wa.fail("wa.messages", "131026")
    _refuse_mail(monkeypatch)
    message = _template(
        django_capture_on_commit_callbacks,
        fallback_email="warga@example.com",
        role=roles.STAF_IKP,
        url="/permohonan/12/",
    )
    assert message.status == Status.FAILED
    outgoing = OutgoingMessage.objects.get()
    assert outgoing.to == ["warga@example.com"] and outgoing.status == OutgoingMessage.Status.FAILED
    assert mailoutbox == []
    todo = Todo.objects.get()
    assert todo.key == f"whatsapp:{message.pk}:send" and todo.role == roles.STAF_IKP
    assert todo.title == "Kirim pesan WhatsApp secara manual: +6281234567890"
    assert todo.url == "https://wa.me/6281234567890?text=" + quote("Permohonan PUB-2026-00012 telah dipublikasikan.")
    assert "E-mail cadangan juga gagal" in todo.detail and "no such user" in todo.detail
    assert "/permohonan/12/" in todo.detail
    # Once: the e-mail failing again (a re-run) neither makes another to-do nor reopens the done one.
    Todo.objects.filter(pk=todo.pk).update(done_at=timezone.now())
    OutgoingMessage.objects.filter(pk=outgoing.pk).update(status=OutgoingMessage.Status.QUEUED)
    with pytest.raises(Exception, match="no such user"):
        deliver.call(outgoing.pk)
    (again,) = Todo.objects.all()
    assert again.key == todo.key and again.done_at is not None


def test_a_fallback_email_that_goes_makes_no_todo(wa, django_capture_on_commit_callbacks, mailoutbox):
    wa.fail("wa.messages", "131026")
    message = _template(django_capture_on_commit_callbacks, fallback_email="warga@example.com")
    assert len(mailoutbox) == 1
    assert OutgoingMessage.objects.get().status == OutgoingMessage.Status.SENT
    assert message.status == Status.FAILED and not Todo.objects.exists()


def test_an_unrelated_email_failing_makes_no_todo(wa, mailoutbox, monkeypatch):
    from warta.notify.tasks import deliver

    _refuse_mail(monkeypatch, "x@example.com")
    outgoing = OutgoingMessage.objects.create(to=["x@example.com"], subject="S", body="B", message_id="<u.1@x>")
    with pytest.raises(Exception, match="no such user"):
        deliver.call(outgoing.pk)
    assert not Todo.objects.exists()


def test_the_fallback_is_the_email_given_with_its_html_part(wa, django_capture_on_commit_callbacks, mailoutbox):
    from warta.notify.send import Message

    wa.fail("wa.messages", "131026")
    mail = Message(
        subject="Permohonan terbit",
        body="Yth. Rina,\n\nPermohonan PUB-2026-00012 telah dipublikasikan.\n",
        html="<p>Yth. Rina,</p><p>Permohonan PUB-2026-00012 telah dipublikasikan.</p>",
        to_emails=["warga@example.com"],
    )
    _template(django_capture_on_commit_callbacks, fallback_mail=mail)
    (sent,) = mailoutbox
    assert (sent.to, sent.subject, sent.body) == (["warga@example.com"], mail.subject, mail.body)
    assert sent.alternatives == [(mail.html, "text/html")]


def test_a_fallback_email_the_queue_gave_up_on_becomes_the_wa_me_todo(wa, django_capture_on_commit_callbacks):
    """The e-mail's worker died mid-send each time and the queue's lease gave up on it: no error
    came from the mail server, but the e-mail failed for good all the same."""
    from warta.core.taskqueue import GivenUp
    from warta.notify.tasks import deliver, given_up

    wa.fail("wa.messages", "131026")
    message = _template(django_capture_on_commit_callbacks, fallback_email="warga@example.com", role=roles.STAF_IKP)
    outgoing = OutgoingMessage.objects.get()
    # What a worker killed mid-send leaves behind, the fourth time.
    OutgoingMessage.objects.filter(pk=outgoing.pk).update(status=OutgoingMessage.Status.SENDING, attempts=4)
    assert not Todo.objects.exists()
    other = GivenUp(id="9", task_path="warta.notify.tasks.send_whatsapp", attempts=4, args=(message.pk,))
    assert given_up([other, GivenUp(id="7", task_path=deliver.module_path, attempts=4, args=(outgoing.pk,))]) == 1
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingMessage.Status.FAILED and "4 times" in outgoing.error
    todo = Todo.objects.get()
    assert todo.key == f"whatsapp:{message.pk}:send" and todo.role == roles.STAF_IKP
    assert "E-mail cadangan juga gagal" in todo.detail
