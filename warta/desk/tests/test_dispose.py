"""dispose: pimpinan, submitted → at_division, note optional; the "a.n." label under delegation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from warta.accounts import roles
from warta.accounts.models import Delegation
from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_pimpinan_disposes_and_the_division_is_told(
    pimpinan, kabid, fungsional, org, office, django_capture_on_commit_callbacks
):
    req = make_request(org, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "dispose", pimpinan, {"note": "Prioritaskan."})
    assert PublicationRequest.objects.get(pk=req.pk).status == "at_division"
    assert (event.from_status, event.to_status, event.note, event.on_behalf) == (
        "submitted",
        "at_division",
        "Prioritaskan.",
        "",
    )
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([kabid.email, fungsional.email])
    assert mail.outbox[0].subject == f"Menunggu tindakan Anda: {req.number}"
    assert "Didisposisi ke Bidang IKP" in mail.outbox[0].body
    # The applicant's contact hears nothing of internal steps.
    assert all("rina@dinkes.example.go.id" not in m.to for m in mail.outbox)


def test_note_is_optional(pimpinan, org):
    req = make_request(org, "submitted")
    event = perform(req, "dispose", pimpinan)
    assert event.note == ""


def test_wrong_status(pimpinan, org):
    req = make_request(org, "draft")
    with pytest.raises(WrongStatus):
        perform(req, "dispose", pimpinan)
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["kabid", "staf", "pemohon"])
def test_only_pimpinan(who, request, org):
    req = make_request(org, "submitted")
    with pytest.raises(NotPermitted):
        perform(req, "dispose", request.getfixturevalue(who))
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"


def test_delegate_acts_with_the_an_label(make_user, pimpinan, org, api_client):
    sekretaris = make_user("sekdin", first_name="Sekretaris Dinas")
    today = timezone.localdate()
    Delegation.objects.create(
        delegate=sekretaris,
        role=roles.PIMPINAN,
        on_behalf_of=pimpinan,
        kind=Delegation.Kind.PLH,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    req = make_request(org, "submitted")
    event = perform(req, "dispose", sekretaris)
    assert event.actor == sekretaris
    assert event.on_behalf == "a.n. Kepala Dinas (Plh (Pelaksana Harian))"
    shown = api_client(sekretaris).get(f"/api/v1/requests/{req.number}").json()["events"][-1]
    assert (shown["actor"], shown["on_behalf"]) == ("Sekretaris Dinas", event.on_behalf)


def test_expired_delegation_gives_no_right(make_user, pimpinan, org):
    sekretaris = make_user("sekdin")
    today = timezone.localdate()
    Delegation.objects.create(
        delegate=sekretaris,
        role=roles.PIMPINAN,
        on_behalf_of=pimpinan,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today - dt.timedelta(days=1),
    )
    req = make_request(org, "submitted")
    with pytest.raises(NotPermitted):
        perform(req, "dispose", sekretaris)


def test_own_role_shows_no_an_label(make_user, org):
    kadis = make_user("kadis2", roles.PIMPINAN)
    event = perform(make_request(org, "submitted"), "dispose", kadis)
    assert event.on_behalf == ""
