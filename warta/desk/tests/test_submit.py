"""submit: pemohon of the organisation or office staff, new/draft → submitted, the request complete."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_operator_submits_a_draft(pemohon, pimpinan, org, office, django_capture_on_commit_callbacks):
    req = make_request(org, "draft")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "submit", pemohon)
    req.refresh_from_db()
    assert req.status == "submitted"
    assert (event.action, event.from_status, event.to_status, event.actor) == ("submit", "draft", "submitted", pemohon)
    assert req.due_at is not None and req.sla_started_at is not None
    code = req.raw_tracking_code
    assert PublicationRequest.objects.get(pk=req.pk).check_tracking_code(code)

    receipt = next(m for m in mail.outbox if m.to == ["rina@dinkes.example.go.id"])
    assert receipt.subject == f"Permohonan publikasi {req.number} diterima"
    assert req.number in receipt.body and code in receipt.body
    assert "http://testserver/lacak/" in receipt.body
    waiting = next(m for m in mail.outbox if m.to == [pimpinan.email])
    assert waiting.subject == f"Menunggu tindakan Anda: {req.number}"
    assert "Dinas Kesehatan" in waiting.body
    assert len(mail.outbox) == 2


def test_staff_may_submit_a_draft_they_logged(staf, org):
    req = make_request(org, "draft", channel="whatsapp")
    perform(req, "submit", staf)
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"


def test_incomplete_draft_is_refused_naming_the_fields(pemohon, org):
    req = make_request(org, "draft", caption="", contact_phone="", contact_email="")
    with pytest.raises(InvalidData) as exc:
        perform(req, "submit", pemohon)
    assert {"caption", "contact.phone"} <= set(exc.value.errors)
    assert PublicationRequest.objects.get(pk=req.pk).status == "draft"
    assert not Event.objects.exists()


def test_instagram_collaboration_needs_the_collaborator(staf, org):
    req = make_request(org, "draft", channel="instagram_collab")
    with pytest.raises(InvalidData) as exc:
        perform(req, "submit", staf)
    assert set(exc.value.errors) == {"collaborator"}


def test_submitted_request_cannot_be_submitted_again(pemohon, org):
    req = make_request(org, "submitted")
    with pytest.raises(WrongStatus):
        perform(req, "submit", pemohon)
    assert not Event.objects.exists()


def test_another_organizations_operator_may_not_submit(pemohon_other, org, django_capture_on_commit_callbacks):
    req = make_request(org, "draft")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotPermitted):
        perform(req, "submit", pemohon_other)
    assert PublicationRequest.objects.get(pk=req.pk).status == "draft"
    assert mail.outbox == []
