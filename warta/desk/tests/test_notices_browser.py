"""In Chromium: a "Menunggu tindakan Anda" notice leaves pimpinan's home page once the step is taken,
while the notice about the request still waiting stays. Screenshots: test-artifacts/notices-*.png."""

from __future__ import annotations

import pytest

from warta.desk.models import PublicationRequest, Status
from warta.desk.tests.test_api_support import submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stale_notice_is_resolved_on_the_home_page(page, browser_login, screenshot, office, org, pemohon, pimpinan):
    first = submitted(pemohon, org, title="Pekan Imunisasi Nasional Polio")
    second = submitted(pemohon, org, title="Festival Gula Kelapa")

    from playwright.sync_api import expect

    browser_login(page, pimpinan.username)
    page.goto(page.base_url + "/beranda/")
    notices = page.locator("section.notices li")
    expect(notices).to_have_count(2)
    screenshot(page, "notices-1-two-waiting")

    # Pimpinan follows the notice about the first request and disposes it.
    page.get_by_role("link", name=f"Menunggu tindakan Anda: {first.number}").click()
    page.get_by_role("heading", name="Pekan Imunisasi Nasional Polio").wait_for()
    box = page.locator("#aksi-dispose")
    box.locator("summary").click()
    box.get_by_role("button", name="Disposisi ke Bidang IKP").click()
    expect(page.locator("ol.timeline")).to_contain_text("Didisposisi ke Bidang IKP")
    assert PublicationRequest.objects.get(pk=first.pk).status == Status.AT_DIVISION

    # Back home: only the notice about the request that still waits for them.
    page.goto(page.base_url + "/beranda/")
    notices = page.locator("section.notices li")
    expect(notices).to_have_count(1)
    expect(notices.first).to_contain_text(second.number)
    expect(page.get_by_role("link", name=f"Menunggu tindakan Anda: {first.number}")).to_have_count(0)
    screenshot(page, "notices-2-one-left")
