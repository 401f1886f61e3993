"""request_completion: pimpinan, reviewers or the assigned staff; the clock pauses; the contact is told."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.notifications import contact_wa_link
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def test_assigned_staff_asks_and_the_contact_is_told(staf, org, office, django_capture_on_commit_callbacks):
    received = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)
    req = make_request(org, "assigned", assignee=staf, received_at=received)
    asked = dt.datetime(2026, 3, 16, 9, 20, tzinfo=WIB)
    with time_machine.travel(asked, tick=False), django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "request_completion", staf, {"note": "Foto kegiatan belum ada."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.status_before_completion) == ("needs_completion", "assigned")
    assert req.paused_at == asked
    assert event.note == "Foto kegiatan belum ada."
    assert [m.to for m in mail.outbox] == [["rina@dinkes.example.go.id"]]
    assert mail.outbox[0].subject == f"Permohonan {req.number} perlu dilengkapi"
    assert "Foto kegiatan belum ada." in mail.outbox[0].body
    assert "http://testserver/lacak/" in mail.outbox[0].body
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 30, tzinfo=WIB), tick=False):
        assert req.sla()["state"] == "paused"
        assert req.sla()["used_minutes"] == 20


def test_contact_with_only_a_phone_gets_a_wa_link_for_staff(staf, org, office, django_capture_on_commit_callbacks):
    req = make_request(org, "assigned", assignee=staf, contact_email="", contact_phone="0812-3456-7890")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "request_completion", staf, {"note": "Mohon kirim logo."})
    assert mail.outbox == []
    link = contact_wa_link(req, event)
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert "Mohon%20kirim%20logo." in link


@pytest.mark.parametrize("status", ["submitted", "at_division"])
@pytest.mark.parametrize("who", ["pimpinan", "kabid", "fungsional"])
def test_reviewers_may_ask_before_assignment(status, who, request, org):
    req = make_request(org, status)
    perform(req, "request_completion", request.getfixturevalue(who), {"note": "Caption terlalu panjang."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.status_before_completion) == ("needs_completion", status)


def test_what_is_missing_is_required(kabid, org):
    req = make_request(org, "submitted")
    with pytest.raises(InvalidData) as exc:
        perform(req, "request_completion", kabid, {"note": ""})
    assert set(exc.value.errors) == {"note"}
    assert PublicationRequest.objects.get(pk=req.pk).paused_at is None


def test_wrong_status(staf, org):
    req = make_request(org, "scheduled", assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "request_completion", staf, {"note": "x"})
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["staf2", "pemohon", "pengelola"])
def test_outsiders(who, request, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(NotPermitted):
        perform(req, "request_completion", request.getfixturevalue(who), {"note": "x"})
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
