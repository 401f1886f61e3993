"""The SKM invitation goes on WhatsApp (the admin's template) when it is on and the contact left a number."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core import mail

from warta.desk.models import PublicationRequest
from warta.desk.signals import request_published
from warta.notify import whatsapp
from warta.notify.models import WhatsAppMessage
from warta.notify.testing import whatsapp_fake
from warta.survey.models import Invitation
from warta.survey.services import invitation_message
from warta.todos.models import Todo


@pytest.fixture
def wa(settings, monkeypatch):
    monkeypatch.setattr(whatsapp, "_window_providers", [])
    with whatsapp_fake(settings) as fake:
        yield fake


@pytest.fixture
def publish(make_request, office, django_capture_on_commit_callbacks):
    def run(**kwargs) -> PublicationRequest:
        obj = make_request(**kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            request_published.send(sender=PublicationRequest, request=obj)
        return obj

    return run


def test_the_invitation_goes_as_the_skm_template(wa, publish, django_capture_on_commit_callbacks):
    obj = publish(phone="0812-3456-7890")
    invitation = Invitation.objects.get(request=obj)
    (sent,) = wa.wa_messages
    assert sent["payload"]["to"] == "6281234567890"
    assert sent["payload"]["template"]["name"] == "warta_undangan_skm"
    assert sent["payload"]["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": obj.number},
        {"type": "text", "text": invitation.url},
    ]
    assert mail.outbox == []
    assert invitation.emailed_at is not None
    record = WhatsAppMessage.objects.get()
    assert record.subject == f"request:{obj.number}" and record.status == "sent"
    # Published again (a repeated signal): not sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        request_published.send(sender=PublicationRequest, request=obj)
    assert len(wa.wa_messages) == 1


def test_a_failed_invitation_without_email_is_a_wa_me_todo(wa, publish):
    wa.fail("wa.messages", "131026")
    obj = publish(phone="0812-3456-7890", email="")
    invitation = Invitation.objects.get(request=obj)
    todo = Todo.objects.get()
    assert todo.url == "https://wa.me/6281234567890?text=" + quote(invitation_message(invitation))


def test_without_whatsapp_the_invitation_is_emailed(wa, settings, publish):
    settings.WARTA_WHATSAPP_PHONE_NUMBER_ID = ""
    publish(phone="0812-3456-7890")
    assert wa.wa_messages == []
    assert len(mail.outbox) == 1


def test_a_failed_invitation_falls_back_to_the_invitation_email(wa, settings, publish):
    settings.WARTA_WHATSAPP_PHONE_NUMBER_ID = ""
    first = publish(phone="0812-3456-7890")
    (emailed,) = mail.outbox
    settings.WARTA_WHATSAPP_PHONE_NUMBER_ID = wa.wa_phone_number_id
    wa.fail("wa.messages", "131026")
    mail.outbox.clear()
    second = publish(phone="0812-3456-7890")
    assert WhatsAppMessage.objects.get(subject=f"request:{second.number}").status == "failed"
    (fallback,) = mail.outbox
    first_url, second_url = (Invitation.objects.get(request=r).url for r in (first, second))
    assert fallback.subject == emailed.subject.replace(first.number, second.number)
    swapped = emailed.body.replace(first.number, second.number).replace(first_url, second_url)
    assert fallback.body == swapped.replace(first.title, second.title)
    assert "Isi survei melalui tautan pribadi berikut:" in fallback.body
    assert not Todo.objects.exists()


@pytest.mark.parametrize("fault, offered", [(None, False), ("131026", True), ("500_after", True)])
def test_staff_get_the_invitations_wa_me_link_only_when_whatsapp_did_not_take_it(
    wa, publish, login, staf, fault, offered
):
    if fault:
        wa.fail("wa.messages", fault)
    obj = publish(phone="0812-3456-7890", email="")
    status = WhatsAppMessage.objects.get(subject=f"request:{obj.number}").status
    assert status == {None: "sent", "131026": "failed", "500_after": "unknown"}[fault]
    page = login(staf).get(obj.get_absolute_url()).content.decode()
    assert "/skm/u/" in page  # the panel is there
    assert ("Kirim tautan survei lewat WhatsApp" in page) is offered
