"""A respondent answers on a phone through the personal link, then opens the public results."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from warta.desk.models import PublicationRequest
from warta.desk.signals import request_published
from warta.survey.models import Response

pytestmark = pytest.mark.browser


def test_answer_on_a_phone_then_see_results(phone_page, live_server, screenshot, make_request, office, settings):
    settings.SKM_MIN_FILL_SECONDS = 0
    settings.SITE_URL = live_server.url
    obj = make_request()
    request_published.send(sender=PublicationRequest, request=obj)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/skm/u/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    page = phone_page
    page.goto(link)
    assert page.locator("h1").inner_text() == "Survei Kepuasan Masyarakat"
    assert obj.number in page.content()
    # Mobile-first: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Send it half filled first: the errors come back next to the fields, in Indonesian.
    page.check("input[name=u1][value='4']")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "Jawaban belum tersimpan." in page.content()
    assert page.locator("#q-u2 .error").inner_text() == "Pilih salah satu jawaban."
    assert page.locator("input[name=u1][value='4']").is_checked()
    assert Response.objects.count() == 0

    choices = {"u1": 4, "u2": 3, "u3": 4, "u4": 4, "u5": 3, "u6": 4, "u7": 4, "u8": 3, "u9": 4}
    for name, value in choices.items():
        page.locator(f"label[for=id_{name}_{value - 1}]").click()  # tap the whole label, as a thumb would
    page.locator("label[for=id_sex_1]").click()
    page.fill("input[name=age]", "27")
    page.select_option("select[name=education]", "D4-S1")
    page.select_option("select[name=occupation]", "SWASTA")
    page.fill("textarea[name=suggestion]", "Balasan cepat, terima kasih.")
    screenshot(page, "survey-phone-questionnaire")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Terima kasih"

    saved = Response.objects.get()
    assert saved.answers() == choices
    assert (saved.sex, saved.age, saved.education, saved.occupation) == ("P", 27, "D4-S1", "SWASTA")
    assert saved.invitation is not None

    page.click("text=Lihat hasil survei")
    page.wait_for_load_state()
    assert "Hasil Survei Kepuasan Masyarakat" in page.locator("h1").inner_text()
    # 33/9 × 25 = 91.67, A
    assert page.locator("[data-testid=ikm]").inner_text() == "91,67"
    assert page.locator("[data-testid=grade]").inner_text() == "A"
    assert page.locator("svg.skm-chart rect.bar").count() == 9
    assert "target sampel 1 dari populasi 1" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "survey-phone-results")

    page.goto(link)
    assert "Tautan survei sudah dipakai" in page.content()
