"""The table's neighbours: the standard's channel keys, the audience table, who holds each status,
suggestions and appreciation, and the admin's categories."""

from __future__ import annotations

import pytest

from warta.accounts import roles
from warta.complaints import transitions
from warta.complaints.holders import holders
from warta.complaints.models import STANDARD_CHANNELS, Channel
from warta.complaints.tests.support import make_complaint
from warta.notify.models import Notice
from warta.standards.extract import CHANNEL_KEYS

pytestmark = pytest.mark.django_db


def test_every_channel_the_standard_names_has_a_code():
    keys = [k for k in CHANNEL_KEYS if k != "social"] + ["instagram", "x", "facebook"]
    assert sorted(STANDARD_CHANNELS) == sorted(keys)
    assert set(STANDARD_CHANNELS.values()) == set(Channel.values) - {Channel.WEB}


def test_who_holds_each_status(office, pengelola, tim):
    expected = {
        "received": [pengelola],
        "classified": [pengelola],
        "in_progress": [tim],
        "needs_info": [],  # the complainant
        "awaiting_approval": [pengelola],
        "answered": [],
    }
    for status, people in expected.items():
        assert holders(make_complaint(pengelola, tim, status))[0] == people, status


def test_appreciation_is_acknowledged_and_reaches_the_staff_it_names(office, pengelola, tim, staf):
    complaint = make_complaint(pengelola, tim, "received", kind="appreciation", body="Mas Fajar sangat membantu.")
    assert (complaint.tier, complaint.tier_provisional) == ("light", False)
    transitions.perform(complaint, "acknowledge", pengelola, {"note": "Terima kasih.", "assignee": "staf"})
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.sla_outcome == "met"
    notice = Notice.objects.get(recipient=staf)
    assert "Mas Fajar sangat membantu." in notice.text and "Siti" not in notice.text


def test_a_complaint_is_answered_not_acknowledged(office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "received")
    with pytest.raises(transitions.InvalidData) as error:
        transitions.perform(complaint, "acknowledge", pengelola, {"note": "Terima kasih."})
    assert "kind" in error.value.errors


def test_deliver_needs_an_approved_answer_and_the_contact_it_uses(office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "awaiting_approval", contact_email="")
    with pytest.raises(transitions.WrongStatus):
        transitions.perform(complaint, "deliver", pengelola, {"channel": "letter"})
    transitions.perform(complaint, "approve", pengelola)
    with pytest.raises(transitions.InvalidData) as error:
        transitions.perform(complaint, "deliver", pengelola, {"channel": "email"})
    assert error.value.errors == {"channel": "Pengadu tidak mencantumkan e-mail."}
    transitions.perform(complaint, "deliver", pengelola, {"channel": "whatsapp"})


def test_the_admin_manages_the_categories(admin_client, office):
    page = admin_client.get("/admin/complaints/category/").content.decode()
    for label in ("Pelayanan", "Konten", "Perilaku petugas", "Lainnya"):
        assert label in page
    response = admin_client.post(
        "/admin/complaints/category/add/", {"code": "hoaks", "label": "Hoaks", "is_active": "on", "order": 5}
    )
    assert response.status_code == 302


def test_an_officer_by_delegation_acts_a_n(office, pengelola, tim, make_user):
    import datetime as dt

    from django.utils import timezone

    from warta.accounts.models import Delegation

    deputy = make_user("wakil", roles.STAF_IKP)
    today = timezone.localdate()
    Delegation.objects.create(
        delegate=deputy, role=roles.PENGELOLA_PENGADUAN, starts_on=today, ends_on=today + dt.timedelta(days=3)
    )
    complaint = make_complaint(pengelola, tim, "received")
    event = transitions.perform(complaint, "classify", deputy, {"tier": "light", "category": "konten"})
    assert event.on_behalf
