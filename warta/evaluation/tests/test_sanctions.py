"""Violations and sanctions: proposed by the kabid, decided by pimpinan, the reprimand letter, the
ladder, and who may see a person's record."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from warta.clock.models import Breach, ClockProbe
from warta.evaluation import sanctions
from warta.evaluation.models import Sanction
from warta.notify.models import Notice
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(wib(2026, 11, 10, 9, 0), tick=False):
        yield


def violation(person, judge, label="PUB-2026-00042 — Poster HUT", note="Tidak memproses sesuai arahan") -> Breach:
    probe = ClockProbe.objects.create(title=label)
    due = wib(2026, 11, 3, 10, 0)
    return Breach.objects.create(
        content_type=ContentType.objects.get_for_model(ClockProbe),
        object_id=str(probe.pk),
        label=label,
        step="Diproses staf",
        holder=person,
        due_at=due,
        detected_at=due,
        month=dt.date(2026, 11, 1),
        violator=person,
        violation_note=note,
        violation_judged_by=judge,
        violation_judged_at=wib(2026, 11, 4, 9, 0),
    )


def decided(person, level, by, proposer) -> Sanction:
    return Sanction.objects.create(
        person=person,
        level=level,
        reason="x",
        status="decided",
        proposed_by=proposer,
        proposed_at=wib(2026, 10, 1, 9, 0),
        decided_by=by,
        decided_on=dt.date(2026, 10, 2),
        further_detail="Penundaan kenaikan gaji berkala" if level == "lanjutan" else "",
    )


def test_the_ladder_is_the_standards(staf, kabid, pimpinan):
    assert [Sanction.Level(level).label for level in sanctions.LADDER] == [
        "Teguran lisan",
        "Teguran tertulis",
        "Sanksi lanjutan sesuai ketentuan",
    ]
    assert sanctions.next_level(staf) == "teguran_lisan"
    decided(staf, "teguran_lisan", pimpinan, kabid)
    assert sanctions.next_level(staf) == "teguran_tertulis"
    decided(staf, "teguran_tertulis", pimpinan, kabid)
    assert sanctions.next_level(staf) == "lanjutan"
    decided(staf, "lanjutan", pimpinan, kabid)
    assert sanctions.next_level(staf) == "lanjutan"


def test_a_declined_sanction_does_not_climb_the_ladder(staf, kabid, pimpinan):
    sanction = decided(staf, "teguran_lisan", pimpinan, kabid)
    Sanction.objects.filter(pk=sanction.pk).update(status="declined")
    assert sanctions.next_level(staf) == "teguran_lisan"


def test_the_kabid_proposes_a_verbal_reprimand_for_a_violation_and_pimpinan_decide(
    login, office, kabid, pimpinan, staf
):
    breach = violation(staf, kabid)
    client = login(kabid)
    # The register offers the proposal beside the violation.
    register = client.get("/pelanggaran/").content.decode()
    assert f"/evaluasi/sanksi/baru/?pelanggaran={breach.pk}" in register
    form = client.get(f"/evaluasi/sanksi/baru/?pelanggaran={breach.pk}").content.decode()
    assert "Tidak memproses sesuai arahan" in form
    assert 'value="teguran_lisan"' in form and 'value="teguran_lisan" required id="id_level_0" checked' in form
    response = client.post(
        "/evaluasi/sanksi/baru/",
        {"pelanggaran": breach.pk, "person": "", "level": "teguran_lisan", "reason": "Pelanggaran pertama."},
    )
    sanction = Sanction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluasi/sanksi/{sanction.pk}/"
    assert (sanction.person, sanction.breach, sanction.status, sanction.proposed_by) == (
        staf,
        breach,
        "proposed",
        kabid,
    )
    todo = Todo.objects.get(key=f"evaluation.sanction:{sanction.pk}")
    assert todo.role == "pimpinan" and todo.assignee is None
    assert Notice.objects.filter(recipient=pimpinan, topic=f"evaluation.sanction:{sanction.pk}").exists()
    # The kabid cannot decide; pimpinan do, with the date.
    data = {"decision": "decided", "decided_on": "2026-11-10", "letter_number": "", "note": "Disampaikan lisan."}
    assert client.post(f"/evaluasi/sanksi/{sanction.pk}/putuskan/", data).status_code == 403
    head = login(pimpinan)
    assert "Simpan keputusan" in head.get(f"/evaluasi/sanksi/{sanction.pk}/").content.decode()
    assert head.post(f"/evaluasi/sanksi/{sanction.pk}/putuskan/", data).status_code == 302
    sanction.refresh_from_db()
    assert (sanction.status, sanction.decided_by, sanction.decided_on) == ("decided", pimpinan, dt.date(2026, 11, 10))
    todo.refresh_from_db()
    assert todo.done_by == pimpinan
    assert Notice.objects.filter(recipient=staf, text__contains="Teguran lisan").exists()
    # Decided once: a second decision is refused.
    again = head.post(
        f"/evaluasi/sanksi/{sanction.pk}/putuskan/", {**data, "decision": "declined", "note": "x"}, follow=True
    )
    assert "sudah diputuskan" in again.content.decode()
    # A verbal reprimand has no letter.
    assert head.get(f"/evaluasi/sanksi/{sanction.pk}/surat.pdf").status_code == 404
    # The violation has its sanction: the register links to it, the proposal is refused.
    assert f"/evaluasi/sanksi/{sanction.pk}/" in client.get("/pelanggaran/").content.decode()
    response = client.post(
        "/evaluasi/sanksi/baru/", {"pelanggaran": breach.pk, "level": "teguran_tertulis", "reason": "lagi"}
    )
    assert response.status_code == 400 and "sudah memiliki usulan atau sanksi" in response.content.decode()


def test_a_written_reprimand_prints_as_a_letter(login, office, kabid, pimpinan, staf):
    decided(staf, "teguran_lisan", pimpinan, kabid)
    breach = violation(staf, kabid)
    sanction = sanctions.propose(
        person=staf, level="teguran_tertulis", reason="Pelanggaran kedua.", by=kabid, breach=breach
    )
    login(pimpinan).post(
        f"/evaluasi/sanksi/{sanction.pk}/putuskan/",
        {"decision": "decided", "decided_on": "2026-11-10", "letter_number": "800/123/2026", "note": ""},
    )
    text = login(staf).get(f"/evaluasi/sanksi/{sanction.pk}/surat/").content.decode()
    assert "Surat Teguran Tertulis" in text and "800/123/2026" in text
    assert "Pemerintah Kabupaten Purbalingga" in text and "Staf Satu" in text and "Kepala Dinas" in text
    assert "PUB-2026-00042" in text and "Pelanggaran kedua." in text
    response = login(staf).get(f"/evaluasi/sanksi/{sanction.pk}/surat.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_declining_needs_a_reason_and_keeps_the_input(login, office, kabid, pimpinan, staf):
    sanction = sanctions.propose(person=staf, level="teguran_lisan", reason="x", by=kabid)
    response = login(pimpinan).post(
        f"/evaluasi/sanksi/{sanction.pk}/putuskan/", {"decision": "declined", "decided_on": "", "letter_number": "A/1"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tulis alasan penolakan." in text and 'value="A/1"' in text and "This field is required" not in text
    sanction.refresh_from_db()
    assert sanction.status == "proposed"
    login(pimpinan).post(
        f"/evaluasi/sanksi/{sanction.pk}/putuskan/",
        {"decision": "declined", "decided_on": "2026-11-10", "note": "Tidak cukup bukti"},
    )
    sanction.refresh_from_db()
    assert sanction.status == "declined" and sanction.decision_note == "Tidak cukup bukti"


def test_a_further_sanction_names_the_rule(login, office, kabid, staf):
    response = login(kabid).post(
        "/evaluasi/sanksi/baru/",
        {"orang": staf.pk, "person": staf.pk, "level": "lanjutan", "further_detail": "", "reason": "x"},
    )
    assert response.status_code == 400
    assert "Sebutkan sanksi lanjutan" in response.content.decode()
    assert not Sanction.objects.exists()


@pytest.mark.parametrize("persona", ["pimpinan", "fungsional", "staf", "admin_user"])
def test_only_the_kabid_proposes(persona, request, login, office, staf):
    assert login(request.getfixturevalue(persona)).get(f"/evaluasi/sanksi/baru/?orang={staf.pk}").status_code == 403


# --- a person's record: the person, their superiors and the admin ---------------------------------


@pytest.mark.parametrize(("persona", "status"), [("staf", 200), ("kabid", 200), ("pimpinan", 200), ("admin_user", 200)])
def test_a_record_is_seen_by_the_person_their_superiors_and_the_admin(
    persona, status, request, login, office, kabid, pimpinan, staf
):
    sanction = sanctions.propose(person=staf, level="teguran_lisan", reason="Terlambat mempublikasikan", by=kabid)
    client = login(request.getfixturevalue(persona))
    response = client.get(f"/evaluasi/pegawai/{staf.pk}/")
    assert response.status_code == status
    assert "Teguran lisan" in response.content.decode()
    assert client.get(f"/evaluasi/sanksi/{sanction.pk}/").status_code == status


@pytest.mark.parametrize("persona", ["staf2", "fungsional", "pengelola", "tim", "pemohon"])
def test_anyone_else_gets_404_for_a_record_a_sanction_and_its_letter(
    persona, request, login, office, kabid, pimpinan, staf
):
    breach = violation(staf, kabid)
    sanction = sanctions.propose(person=staf, level="teguran_tertulis", reason="Rahasia", by=kabid, breach=breach)
    sanctions.decide(sanction, by=pimpinan, decided=True, on=dt.date(2026, 11, 10))
    client = login(request.getfixturevalue(persona))
    for url in (
        f"/evaluasi/pegawai/{staf.pk}/",
        f"/evaluasi/sanksi/{sanction.pk}/",
        f"/evaluasi/sanksi/{sanction.pk}/surat/",
        f"/evaluasi/sanksi/{sanction.pk}/surat.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Rahasia" not in response.content.decode()
    assert (
        client.post(f"/evaluasi/pegawai/{staf.pk}/pelatihan/", {"title": "x", "started_on": "2026-11-01"}).status_code
        == 404
    )
    assert client.get("/evaluasi/sanksi/").status_code == 403
    assert client.get("/evaluasi/pegawai/").status_code == 403


def test_a_guessed_id_is_404_even_for_a_superior_when_no_staff_member(login, office, kabid, pemohon):
    assert login(kabid).get(f"/evaluasi/pegawai/{pemohon.pk}/").status_code == 404
    assert login(kabid).get("/evaluasi/pegawai/99999/").status_code == 404
    assert login(kabid).get("/evaluasi/sanksi/99999/").status_code == 404


def test_the_sanctions_page_lists_violations_without_a_sanction(login, office, kabid, pimpinan, staf, staf2):
    first = violation(staf, kabid, label="PUB-2026-00001 — Satu")
    violation(staf2, kabid, label="PUB-2026-00002 — Dua")
    sanctions.propose(person=staf, level="teguran_lisan", reason="x", by=kabid, breach=first)
    text = login(pimpinan).get("/evaluasi/sanksi/").content.decode()
    waiting = text.split("Pelanggaran yang belum diberi sanksi", 1)[1].split("Usulan menunggu", 1)[0]
    assert "PUB-2026-00002" in waiting and "PUB-2026-00001" not in waiting
    proposed = text.split("Usulan menunggu keputusan pimpinan", 1)[1].split("Sanksi yang sudah diputuskan", 1)[0]
    assert "Staf Satu" in proposed
    assert "Usulkan sanksi" not in text  # pimpinan decide, they do not propose
