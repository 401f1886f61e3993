"""reject: pimpinan or the reviewers, any open status → rejected, a reason code and a note."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_reviewer_rejects_and_the_contact_reads_why(kabid, org, office, django_capture_on_commit_callbacks):
    req = make_request(org, "at_division")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "reject", kabid, {"reason": "duplicate", "note": "Sama dengan PUB-2026-00001."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.reject_reason, req.sla_outcome) == ("rejected", "duplicate", "met")
    assert event.data["reason"] == "duplicate"
    assert [m.to for m in mail.outbox] == [["rina@dinkes.example.go.id"]]
    message = mail.outbox[0]
    assert message.subject == f"Permohonan {req.number} ditolak"
    assert "Alasan: Permohonan ganda" in message.body
    assert "Sama dengan PUB-2026-00001." in message.body


@pytest.mark.parametrize("reason", ["out_of_scope", "against_rules", "duplicate", "incomplete", "other"])
def test_every_reason_code(reason, pimpinan, org):
    req = make_request(org, "submitted")
    perform(req, "reject", pimpinan, {"reason": reason, "note": "Catatan."})
    assert PublicationRequest.objects.get(pk=req.pk).reject_reason == reason


@pytest.mark.parametrize(
    ("data", "field"), [({"reason": "boring", "note": "x"}, "reason"), ({"reason": "other"}, "note")]
)
def test_reason_and_note_are_required(data, field, fungsional, org):
    req = make_request(org, "submitted")
    with pytest.raises(InvalidData) as exc:
        perform(req, "reject", fungsional, data)
    assert set(exc.value.errors) == {field}
    assert not Event.objects.exists()


@pytest.mark.parametrize("status", ["published", "rejected", "cancelled"])
def test_closed_requests_cannot_be_rejected(status, kabid, staf, org):
    req = make_request(org, status, assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "reject", kabid, {"reason": "other", "note": "x"})


@pytest.mark.parametrize("who", ["staf", "pemohon", "pengelola"])
def test_outsiders(who, request, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(NotPermitted):
        perform(req, "reject", request.getfixturevalue(who), {"reason": "other", "note": "x"})
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
