"""Two readers besides the complaint team (Perpres 76/2013: the complaint, never the complainant):
desk staff consulted for facts, who answer on the complaint's page, and pimpinan, who receives a
complaint's breach and opens it from the register or the notice, read only."""

from __future__ import annotations

import pytest
from django.test import Client

from warta.clock.models import Breach
from warta.clock.watch import run_due
from warta.complaints import transitions
from warta.complaints.models import ComplaintEvent
from warta.complaints.tests.support import make_complaint
from warta.complaints.tests.test_clock import at, wib
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db

IDENTITY = ("Siti Aminah", "081234567890", "siti@example.org")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_consulted_staff_reply_with_their_facts_on_the_page(
    office, pengelola, tim, staf, staf2, django_capture_on_commit_callbacks
):
    complaint = make_complaint(pengelola, tim, "in_progress", confidential=False)
    transitions.perform(complaint, "consult", tim, {"assignee": "staf", "note": "Kapan unggahan itu dikoreksi?"})
    url = complaint.get_absolute_url()

    page = signed_in(staf).get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kapan unggahan itu dikoreksi?" in text and "Beri keterangan" in text
    assert not any(part in text for part in IDENTITY)  # the complaint, not the complainant

    action = f"/aduan/{complaint.number}/tindakan/reply_consult/"
    empty = signed_in(staf).post(action, {"note": ""})
    assert empty.status_code == 422
    assert "Tuliskan keterangan Anda untuk tim pengaduan." in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = signed_in(staf).post(action, {"note": "Sudah dikoreksi tanggal 4 Maret pukul 10.00."})
    assert done.status_code == 302
    event = ComplaintEvent.objects.get(complaint=complaint, action="reply_consult")
    assert (event.actor, event.from_status, event.to_status) == (staf, "in_progress", "in_progress")
    assert event.role == "staf_ikp"

    # The assigned member hears of it (number only) and reads the facts on the page.
    notice = Notice.objects.filter(recipient=tim).latest("pk")
    assert complaint.number in notice.text and "Siti" not in notice.text
    assert "Sudah dikoreksi tanggal 4 Maret pukul 10.00." in signed_in(tim).get(url).content.decode()
    # Staff not consulted neither see the complaint nor reply.
    assert signed_in(staf2).get(url).status_code == 404
    assert signed_in(staf2).post(action, {"note": "Saya juga tahu."}).status_code == 404


def test_the_facts_stay_inside_the_office(office, pengelola, tim, staf):
    complaint = make_complaint(pengelola, tim, "in_progress")
    transitions.perform(complaint, "consult", tim, {"assignee": "staf", "note": "Kapan?"})
    transitions.perform(complaint, "reply_consult", staf, {"note": "Catatan internal staf bidang IKP"})
    from warta.complaints import timeline

    office_view = [entry.note for entry in timeline.entries(complaint, timeline.OFFICE)]
    public_view = [entry.note for entry in timeline.entries(complaint, timeline.COMPLAINANT)]
    assert "Catatan internal staf bidang IKP" in office_view
    assert "Catatan internal staf bidang IKP" not in public_view
    assert "reply_consult" not in [entry.action for entry in timeline.entries(complaint, timeline.COMPLAINANT)]


@pytest.mark.parametrize("confidential", [False, True])
def test_pimpinan_opens_a_breached_complaint_from_the_register_and_the_notice(
    office, pengelola, tim, pimpinan, confidential, django_capture_on_commit_callbacks
):
    with at(2, 9):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 9), confidential=confidential)
        untouched = make_complaint(pengelola, tim, received_at=wib(2, 9), title="Belum lewat")
        transitions.perform(untouched, "classify", pengelola, {"tier": "investigation", "category": "pelayanan"})
    client = signed_in(pimpinan)
    assert client.get(complaint.get_absolute_url()).status_code == 404  # no breach yet: not theirs
    with at(2, 12, 1), django_capture_on_commit_callbacks(execute=True):
        run_due()
    breach = Breach.objects.get()
    notice = Notice.objects.get(recipient=pimpinan)
    assert breach.url == notice.url == complaint.get_absolute_url()

    register = client.get("/pelanggaran/")
    assert register.status_code == 200 and breach.url in register.content.decode()
    for link in (breach.url, notice.url):
        page = client.get(link)
        text = page.content.decode()
        assert page.status_code == 200
        assert complaint.number in text and "Antrean loket lama" in text
        assert not any(part in text for part in IDENTITY)  # the number and the complaint, never who
        assert "/tindakan/" not in text  # read only: no move is pimpinan's
    refused = client.post(f"/aduan/{complaint.number}/tindakan/classify/", {"tier": "light", "category": "konten"})
    assert refused.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "received" and complaint.tier_provisional
    # A complaint on time stays closed to pimpinan.
    assert client.get(untouched.get_absolute_url()).status_code == 404
