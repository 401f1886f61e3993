"""In Chromium: the Content-Security-Policy blocks nothing the pages need (no violation is reported),
and the two-step set-up works on a phone."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from warta.desk.models import PublicationRequest, Status
from warta.desk.tests.test_api_support import make_request
from warta.standards.importer import import_standard
from warta.standards.tests.real_standard import REAL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_pages_run_under_the_policy_without_violations(page, browser_login, office, org, pemohon, kabid):
    import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name)
    make_request(org, Status.AT_DIVISION, created_by=pemohon)
    number = PublicationRequest.objects.values_list("number", flat=True).first()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    seen: dict[str, list[str]] = {}
    for path in ["/", "/lacak/", "/masuk/"]:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        seen[path] = _violations(page)
    browser_login(page, "kabid")
    assert "/masuk/" not in page.url
    for path in ["/beranda/", f"/permohonan/{number}/", f"/permohonan/{number}/disposisi/", "/akun/dua-langkah/"]:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        seen[path] = _violations(page)
        if path.endswith("/disposisi/"):
            assert page.locator("[data-print]").count() == 1  # the sheet's print button, wired by print.js
    assert not {path: found for path, found in seen.items() if found}
    assert not [text for text in console if "Content Security Policy" in text]


def test_staff_set_up_the_second_step_on_a_phone(phone_page, browser_login, office, kabid, screenshot):
    page = phone_page
    page.add_init_script(WATCH_VIOLATIONS)
    browser_login(page, "kabid")
    page.goto(page.base_url + "/akun/dua-langkah/")
    page.get_by_role("link", name="Pasang verifikasi dua langkah").click()
    page.get_by_role("button", name="Lanjutkan").click()
    qr = page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")
    qr.wait_for()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())  # it loads
    screenshot(page, "two-step-setup-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    secret = page.locator("code.secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]+", secret)
    page.get_by_label("Kode 6 angka").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Aktifkan").click()
    page.get_by_role("heading", name="Verifikasi dua langkah aktif").wait_for()
    page.get_by_role("link", name="Buat kode cadangan").click()
    page.get_by_role("button", name="Buat kode baru").click()
    assert page.locator(".backup-codes li").count() == 10
    assert not _violations(page)
