"""The calendar page (admins), the deadline calculator and the breach register (supervisors)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from warta.clock.models import Breach, ClockProbe, ClosedDay, HoursOverride
from warta.clock.tests.conftest import wib

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(wib(2026, 3, 10, 9, 0), tick=False):
        yield


# --- the calendar page ---------------------------------------------------------------------


def test_calendar_page_lists_closed_days_hours_and_overrides(login, admin_user):
    ClosedDay.objects.create(date=dt.date(2026, 4, 6), name="Libur daerah", reason="SE Bupati 1/2026")
    HoursOverride.objects.create(name="Ramadan 1447 H", first_day=dt.date(2026, 2, 19), last_day=dt.date(2026, 3, 19))
    response = login(admin_user).get("/kalender/2026/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kalender kerja 2026" in text
    assert "Cuti Bersama Hari Raya Idul Adha" in text
    assert "28 Mei 2026" in text
    assert "Libur daerah" in text and "SE Bupati 1/2026" in text
    assert "07.30–12.00" in text and "13.00–16.30" in text
    assert "Ramadan 1447 H" in text


def test_admin_role_without_superuser_may_see_the_calendar(login, make_user):
    user = make_user("admin2", "admin")
    assert login(user).get("/kalender/2026/").status_code == 200


@pytest.mark.parametrize("persona", ["pimpinan", "kabid", "staf", "pemohon"])
def test_calendar_page_is_for_admins_only(login, persona, request):
    assert login(request.getfixturevalue(persona)).get("/kalender/2026/").status_code == 403


def test_calendar_page_needs_a_login(client):
    response = client.get("/kalender/2026/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_deadline_calculator(login, admin_user):
    response = login(admin_user).get(
        "/kalender/2026/", {"start": "2026-05-26T15:30", "amount": "1", "unit": "working_hours"}
    )
    text = response.content.decode()
    assert "Jumat, 29 Mei 2026 08.00 WIB" in text
    assert "Hari Raya Idul Adha" in text and "Cuti Bersama Hari Raya Idul Adha" in text


def test_deadline_calculator_issue_example(login, admin_user):
    response = login(admin_user).get(
        "/kalender/2026/", {"start": "2026-03-13T16:00", "amount": "1", "unit": "working_hours"}
    )
    assert "Senin, 16 Maret 2026 08.00 WIB" in response.content.decode()
    assert "Tidak ada hari libur yang dilewati" in response.content.decode()


def test_deadline_calculator_rejects_bad_input(login, admin_user):
    response = login(admin_user).get("/kalender/2026/", {"start": "kemarin", "amount": "-1", "unit": "working_hours"})
    assert response.status_code == 200
    assert 'id="deadline"' not in response.content.decode()


def test_apply_ramadan_form(login, admin_user):
    client = login(admin_user)
    response = client.post("/kalender/2026/ramadan/", {"first_day": "2026-02-19", "last_day": "2026-03-19"})
    assert response.status_code == 302
    override = HoursOverride.objects.get()
    assert override.windows.count() == 10 and override.changed_by == admin_user
    text = client.get("/kalender/2026/").content.decode()
    assert "Ramadan 2026" in text and "Senin 08:00–12:00" in text
    calc = client.get("/kalender/2026/", {"start": "2026-03-09T14:30", "amount": "1", "unit": "working_hours"})
    assert "Selasa, 10 Maret 2026 08.30 WIB" in calc.content.decode()


def test_apply_ramadan_needs_post_and_admin(login, admin_user, kabid):
    assert login(admin_user).get("/kalender/2026/ramadan/").status_code == 405
    data = {"first_day": "2026-02-19", "last_day": "2026-03-19"}
    assert login(kabid).post("/kalender/2026/ramadan/", data).status_code == 403
    assert not HoursOverride.objects.exists()


def test_apply_ramadan_rejects_a_reversed_range(login, admin_user):
    login(admin_user).post("/kalender/2026/ramadan/", {"first_day": "2026-03-19", "last_day": "2026-02-19"})
    assert not HoursOverride.objects.exists()


# --- the breach register -------------------------------------------------------------------


def make_breach(holder, due: dt.datetime, label: str, late_seconds: int | None = None) -> Breach:
    probe = ClockProbe.objects.create(title=label)
    return Breach.objects.create(
        content_type=ContentType.objects.get_for_model(ClockProbe),
        object_id=str(probe.pk),
        label=label,
        url="/lacak/",
        step="Diproses staf",
        holder=holder,
        due_at=due,
        detected_at=due,
        late_seconds=late_seconds,
        month=due.date().replace(day=1),
    )


def test_breach_register_filters_by_month_and_person(login, kabid, staf, staf2):
    make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster Maret", 45 * 60)
    make_breach(staf2, wib(2026, 3, 3, 10, 0), "PUB-2026-00002 — Video Maret", 90 * 60)
    make_breach(staf, wib(2026, 2, 3, 10, 0), "PUB-2026-00003 — Poster Februari", 60 * 60)
    client = login(kabid)
    text = client.get("/pelanggaran/").content.decode()
    assert "Poster Maret" in text and "Video Maret" in text and "Poster Februari" in text
    assert "45 menit" in text and "1 jam 30 menit" in text
    text = client.get("/pelanggaran/", {"bulan": "2026-03"}).content.decode()
    assert "Poster Maret" in text and "Video Maret" in text and "Poster Februari" not in text
    text = client.get("/pelanggaran/", {"bulan": "2026-03", "orang": staf.pk}).content.decode()
    assert "Poster Maret" in text and "Video Maret" not in text and "Poster Februari" not in text
    # a malformed filter shows everything instead of failing
    assert client.get("/pelanggaran/", {"bulan": "2026-13", "orang": "x"}).status_code == 200


def test_open_breach_shows_lateness_so_far(login, pimpinan, staf):
    make_breach(staf, wib(2026, 3, 9, 15, 0), "PUB-2026-00004 — Masih berjalan")
    # now is Tuesday 10 March 09:00: 1 h on Monday + 1.5 h on Tuesday
    text = login(pimpinan).get("/pelanggaran/").content.decode()
    assert "2 jam 30 menit" in text and "masih berjalan" in text


@pytest.mark.parametrize("persona", ["staf", "fungsional", "pemohon"])
def test_breach_register_is_for_supervisors_and_the_admin_only(login, persona, request):
    assert login(request.getfixturevalue(persona)).get("/pelanggaran/").status_code == 403


def test_the_admin_reads_the_breach_register_but_does_not_justify(login, admin_user, staf):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster Maret", 45 * 60)
    response = login(admin_user).get("/pelanggaran/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Poster Maret" in text
    assert "Tandai dapat dimaklumi" not in text
    assert login(admin_user).post(f"/pelanggaran/{breach.pk}/maklumi/", {"note": "x"}).status_code == 403


def test_justify_a_breach(login, kabid, staf):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    client = login(kabid)
    response = client.post(f"/pelanggaran/{breach.pk}/maklumi/", {"note": "Listrik padam se-kabupaten"})
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.justified and breach.justification == "Listrik padam se-kabupaten"
    assert breach.justified_by == kabid and breach.justified_at == wib(2026, 3, 10, 9, 0)
    text = client.get("/pelanggaran/").content.decode()
    assert "Listrik padam se-kabupaten" in text


def test_justify_needs_a_note_post_and_a_supervisor(login, kabid, staf):
    breach = make_breach(staf, wib(2026, 3, 2, 10, 0), "PUB-2026-00001 — Poster", 600)
    assert login(kabid).get(f"/pelanggaran/{breach.pk}/maklumi/").status_code == 405
    login(kabid).post(f"/pelanggaran/{breach.pk}/maklumi/", {"note": ""})
    assert login(staf).post(f"/pelanggaran/{breach.pk}/maklumi/", {"note": "Saya sibuk"}).status_code == 403
    breach.refresh_from_db()
    assert not breach.justified
    assert login(kabid).post("/pelanggaran/99999/maklumi/", {"note": "x"}).status_code == 404
