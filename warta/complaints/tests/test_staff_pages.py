"""The officer's list, the complaint page (identity only for those allowed), moves by POST, logging."""

from __future__ import annotations

import pytest

from warta.accounts import roles
from warta.complaints.models import Complaint
from warta.complaints.tests.support import make_complaint

pytestmark = pytest.mark.django_db


def test_the_officer_lists_and_opens_a_complaint_with_its_identity(login, office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "received", confidential=True)
    client = login(pengelola)
    page = client.get("/aduan/").content.decode()
    assert complaint.number in page
    detail = client.get(complaint.get_absolute_url()).content.decode()
    assert "Siti Aminah" in detail and "Klasifikasikan" in detail


@pytest.mark.parametrize("confidential", [False, True])
def test_the_assignee_sees_the_identity_only_without_confidentiality(login, office, pengelola, tim, confidential):
    complaint = make_complaint(pengelola, tim, "in_progress", confidential=confidential)
    page = login(tim).get(complaint.get_absolute_url()).content.decode()
    assert ("Siti Aminah" in page) is (not confidential)
    assert ("081234567890" in page) is (not confidential)
    assert "Ajukan jawaban" in page


def test_others_get_a_404(login, office, pengelola, tim, staf, make_user):
    complaint = make_complaint(pengelola, tim, "in_progress")
    for person in (staf, make_user("tim2", roles.TIM_PENGADUAN)):
        assert login(person).get(complaint.get_absolute_url()).status_code == 404
    assert login(staf).get("/aduan/").status_code == 403


def test_moves_from_the_page(login, office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "received")
    client = login(pengelola)
    url = f"/aduan/{complaint.number}/tindakan/classify/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"tier": "", "category": "pelayanan"})
    assert response.status_code == 422 and "Pilih tingkat pengaduan." in response.content.decode()
    assert client.post(url, {"tier": "normative", "category": "pelayanan"}).status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == "classified"
    response = client.post(f"/aduan/{complaint.number}/tindakan/answer/", {"text": "x"}, follow=True)
    assert "Peran Anda tidak dapat melakukan tindakan ini." in response.content.decode()
    assert client.post(f"/aduan/{complaint.number}/tindakan/unknown/").status_code == 404


def test_logging_a_complaint_box_slip(login, office, pengelola):
    client = login(pengelola)
    assert client.get("/aduan/catat/").status_code == 200
    response = client.post(
        "/aduan/catat/",
        {
            "kind": "complaint",
            "channel": "complaint_box",
            "received_at": "2026-03-02T08:00",
            "title": "Surat di kotak",
            "body": "Mohon poster diperbaiki.",
            "tier": "light",
            "category": "konten",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.status, complaint.tier) == ("complaint_box", "classified", "light")
    assert complaint.received_at.isoformat() == "2026-03-02T01:00:00+00:00"


def test_logging_is_for_the_officer(login, office, tim):
    assert login(tim).get("/aduan/catat/").status_code == 403
