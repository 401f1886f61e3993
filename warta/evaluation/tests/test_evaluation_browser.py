"""The supervision path in Chromium: the kabid walks the evaluation pages, records the month's meeting
with a decision, judges a breach a violation by a named staff member and proposes a teguran lisan;
the head of office decides it on a phone; the staff member reads it in their record.
Screenshots land in test-artifacts/evaluation/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import Resolver404, resolve
from django.utils import timezone

from warta.clock.models import Breach, ClockProbe
from warta.evaluation.models import Meeting, Sanction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(scope, text: str):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(text)}( \*)?\s*$"))


def sign_in_as(page, browser_login, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)
    assert "/masuk/" not in page.url, f"login as {username} failed"


def fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def make_breach(holder) -> Breach:
    probe = ClockProbe.objects.create(title="Poster Hari Pahlawan")
    due = timezone.now() - dt.timedelta(days=2)
    return Breach.objects.create(
        content_type=ContentType.objects.get_for_model(ClockProbe),
        object_id=str(probe.pk),
        label="PUB-2026-00077 — Poster Hari Pahlawan",
        step="Diproses staf",
        holder=holder,
        due_at=due,
        detected_at=due,
        late_seconds=35 * 60,
        month=timezone.localdate(due).replace(day=1),
    )


def has_dashboard() -> bool:
    try:
        resolve("/evaluasi/")
    except Resolver404:
        return False
    return True


def test_meeting_violation_and_verbal_reprimand(
    page, phone_page, live_server, browser_login, screenshot, office, kabid, pimpinan, staf
):
    base = live_server.url
    breach = make_breach(staf)

    # 1. The kabid walks the evaluation's pages (the dashboard, when the monthly figures are there).
    sign_in_as(page, browser_login, kabid.username)
    if has_dashboard():
        page.goto(base + "/evaluasi/")
        assert page.locator("h1").count() == 1
        screenshot(page, "evaluation/01-dashboard")
    for path, heading in (
        ("/evaluasi/rapat/", "Rapat evaluasi bulanan"),
        ("/evaluasi/sanksi/", "Pelanggaran dan sanksi"),
        ("/evaluasi/pegawai/", "Pegawai pelaksana"),
        ("/evaluasi/kebutuhan-pelaksana/", "Kebutuhan pelaksana dan waktu layanan"),
    ):
        page.goto(base + path)
        assert page.get_by_role("heading", level=1).inner_text() == heading
    # The staffing page with a what-if load (the test office has no history).
    page.get_by_label("Permohonan per jam kerja").fill("2.5")
    page.get_by_label("Rata-rata waktu penanganan (menit)").fill("35")
    page.get_by_role("button", name="Hitung").click()
    screenshot(page, "evaluation/02-staffing")
    # a = 2.5/h × 35 min ≈ 1.46 Erlang: k = 1 … ⌈a⌉ + 3 = 5; none reaches 95 % (the handling alone: 82 %).
    assert page.locator("figure.chart svg rect.bar-low").count() == 5
    assert page.locator("figure.chart svg rect.bar-low").nth(1).bounding_box()["height"] > 0  # k = 2: 53 %

    # 2. The kabid records the month's meeting with a decision.
    page.goto(base + "/evaluasi/rapat/")
    page.get_by_role("link", name="Catat rapat", exact=True).click()
    agenda = label(page, "Agenda").input_value()
    assert "Tindak lanjut keputusan rapat sebelumnya" in agenda
    label(page, "Tempat").fill("Ruang rapat Dinkominfo")
    label(page, "Pimpinan rapat").select_option(label=pimpinan.display_name)
    for person in (pimpinan, kabid, staf):
        page.get_by_label(re.compile(rf"^\s*{re.escape(person.display_name)} —")).check()
    label(page, "Notulen").fill("Tiga permohonan terlambat karena antrean pagi.")
    first = page.locator("fieldset.decision").first
    label(first, "Keputusan / tindak lanjut").fill("Susun jadwal piket pagi")
    label(first, "Penanggung jawab").select_option(label=staf.display_name)
    label(first, "Batas waktu").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    screenshot(page, "evaluation/03-meeting-form")
    page.get_by_role("button", name="Simpan rapat").click()
    page.get_by_text("Rapat evaluasi tersimpan.").wait_for()
    assert page.get_by_text("Susun jadwal piket pagi").is_visible()
    screenshot(page, "evaluation/04-meeting")
    meeting = Meeting.objects.get()
    assert meeting.decisions.get().owner == staf
    assert sorted(meeting.attendees.values_list("person__username", flat=True)) == sorted(
        [pimpinan.username, kabid.username, staf.username]
    )

    # 3. The kabid judges the breach a violation by the staff member.
    page.goto(base + "/pelanggaran/")
    page.get_by_text("Pelanggaran oleh seseorang").click()
    row = page.locator("details", has_text="Pelanggaran oleh seseorang")
    assert label(row, "Pelanggar").input_value() == str(staf.pk)  # the holder is proposed
    label(row, "Uraian pelanggaran").fill("Tidak membuka antrean pagi sesuai arahan")
    row.get_by_role("button", name="Catat sebagai pelanggaran").click()
    page.get_by_text("dicatat sebagai pelanggaran oleh").wait_for()
    screenshot(page, "evaluation/05-violation")
    breach.refresh_from_db()
    assert breach.violator == staf and breach.violation_judged_by == kabid

    # 4. …and proposes a verbal reprimand (the ladder's first rung is chosen).
    page.get_by_role("link", name="Usulkan sanksi").click()
    assert page.get_by_label("Teguran lisan").is_checked()
    label(page, "Alasan").fill("Pelanggaran pertama: tidak membuka antrean pagi.")
    page.get_by_role("button", name="Ajukan usulan").click()
    page.get_by_text("menunggu keputusan pimpinan").first.wait_for()
    screenshot(page, "evaluation/06-proposed")
    sanction = Sanction.objects.get()
    assert (sanction.level, sanction.status, sanction.breach_id) == ("teguran_lisan", "proposed", breach.pk)

    # 5. The head of office decides it, on a phone.
    sign_in_as(phone_page, browser_login, pimpinan.username)
    phone_page.goto(base + sanction.get_absolute_url())
    fits_a_phone(phone_page)
    phone_page.get_by_label("Tetapkan sanksi").check()
    phone_page.get_by_role("button", name="Simpan keputusan").click()
    phone_page.get_by_text("Sanksi ditetapkan.").wait_for()
    fits_a_phone(phone_page)
    screenshot(phone_page, "evaluation/07-decided-phone")
    sanction.refresh_from_db()
    assert (sanction.status, sanction.decided_by, sanction.decided_on) == ("decided", pimpinan, timezone.localdate())
    phone_page.goto(base + "/evaluasi/rapat/")
    fits_a_phone(phone_page)
    screenshot(phone_page, "evaluation/08-meetings-phone")

    # 6. The staff member reads it in their own record.
    sign_in_as(phone_page, browser_login, staf.username)
    phone_page.goto(base + "/evaluasi/pegawai/saya/")
    assert phone_page.get_by_text("Tidak membuka antrean pagi sesuai arahan").is_visible()
    assert phone_page.locator("#sanksi").get_by_text("Diputuskan").is_visible()
    fits_a_phone(phone_page)
    screenshot(phone_page, "evaluation/09-my-record-phone")
