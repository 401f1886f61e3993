"""In Chromium: a WhatsApp message with a photo arrives (posted signed to the webhook), office staff
find it in the inbox, see the photo, turn the conversation into a request and submit it, and the
applicant's template notice of receipt is recorded as sent; the inbox fits a 360 px phone.
Screenshots land in test-artifacts/channels-*.png."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from warta.channels import testing
from warta.channels.models import Conversation
from warta.channels.tests.conftest import SECRET
from warta.clock.calendar import next_opening
from warta.clock.services import get_calendar
from warta.core.tests import samples
from warta.desk.models import PublicationRequest
from warta.notify.models import WhatsAppMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_whatsapp_photo_becomes_a_submitted_request(
    page, phone_page, live_server, browser_login, screenshot, fake, office, org, staf
):
    # 1. The contact's message and photo reached the webhook yesterday, signed as Meta signs them
    # (staff take it up a day later: the 24-hour window has closed, so notices go as templates).
    photo = fake.add_media(samples.jpeg(800, 600), "image/jpeg")
    yesterday = int(time.time()) - 25 * 3600
    messages = [
        testing.wa_message(text="Selamat pagi, mohon dipublikasikan kegiatan posyandu balita.", timestamp=yesterday),
        testing.wa_message(
            "image", media_id=photo, mime_type="image/jpeg", caption="Poster posyandu", timestamp=yesterday + 5
        ),
    ]
    body = testing.encode(testing.wa_payload(testing.wa_value(messages)))
    answer = httpx.post(
        live_server.url + "/webhooks/whatsapp/", content=body, headers=testing.signed_headers(body, SECRET), timeout=30
    )
    assert answer.status_code == 200
    conversation = Conversation.objects.get()
    assert conversation.messages.filter(media__fetched_at__isnull=False).count() == 1

    # 2. Staff open the inbox and the conversation; the photo's thumbnail shows.
    page.context.clear_cookies()
    browser_login(page, staf.username)
    page.goto(live_server.url + "/kotak-masuk/")
    page.get_by_text("2 belum dibaca").wait_for()
    page.get_by_text("Jendela balas tertutup: hanya templat").wait_for()
    page.get_by_role("link", name=re.compile("Sri Rahayu")).click()
    thumb = page.locator("img.chat-thumb")
    thumb.wait_for()
    assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Poster posyandu" in page.content()
    screenshot(page, "channels-01-conversation")

    # 3. "Jadikan permohonan": the organisation, the title and the platforms.
    box = page.locator("details", has=page.locator("summary", has_text="Jadikan permohonan"))
    box.locator("summary").click()
    box.get_by_label("Organisasi pemohon").select_option("dinkes")
    box.get_by_label("Judul").fill("Posyandu balita Desa Bojongsari")
    box.get_by_label("Instagram").check()
    box.get_by_role("button", name="Jadikan permohonan").click()
    req = PublicationRequest.objects.get()
    page.wait_for_url(f"**/permohonan/{req.number}/")
    assert (req.status, req.channel, req.contact_phone) == ("draft", "whatsapp", "6281234567890")
    assert req.received_at == conversation.messages.order_by("at").first().at
    assert req.attachments.count() == 1
    screenshot(page, "channels-02-draft")

    # 4. Staff submit the draft: the clock started at the first message.
    submit = page.locator("#aksi-submit")
    submit.locator("summary").click()
    submit.get_by_role("button", name="Ajukan", exact=True).click()
    page.get_by_text("Tersimpan: Ajukan.").wait_for()
    req.refresh_from_db()
    # (Outside working time, e.g. in the lunch break a day ago, it starts at the next opening.)
    assert req.status == "submitted" and req.sla_started_at == next_opening(get_calendar(), req.received_at)
    assert req.received_at <= req.sla_started_at
    screenshot(page, "channels-03-submitted")

    # 5. The applicant's notice of receipt went as the approved template, and is recorded as sent.
    notice = WhatsAppMessage.objects.get(to="6281234567890")
    assert (notice.kind, notice.template_name, notice.status) == ("template", "warta_permohonan_diterima", "sent")
    assert notice.wamid and [m["id"] for m in fake.wa_messages] == [notice.wamid]
    assert req.number in notice.template_params

    # 6. The inbox on a phone: nothing wider than the screen.
    phone_page.context.clear_cookies()
    browser_login(phone_page, staf.username)
    phone_page.goto(live_server.url + f"/kotak-masuk/{conversation.pk}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert req.number in phone_page.content()
    screenshot(phone_page, "channels-04-phone")
