"""Staff profiles: the standard's competences checked per person, trainings with dates."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.evaluation.models import CompetenceCheck, Training
from warta.standards.services import competences

pytestmark = pytest.mark.django_db

STANDARD_COMPETENCES = [
    "Memahami tugas dan fungsi jabatan",
    "Memahami Standar Operasional Prosedur (SOP)",
    "Memahami kebijakan dan berbagai peraturan perundang-undangan yang terkait",
    "Memiliki etika pelayanan yaitu disiplin, cepat, sopan, ramah, adil, terbuka, sabar, komunikatif, kreatif, "
    "inovatif dan tanggung jawab",
    "Mempunyai pengetahuan dan menguasai publikasi media cetak",
]


@pytest.fixture
def standard(db):
    from warta.standards.importer import import_standard
    from warta.standards.tests.real_standard import REAL

    return import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name).service


def test_the_competences_are_read_from_the_standard(standard):
    assert competences(standard) == STANDARD_COMPETENCES


def test_the_kabid_checks_competences(login, office, standard, kabid, staf):
    client = login(kabid)
    page = client.get(f"/evaluasi/pegawai/{staf.pk}/").content.decode()
    for text in STANDARD_COMPETENCES:
        assert text in page
    keys = [
        "memahami-tugas-dan-fungsi-jabatan",
        "memahami-standar-operasional-prosedur-sop",
    ]
    response = client.post(f"/evaluasi/pegawai/{staf.pk}/kompetensi/", {"checked": keys})
    assert response.status_code == 302
    checks = CompetenceCheck.objects.filter(person=staf)
    assert sorted(checks.values_list("key", flat=True)) == sorted(keys)
    assert checks.first().checked_by == kabid
    # Unchecking one keeps the other with its date.
    client.post(f"/evaluasi/pegawai/{staf.pk}/kompetensi/", {"checked": keys[:1]})
    assert list(CompetenceCheck.objects.filter(person=staf).values_list("key", flat=True)) == keys[:1]
    listing = client.get("/evaluasi/pegawai/").content.decode()
    assert "1/5" in listing
    # The person reads their own record, without the form.
    own = login(staf).get("/evaluasi/pegawai/saya/").content.decode()
    assert "terpenuhi" in own and "Simpan kompetensi" not in own


def test_an_unknown_competence_is_refused(login, office, standard, kabid, staf):
    response = login(kabid).post(f"/evaluasi/pegawai/{staf.pk}/kompetensi/", {"checked": ["menembak-jitu"]})
    assert response.status_code == 400
    assert not CompetenceCheck.objects.exists()


def test_trainings_with_dates(login, office, standard, kabid, staf):
    client = login(kabid)
    response = client.post(
        f"/evaluasi/pegawai/{staf.pk}/pelatihan/",
        {
            "title": "Bimtek Humas Pemerintah",
            "organizer": "Diskominfo Jateng",
            "started_on": "2026-09-14",
            "ended_on": "2026-09-16",
            "hours": "24",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    assert (training.started_on, training.ended_on, training.recorded_by) == (
        dt.date(2026, 9, 14),
        dt.date(2026, 9, 16),
        kabid,
    )
    text = client.get(f"/evaluasi/pegawai/{staf.pk}/").content.decode()
    assert "Bimtek Humas Pemerintah" in text and "14 September 2026" in text
    # Errors show together and keep the input.
    response = client.post(
        f"/evaluasi/pegawai/{staf.pk}/pelatihan/",
        {"title": "", "organizer": "BPSDM", "started_on": "2026-09-16", "ended_on": "2026-09-14"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tanggal selesai harus sesudah tanggal mulai." in text and 'value="BPSDM"' in text
    assert Training.objects.count() == 1
    # The staff member cannot add trainings or competences themselves.
    assert (
        login(staf)
        .post(f"/evaluasi/pegawai/{staf.pk}/pelatihan/", {"title": "x", "started_on": "2026-09-14"})
        .status_code
        == 403
    )
    assert login(staf).post(f"/evaluasi/pegawai/{staf.pk}/kompetensi/", {"checked": []}).status_code == 403
    client.post(f"/evaluasi/pegawai/{staf.pk}/pelatihan/{training.pk}/hapus/")
    assert not Training.objects.exists()


def test_my_record_is_for_staff_only(login, office, pemohon):
    assert login(pemohon).get("/evaluasi/pegawai/saya/").status_code == 404
