"""Standing disposition: requests from chosen channels or organisations go to Bidang IKP at once."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.intake import create_request
from warta.desk.models import PublicationRequest, StandingDisposition
from warta.desk.tests.test_api_support import content_fields, make_request, submitted
from warta.desk.transitions import perform

pytestmark = pytest.mark.django_db


def test_organization_order_sends_submit_straight_to_the_division(
    pemohon, pimpinan, kabid, fungsional, org, office, django_capture_on_commit_callbacks
):
    order = StandingDisposition.objects.create(organization=org, created_by=pimpinan, note="Langsung ke IKP.")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    req = PublicationRequest.objects.get(pk=req.pk)
    assert req.status == "at_division"
    events = list(req.events.order_by("pk"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("submit", "", "submitted"),
        ("dispose", "submitted", "at_division"),
    ]
    dispose = events[1]
    assert dispose.actor is None
    assert dispose.actor_label == "Disposisi tetap oleh Kepala Dinas"
    assert dispose.note == "Langsung ke IKP."
    assert dispose.data == {"standing_order": order.pk}
    # The division (who now holds it) is told; the contact gets the receipt.
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert kabid.email in recipients and fungsional.email in recipients
    assert "rina@dinkes.example.go.id" in recipients
    assert pimpinan.email not in recipients  # the standing order already acted for pimpinan


def test_channel_order(staf, pimpinan, org, other_org):
    StandingDisposition.objects.create(channel="whatsapp", created_by=pimpinan)
    by_whatsapp = create_request(user=staf, organization=org, channel="whatsapp", fields=content_fields())
    by_letter_draft = make_request(other_org, "draft", channel="in_person")
    perform(by_letter_draft, "submit", staf)
    assert PublicationRequest.objects.get(pk=by_whatsapp.pk).status == "at_division"
    assert PublicationRequest.objects.get(pk=by_letter_draft.pk).status == "submitted"


def test_inactive_or_other_orders_do_not_apply(pemohon, pimpinan, org, other_org):
    StandingDisposition.objects.create(organization=org, created_by=pimpinan, is_active=False)
    StandingDisposition.objects.create(organization=other_org, created_by=pimpinan)
    req = submitted(pemohon, org)
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"
    assert list(req.events.values_list("action", flat=True)) == ["submit"]


def test_operator_sees_the_standing_dispose_as_the_office(api_client, pemohon, pimpinan, org, office):
    StandingDisposition.objects.create(organization=org, created_by=pimpinan, note="Catatan internal.")
    req = submitted(pemohon, org)
    events = api_client(pemohon).get(f"/api/v1/requests/{req.number}").json()["events"]
    assert events[1]["action"] == "dispose"
    # the standing order is pimpinan's: the office and that role, never the person or the note
    assert (events[1]["actor"], events[1]["note"]) == ("Dinkominfo — Pimpinan (Kepala/Sekretaris Dinas)", "")
