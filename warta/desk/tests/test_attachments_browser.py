"""In Chromium: an operator adds a large photo to a request; the page shows its thumbnail (at most
800 px, served by the access-checked view), never the original, and a download link."""

from __future__ import annotations

import re

import pytest

from warta.core.tests import samples
from warta.desk.models import Attachment
from warta.desk.tests.test_api_support import submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_request_page_shows_the_thumbnail_of_an_uploaded_photo(
    page, live_server, browser_login, screenshot, office, org, pemohon, tmp_path
):
    req = submitted(pemohon, org)
    photo = tmp_path / "foto-kegiatan.jpg"
    photo.write_bytes(samples.jpeg(2000, 1500, gps=True))

    browser_login(page, pemohon.username)
    page.goto(live_server.url + req.get_absolute_url())
    form_box = page.locator("details", has_text="Tambah lampiran")
    form_box.locator("summary").click()
    help_text = form_box.locator("#id_file_helptext").inner_text()
    assert "Paling besar 50 MB per berkas." in help_text
    form_box.get_by_label(re.compile(r"^\s*Berkas")).set_input_files(str(photo))
    form_box.get_by_label("Teks alternatif").fill("Petugas memberi imunisasi di posyandu")
    form_box.get_by_role("button", name="Unggah").click()
    page.get_by_text("Lampiran ditambahkan.").wait_for()

    attachment = Attachment.objects.get(request=req)
    thumb_url = f"/permohonan/{req.number}/lampiran/{attachment.pk}/kecil.jpg"
    download_url = f"/permohonan/{req.number}/lampiran/{attachment.pk}/"
    # The attachments list (the per-platform previews show the same thumbnail too).
    image = page.locator(".attachments").get_by_role("img", name="Petugas memberi imunisasi di posyandu")
    image.wait_for()
    assert image.get_attribute("src") == thumb_url
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15000)
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural == [800, 600]
    assert page.locator(f'img[src="{download_url}"]').count() == 0  # never the original inline
    link = page.locator(f'a[href="{download_url}"][download]', has_text="foto-kegiatan.jpg")
    assert link.count() == 1
    assert re.search(r"\(\d+(,\d)? KB\)", page.locator(".attachments").inner_text())
    screenshot(page, "attachments-thumbnail")


def test_a_file_over_the_limit_is_refused_when_chosen(page, live_server, browser_login, office, org, pemohon, settings):
    settings.WARTA_MAX_UPLOAD_MB = 1
    browser_login(page, pemohon.username)
    page.goto(live_server.url + "/permohonan/baru/")
    field = page.get_by_label(re.compile(r"^\s*Berkas materi 1"))
    field.set_input_files(
        {"name": "video-besar.mp4", "mimeType": "video/mp4", "buffer": samples.mp4() + bytes(1536 * 1024)}
    )
    alert = page.locator("#id_media_1_size_error")
    alert.wait_for()
    assert alert.inner_text() == "Berkas terlalu besar; batasnya 1 MB per berkas."
    assert field.evaluate("input => input.files.length") == 0
    field.set_input_files({"name": "kecil.mp4", "mimeType": "video/mp4", "buffer": samples.mp4()})
    assert alert.count() == 0
