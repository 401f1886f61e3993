"""The whole path in Chromium: an OPD operator submits with an image, pimpinan disposes, kabid assigns
with an instruction, the staff publishes with links, the operator sees the links and the timeline,
and the public tracking page shows the status without personal data. Screenshots at every step
land in test-artifacts/e2e-*.png."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from PIL import Image, ImageDraw

from warta.desk.models import Attachment, PublicationRequest, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Pekan Imunisasi Nasional Polio 2026"
CAPTION = "Ayo bawa anak usia 0-7 tahun ke posyandu dan puskesmas terdekat untuk imunisasi polio."
CONTACT_NAME = "Rina Marlina"
CONTACT_PHONE = "081327745120"
CONTACT_EMAIL = "rina.humas@dinkes.example.go.id"
DISPOSE_NOTE = "Segera proses, kegiatan dimulai besok pagi."
INSTRUCTION = "Desain ulang dengan template feed resmi dan tayangkan sebelum pukul 11.00."
IG_LINK = "https://www.instagram.com/p/DEmoPin2026a/"
FB_LINK = "https://www.facebook.com/dinkominfopbg/posts/pfbid0PinPolio2026"


def make_poster(path) -> None:
    image = Image.new("RGB", (800, 800), (20, 110, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 760, 760), outline=(255, 255, 255), width=8)
    draw.text((80, 380), "PIN Polio 2026", fill=(255, 255, 255))
    image.save(path, format="PNG")


def sign_in_as(page, browser_login, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)
    assert "/masuk/" not in page.url, f"login as {username} failed"


def label(scope, text: str):
    """The form control labelled `text` (a required field's label ends with " *")."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(text)}( \*)?\s*$"))


def open_action(page, action: str):
    """The action's form on the request page (a <details> per action): opened, and returned."""
    box = page.locator(f"#aksi-{action}")
    box.locator("summary").click()
    return box


def test_the_whole_path_from_portal_to_published_links(
    page, live_server, browser_login, screenshot, office, org, pemohon, pimpinan, kabid, staf, staf2, tmp_path
):
    base = live_server.url
    poster = tmp_path / "poster-pin-polio.png"
    make_poster(poster)

    # 1. The OPD operator submits through the portal form, with an image.
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(base + "/permohonan/baru/")
    label(page, "Judul").fill(TITLE)
    label(page, "Keterangan/caption").fill(CAPTION)
    label(page, "Instagram").check()
    label(page, "Facebook").check()
    label(page, "Nama narahubung").fill(CONTACT_NAME)
    label(page, "Nomor WhatsApp narahubung").fill(CONTACT_PHONE)
    label(page, "E-mail narahubung").fill(CONTACT_EMAIL)
    label(page, "Berkas materi 1").set_input_files(str(poster))
    label(page, "Teks alternatif berkas 1").fill("Poster PIN Polio 2026 berlatar biru")
    screenshot(page, "e2e-01-form")
    page.get_by_role("button", name="Ajukan", exact=True).click()

    page.get_by_role("heading", name="Permohonan diterima").wait_for()
    screenshot(page, "e2e-02-receipt")
    number = page.locator("dl.kv dd strong").first.inner_text().strip()
    code = page.locator("strong.code").inner_text().strip()
    assert re.fullmatch(r"PUB-\d{4}-\d{5}", number)
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    req = PublicationRequest.objects.get(number=number)
    assert req.status == Status.SUBMITTED
    attachment = req.attachments.get()
    assert attachment.kind == Attachment.Kind.CONTENT
    assert attachment.content_type == "image/png"
    assert attachment.alt_text == "Poster PIN Polio 2026 berlatar biru"
    assert req.check_tracking_code(code)

    # 2. Pimpinan finds it waiting on the home page and disposes it to Bidang IKP.
    sign_in_as(page, browser_login, pimpinan.username)
    page.goto(base + "/beranda/")
    # A notice on the home page says the request waits for them; the desk list links to it.
    assert page.get_by_role("link", name=f"Menunggu tindakan Anda: {number}").is_visible()
    page.get_by_role("link", name=number, exact=True).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    box = open_action(page, "dispose")
    label(box, "Catatan disposisi").fill(DISPOSE_NOTE)
    screenshot(page, "e2e-03-dispose")
    box.get_by_role("button", name="Disposisi ke Bidang IKP").click()
    page.get_by_text("Didisposisi ke Bidang IKP").first.wait_for()
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION

    # 3. Kabid IKP assigns it to a staff member with an instruction.
    sign_in_as(page, browser_login, kabid.username)
    page.goto(base + f"/permohonan/{number}/")
    box = open_action(page, "assign")
    label(box, "Staf pelaksana").select_option(label=f"{staf.display_name} — tidak ada permohonan berjalan")
    label(box, "Arahan untuk staf").fill(INSTRUCTION)
    screenshot(page, "e2e-04-assign")
    box.get_by_role("button", name="Disposisi ke staf").click()
    page.get_by_text(INSTRUCTION).first.wait_for()
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED
    assert req.assignee == staf

    # 4. The staff member publishes and records the link of each post.
    sign_in_as(page, browser_login, staf.username)
    page.goto(base + f"/permohonan/{number}/")
    assert page.get_by_text(INSTRUCTION).first.is_visible()
    box = open_action(page, "publish")
    label(box, "Tautan unggahan Instagram").fill(IG_LINK)
    label(box, "Tautan unggahan Facebook").fill(FB_LINK)
    screenshot(page, "e2e-05-publish")
    box.get_by_role("button", name="Catat publikasi").click()
    page.get_by_role("link", name=IG_LINK).first.wait_for()
    req.refresh_from_db()
    assert req.status == Status.PUBLISHED
    assert dict(req.posts.values_list("platform", "url")) == {"instagram": IG_LINK, "facebook": FB_LINK}

    # The contact got the receipt and then the links by e-mail (sent by the task worker).
    to_contact = [m for m in mail.outbox if CONTACT_EMAIL in m.to]
    assert any(number in m.subject and code in m.body for m in to_contact)
    assert any("dipublikasikan" in m.subject and IG_LINK in m.body for m in to_contact)

    # 5. The operator sees the links and the timeline.
    sign_in_as(page, browser_login, pemohon.username)
    page.goto(base + f"/permohonan/{number}/")
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.get_by_role("link", name=IG_LINK).first.is_visible()
    assert page.get_by_role("link", name=FB_LINK).first.is_visible()
    timeline = page.locator("ol.timeline")
    steps = timeline.locator("li > strong").all_inner_texts()
    assert len(steps) >= 4, steps
    assert "Dipublikasikan" in page.locator(".req-head").inner_text()
    screenshot(page, "e2e-06-operator-sees-links")

    # 6. Anyone with the number and the tracking code: the status, no personal data.
    page.context.clear_cookies()
    page.goto(base + "/lacak/")
    label(page, "Nomor registrasi").fill(number)
    label(page, "Kode lacak").fill(code)
    page.get_by_role("button", name="Lacak").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    screenshot(page, "e2e-07-tracking")
    text = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    html = page.content()
    assert "Dipublikasikan" in text
    assert page.get_by_role("link", name=IG_LINK).first.is_visible()
    for private in (
        CONTACT_NAME,
        CONTACT_PHONE,
        CONTACT_EMAIL,
        pemohon.display_name,
        pimpinan.display_name,
        kabid.display_name,
        staf.display_name,
        INSTRUCTION,
        DISPOSE_NOTE,
    ):
        assert private not in html, f"{private!r} shown on the public tracking page"

    # A wrong code shows nothing of the request.
    page.goto(base + "/lacak/")
    label(page, "Nomor registrasi").fill(number)
    label(page, "Kode lacak").fill("AAAA2222" if code != "AAAA2222" else "BBBB3333")
    page.get_by_role("button", name="Lacak").click()
    page.wait_for_load_state()
    assert TITLE not in page.content()
    screenshot(page, "e2e-08-tracking-wrong-code")
