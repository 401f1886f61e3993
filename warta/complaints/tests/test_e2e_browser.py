"""The whole path in Chromium: a citizen complains anonymously on a phone, the officer classifies and
assigns, the team answers, the officer approves and delivers, and the citizen reads the answer at
/pengaduan/lacak/. Screenshots land in test-artifacts/complaints-*.png."""

from __future__ import annotations

import re

import pytest

from warta.complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Terima kasih. Tanggal pada poster telah kami koreksi menjadi 13 Maret dan diunggah ulang."


def label(scope, text: str):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(text)}( \*)?\s*$"))


def sign_in_as(page, browser_login, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)
    assert "/masuk/" not in page.url, f"login as {username} failed"


def move(page, action: str, button: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None):
    box = page.locator(f"#aksi-{action}")
    box.locator("summary").click()
    for name, value in (fill or {}).items():
        label(box, name).fill(value)
    for name, value in (select or {}).items():
        label(box, name).select_option(value)
    box.get_by_role("button", name=button, exact=True).click()
    page.get_by_text(f"Tersimpan: {button}.").wait_for()


def test_citizen_to_answer(phone_page, page, live_server, browser_login, screenshot, settings, office, pengelola, tim):
    settings.SKM_MIN_FILL_SECONDS = 0
    base = live_server.url

    # 1. A citizen complains anonymously, on a phone.
    citizen = phone_page
    citizen.goto(base + "/pengaduan/")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    label(citizen, "Pokok pengaduan").fill("Tanggal di poster vaksinasi keliru")
    label(citizen, "Isi").fill("Poster menulis 12 Maret, surat sekolah 13 Maret.")
    screenshot(citizen, "complaints-01-form")
    citizen.get_by_role("button", name="Kirim", exact=True).click()
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    screenshot(citizen, "complaints-02-sent")
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.status == "received"

    # 2. The officer classifies and assigns.
    sign_in_as(page, browser_login, pengelola.username)
    page.goto(base + "/aduan/")
    page.get_by_role("link", name=complaint.number).click()
    move(page, "classify", "Klasifikasikan", select={"Tingkat": "light", "Kategori": "konten"})
    move(page, "assign", "Tugaskan ke tim", select={"Anggota tim": tim.username})
    screenshot(page, "complaints-03-assigned")

    # 3. The team member drafts the answer.
    sign_in_as(page, browser_login, tim.username)
    page.goto(base + complaint.get_absolute_url())
    assert "Anonim" in page.content()
    move(page, "answer", "Ajukan jawaban", fill={"Rancangan jawaban": ANSWER})

    # 4. The officer approves and delivers (on the tracking page: the complainant left no contact).
    sign_in_as(page, browser_login, pengelola.username)
    page.goto(base + complaint.get_absolute_url())
    move(page, "approve", "Setujui jawaban")
    move(page, "deliver", "Sampaikan jawaban", select={"Disampaikan melalui": "letter"})
    screenshot(page, "complaints-04-delivered")

    # 5. The citizen reads the answer.
    citizen.goto(base + "/pengaduan/lacak/")
    label(citizen, "Nomor pengaduan").fill(complaint.number)
    label(citizen, "Kode lacak").fill(code)
    citizen.get_by_role("button", name="Lacak", exact=True).click()
    citizen.get_by_test_id("answer").wait_for()
    assert ANSWER in citizen.get_by_test_id("answer").inner_text()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(citizen, "complaints-05-answer")


def test_staff_pages_fit_a_phone(phone_page, live_server, browser_login, screenshot, office, pengelola, tim):
    from warta.complaints.tests.support import make_complaint

    complaint = make_complaint(pengelola, tim, "awaiting_approval", confidential=True)
    browser_login(phone_page, pengelola.username)
    for path, name in (("/aduan/", "list"), (complaint.get_absolute_url(), "detail"), ("/aduan/catat/", "log")):
        phone_page.goto(live_server.url + path)
        screenshot(phone_page, f"complaints-phone-{name}")
        wide = phone_page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, (path, wide)
