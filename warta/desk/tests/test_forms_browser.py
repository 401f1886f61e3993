"""The request forms in Chromium, on a desktop and at a 360×740 phone: Back then send again makes no
second request, a chosen file survives an error, every error shows at once, captions are counted as
they are typed, and cancelling asks first. Screenshots land in test-artifacts/forms-*.png."""

from __future__ import annotations

import importlib
import re

import pytest
from PIL import Image

from warta.desk.models import Attachment, PendingUpload, PublicationRequest, Status
from warta.desk.tests.test_api_support import make_request
from warta.desk.tests.test_e2e_browser import label, open_action, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def migrated_rows(transactional_db):
    """What the data migrations load (the roles, the office hours), which the flush after an earlier
    transactional test removed; before the personas, which take their roles from it."""
    from django.apps import apps

    for module, function in (
        ("warta.accounts.migrations.0002_roles", "create_groups"),
        ("warta.clock.migrations.0002_default_hours", "add_default_hours"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


TITLE = "Gerakan Makan Ikan di Sekolah"
CAPTION = "Ayo makan ikan! Gerakan Gemarikan di 20 sekolah dasar."


@pytest.fixture(params=["page", "phone_page"], ids=["desktop", "phone"])
def screen(request):
    """The same test on a desktop window and on a 360×740 phone."""
    return request.getfixturevalue(request.param)


def fill_request(page, *, title: str = TITLE) -> None:
    label(page, "Judul").fill(title)
    label(page, "Keterangan/caption").fill(CAPTION)
    label(page, "Instagram").check()
    label(page, "Nomor WhatsApp narahubung").fill("081327745120")


def no_sideways_scroll(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page scrolls sideways: {width} > {inner}"


def poster(tmp_path, name: str = "poster-gemarikan.png"):
    path = tmp_path / name
    Image.new("RGB", (640, 640), (10, 120, 90)).save(path, format="PNG")
    return path


def test_back_then_send_again_makes_no_second_request(screen, browser_login, screenshot, office, org, pemohon, request):
    page = screen
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(page.base_url + "/permohonan/baru/")
    fill_request(page)
    page.get_by_role("button", name="Ajukan", exact=True).click()
    page.get_by_role("heading", name="Permohonan diterima").wait_for()
    first = PublicationRequest.objects.get()

    page.go_back()
    page.wait_for_load_state()
    if not label(page, "Judul").input_value():  # the browser reloaded the form: the user types it again
        fill_request(page)
    page.get_by_role("button", name="Ajukan", exact=True).click()
    page.wait_for_load_state()
    page.get_by_text(first.number).first.wait_for()
    screenshot(page, f"forms-back-button-{request.node.callspec.id}")
    assert PublicationRequest.objects.count() == 1
    no_sideways_scroll(page)


def test_a_chosen_file_survives_an_error(screen, browser_login, screenshot, office, org, pemohon, tmp_path, request):
    page = screen
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(page.base_url + "/permohonan/baru/")
    fill_request(page, title="")
    label(page, "Berkas materi 1").set_input_files(str(poster(tmp_path)))
    label(page, "Teks alternatif berkas 1").fill("Poster Gemarikan berlatar hijau")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    page.wait_for_load_state()

    title_error = page.locator("#id_title_error")
    title_error.wait_for()
    assert title_error.is_visible()
    kept = page.locator("#id_media_1_kept")
    assert kept.is_visible()
    assert "Sudah terunggah" in kept.inner_text() and "poster-gemarikan.png" in kept.inner_text()
    assert PendingUpload.objects.count() == 1
    screenshot(page, f"forms-file-kept-{request.node.callspec.id}")
    no_sideways_scroll(page)

    label(page, "Judul").fill(TITLE)
    page.get_by_role("button", name="Ajukan", exact=True).click()
    page.get_by_role("heading", name="Permohonan diterima").wait_for()
    req = PublicationRequest.objects.get()
    attachment = req.attachments.get()
    assert attachment.original_name == "poster-gemarikan.png"
    assert attachment.alt_text == "Poster Gemarikan berlatar hijau"
    assert attachment.content_type == "image/png"
    assert not PendingUpload.objects.exists()


def test_an_empty_form_shows_every_error_at_once(screen, browser_login, screenshot, office, org, pemohon, request):
    page = screen
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(page.base_url + "/permohonan/baru/")
    label(page, "Nama narahubung").fill("")
    label(page, "Nomor WhatsApp narahubung").fill("")
    label(page, "E-mail narahubung").fill("")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    page.wait_for_load_state()

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Periksa kembali isian yang ditandai." in summary.inner_text()
    assert summary.locator("li").count() == 5
    for field in ("title", "caption", "platforms", "contact_name", "contact_phone"):
        error = page.locator(f"#id_{field}_error")
        assert error.count() == 1, field
    # Each error sits next to its field: the summary's link leads to it, and it is then in view.
    page.locator(".error-summary a", has_text="Platform tujuan").click()
    assert page.locator("#id_platforms_error").is_visible()
    screenshot(page, f"forms-all-errors-{request.node.callspec.id}")
    no_sideways_scroll(page)
    assert not PublicationRequest.objects.exists()


def test_a_caption_too_long_for_x_opens_its_box_with_the_error(screen, browser_login, office, org, pemohon):
    page = screen
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(page.base_url + "/permohonan/baru/")
    fill_request(page)
    label(page, "X (Twitter)").check()
    label(page, "Keterangan/caption").fill("x" * 300)
    page.get_by_role("button", name="Ajukan", exact=True).click()
    page.wait_for_load_state()
    error = page.locator("#id_caption_x_error")
    error.wait_for()
    assert error.is_visible() and "(sekarang 300)" in error.inner_text()


def test_captions_are_counted_per_platform_as_typed(screen, browser_login, screenshot, office, org, pemohon, request):
    page = screen
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(page.base_url + "/permohonan/baru/")
    counter = page.locator("#id_caption_counter")
    label(page, "Instagram").check()
    label(page, "X (Twitter)").check()
    label(page, "Keterangan/caption").fill("a" * 290)
    assert "Instagram: 290/2.200" in counter.inner_text()
    assert re.search(r"X \(Twitter\): 290/280 \(melebihi batas\)", counter.inner_text())
    assert "over" in (counter.get_attribute("class") or "")

    page.locator("details.captions summary").click()
    label(page, "Caption khusus X (Twitter)").fill("Singkat untuk X")
    assert "X (Twitter): 15/280" in counter.inner_text()
    assert page.locator("#id_caption_x_counter").inner_text() == "15/280"
    assert "over" not in (counter.get_attribute("class") or "")
    screenshot(page, f"forms-caption-counter-{request.node.callspec.id}")
    no_sideways_scroll(page)


def test_cancel_asks_for_confirmation_and_a_reason(page, browser_login, office, org, pemohon):
    req = make_request(org, Status.SUBMITTED)
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(page.base_url + req.get_absolute_url())
    box = open_action(page, "cancel")
    box.get_by_role("button", name="Batalkan permohonan").click()
    page.wait_for_load_state()
    box = page.locator("#aksi-cancel")
    assert box.locator("#id_cancel-note_error").inner_text() == "Tuliskan alasan pembatalan."
    assert box.locator("#id_cancel-note_error").is_visible()
    assert box.locator("#id_cancel-confirm_error").inner_text() == "Centang untuk menegaskan pembatalan."
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED

    label(box, "Alasan pembatalan").fill("Kegiatan ditunda bulan depan.")
    label(box, "Ya, saya yakin membatalkan permohonan ini").check()
    box.get_by_role("button", name="Batalkan permohonan").click()
    page.wait_for_load_state()
    req.refresh_from_db()
    assert req.status == Status.CANCELLED
    assert Attachment.objects.count() == 0


def test_the_staff_correction_counts_captions_too(page, browser_login, office, org, fungsional):
    req = make_request(org, Status.AT_DIVISION, platforms=["x"])
    sign_in_as(page, browser_login, fungsional.username)
    page.goto(page.base_url + req.get_absolute_url())
    box = open_action(page, "edit")
    label(box, "Keterangan/caption").fill("b" * 281)
    counter = page.locator("#id_edit-caption_counter")
    assert counter.inner_text() == "X (Twitter): 281/280 (melebihi batas)"
    assert "over" in (counter.get_attribute("class") or "")
