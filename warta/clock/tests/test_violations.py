"""The register's third judgement: a breach judged a violation of the standard by a named person.

Publication breaches are judged by the supervisors (kabid_ikp, pimpinan); complaint breaches by the
complaints officer (pengelola_pengaduan), as the complaints' watch names."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from warta.clock.models import Breach, ClockProbe
from warta.clock.tests.conftest import wib
from warta.clock.tests.test_views import make_breach
from warta.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(wib(2026, 3, 10, 9, 0), tick=False):
        yield


def complaint_breach(label: str = "ADU-2026-00001") -> Breach:
    due = wib(2026, 3, 2, 10, 0)
    return Breach.objects.create(
        content_type=ContentType.objects.get_for_model(Complaint),
        object_id="1",
        label=label,
        step="Ditangani tim",
        due_at=due,
        detected_at=due,
        month=dt.date(2026, 3, 1),
    )


def test_kabid_judges_a_breach_a_violation_by_a_named_person(login, kabid, staf, staf2):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    client = login(kabid)
    text = client.get("/pelanggaran/").content.decode()
    # The holder is proposed; any staff member may be named.
    assert f'<option value="{staf.pk}" selected>Staf Satu</option>' in text
    assert f'<option value="{staf2.pk}">Staf Dua</option>' in text
    response = client.post(
        f"/pelanggaran/{breach.pk}/pelanggar/", {"person": staf2.pk, "note": "Tidak membuka antrean pagi"}
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.violator == staf2 and breach.violation_note == "Tidak membuka antrean pagi"
    assert breach.violation_judged_by == kabid and breach.violation_judged_at == wib(2026, 3, 10, 9, 0)
    assert not breach.justified
    text = client.get("/pelanggaran/").content.decode()
    assert "oleh Staf Dua" in text and "Tidak membuka antrean pagi" in text
    assert "Catat sebagai pelanggaran" not in text  # judged once
    # The person filter finds the breach by the named person too.
    assert "PUB-2026-00001" in client.get("/pelanggaran/", {"orang": staf2.pk}).content.decode()


def test_a_judged_breach_is_not_judged_again(login, kabid, pimpinan, staf):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    login(pimpinan).post(f"/pelanggaran/{breach.pk}/maklumi/", {"note": "Jaringan padam"})
    response = login(kabid).post(f"/pelanggaran/{breach.pk}/pelanggar/", {"person": staf.pk, "note": "x"}, follow=True)
    assert "sudah dinilai" in response.content.decode()
    breach.refresh_from_db()
    assert breach.justified and breach.violator is None
    other = make_breach(staf, wib(2026, 3, 3, 10, 0), "PUB-2026-00002 — Video", 600)
    login(kabid).post(f"/pelanggaran/{other.pk}/pelanggar/", {"person": staf.pk, "note": "Lalai"})
    response = login(pimpinan).post(f"/pelanggaran/{other.pk}/maklumi/", {"note": "Dimaklumi"}, follow=True)
    assert "sudah dinilai" in response.content.decode()
    other.refresh_from_db()
    assert other.violator == staf and not other.justified


def test_the_database_refuses_both_judgements(staf):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    with pytest.raises(IntegrityError), transaction.atomic():
        Breach.objects.filter(pk=breach.pk).update(justified=True, violator=staf)


def test_a_violation_needs_a_person_from_the_staff_and_a_note(login, kabid, staf, pemohon):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    client = login(kabid)
    response = client.post(f"/pelanggaran/{breach.pk}/pelanggar/", {"person": pemohon.pk, "note": ""}, follow=True)
    text = response.content.decode()
    assert "Pelanggaran tidak dicatat" in text and "Pelanggar:" in text and "Uraian pelanggaran:" in text
    breach.refresh_from_db()
    assert breach.violator is None
    assert client.get(f"/pelanggaran/{breach.pk}/pelanggar/").status_code == 405
    assert client.post("/pelanggaran/99999/pelanggar/", {"person": staf.pk, "note": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["staf", "fungsional", "admin_user", "pengelola"])
def test_only_the_judges_of_a_publication_breach_judge_it(login, persona, request, staf):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    user = request.getfixturevalue(persona)
    assert login(user).post(f"/pelanggaran/{breach.pk}/pelanggar/", {"person": staf.pk, "note": "x"}).status_code == 403
    breach.refresh_from_db()
    assert breach.violator is None


def test_complaint_breaches_are_judged_by_the_complaints_officer(login, pengelola, kabid, tim, staf):
    complaint = complaint_breach()
    publication = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    # The officer sees the complaint breaches only, and judges them.
    text = login(pengelola).get("/pelanggaran/").content.decode()
    assert "ADU-2026-00001" in text and "PUB-2026-00001" not in text
    assert "Catat sebagai pelanggaran" in text
    assert login(pengelola).post(f"/pelanggaran/{publication.pk}/maklumi/", {"note": "x"}).status_code == 403
    # The kabid reads the complaint's breach but does not judge it.
    text = login(kabid).get("/pelanggaran/").content.decode()
    assert "ADU-2026-00001" in text
    assert (
        login(kabid).post(f"/pelanggaran/{complaint.pk}/pelanggar/", {"person": tim.pk, "note": "x"}).status_code == 403
    )
    response = login(pengelola).post(f"/pelanggaran/{complaint.pk}/pelanggar/", {"person": tim.pk, "note": "Lambat"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.violator == tim and complaint.violation_judged_by == pengelola


def test_the_probe_breaches_follow_the_default_judges(kabid):
    from warta.clock.nav import may_judge

    probe = ClockProbe.objects.create(title="uji")
    breach = Breach.objects.create(
        content_type=ContentType.objects.get_for_model(probe),
        object_id=str(probe.pk),
        label="uji",
        due_at=wib(2026, 3, 2, 10, 0),
        detected_at=wib(2026, 3, 2, 10, 0),
        month=dt.date(2026, 3, 1),
    )
    assert may_judge(kabid, breach)
