"""cancel: the applicant, or the contact holding the tracking code, before publication."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_applicant_cancels(pemohon, staf, org, django_capture_on_commit_callbacks):
    req = make_request(org, "scheduled", assignee=staf)
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "cancel", pemohon, {"note": "Acara dibatalkan."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.sla_outcome, req.remind_at) == ("cancelled", "void", None)
    assert (event.actor, event.note) == (pemohon, "Acara dibatalkan.")
    assert mail.outbox == []


def test_upt_request_cancelled_by_the_parent_operator(pemohon, upt):
    req = make_request(upt, "submitted")
    perform(req, "cancel", pemohon)
    assert PublicationRequest.objects.get(pk=req.pk).status == "cancelled"


def test_contact_with_the_tracking_code_cancels(org):
    req = make_request(org, "submitted")
    event = perform(req, "cancel", None, {"note": "Salah kirim."}, contact=True)
    assert PublicationRequest.objects.get(pk=req.pk).status == "cancelled"
    assert event.actor is None
    assert event.actor_label == "Pemohon (kode lacak)"


@pytest.mark.parametrize("status", ["published", "rejected", "cancelled"])
def test_too_late(status, pemohon, staf, org):
    req = make_request(org, status, assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "cancel", pemohon)
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["pemohon_other", "pemohon_upt", "pimpinan", "kabid", "staf"])
def test_outsiders(who, request, org):
    req = make_request(org, "submitted")
    with pytest.raises(NotPermitted):
        perform(req, "cancel", request.getfixturevalue(who))
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"


def test_anonymous_without_the_code_is_refused(org):
    req = make_request(org, "submitted")
    with pytest.raises(NotPermitted):
        perform(req, "cancel", None)
