"""resubmit: the applicant (or office staff), needs_completion → the status before; the clock resumes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def test_applicant_answers_and_the_request_goes_back(
    pemohon, kabid, staf, org, office, django_capture_on_commit_callbacks
):
    req = make_request(org, "at_division", received_at=dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB))
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 15, tzinfo=WIB), tick=False):
        perform(req, "request_completion", kabid, {"note": "Lampirkan poster."})
    with (
        time_machine.travel(dt.datetime(2026, 3, 16, 9, 45, tzinfo=WIB), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        event = perform(req, "resubmit", pemohon, {"note": "Poster sudah diunggah."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.status_before_completion, req.paused_at) == ("at_division", "", None)
    assert (event.from_status, event.to_status, event.note) == (
        "needs_completion",
        "at_division",
        "Poster sudah diunggah.",
    )
    # 30 minutes paused: the deadline moves from 10:00 to 10:30.
    assert req.due_at == dt.datetime(2026, 3, 16, 10, 30, tzinfo=WIB)
    assert req.paused_seconds == 30 * 60
    # Whoever holds the step again is told.
    assert [m.to for m in mail.outbox] == [[kabid.email]]
    assert req.number in mail.outbox[0].subject


def test_goes_back_to_the_assigned_staff(pemohon, staf, org, office, django_capture_on_commit_callbacks):
    req = make_request(org, "needs_completion", assignee=staf)
    with django_capture_on_commit_callbacks(execute=True):
        perform(req, "resubmit", pemohon)
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
    assert [m.to for m in mail.outbox] == [[staf.email]]


def test_office_staff_may_resubmit_for_an_applicant_who_called(staf2, org):
    req = make_request(org, "needs_completion")
    perform(req, "resubmit", staf2, {"note": "Dilengkapi lewat telepon."})
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"


def test_wrong_status(pemohon, org):
    req = make_request(org, "submitted")
    with pytest.raises(WrongStatus):
        perform(req, "resubmit", pemohon)
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["pemohon_other", "pengelola", "admin_user"])
def test_outsiders(who, request, org):
    req = make_request(org, "needs_completion")
    with pytest.raises(NotPermitted):
        perform(req, "resubmit", request.getfixturevalue(who))
    assert PublicationRequest.objects.get(pk=req.pk).status == "needs_completion"
