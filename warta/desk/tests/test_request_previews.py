"""The per-platform preview on the request page: only the targets, each with its own caption,
Instagram's square image and "… selengkapnya", X's weighted counter, Facebook's card; gone once the
request is published."""

from __future__ import annotations

import re

import pytest

from warta.core.tests import samples
from warta.desk import intake
from warta.desk.models import Status
from warta.desk.tests.test_api_support import make_request, submitted
from warta.social.models import Account

pytestmark = pytest.mark.django_db

LONG = (
    "Dinas Kesehatan mengajak para orang tua memastikan putrinya menerima vaksin HPV yang diberikan "
    "gratis di sekolah dasar seluruh Purbalingga mulai Senin depan."
)


def article(page: str, platform: str) -> str:
    match = re.search(rf'<article class="preview preview-{platform}".*?</article>', page, re.S)
    return match.group(0) if match else ""


def test_each_target_platform_is_previewed_with_its_own_caption(office, login, pemohon, org, staf):
    req = submitted(
        pemohon,
        org,
        caption=LONG,
        platforms=["instagram", "x", "facebook"],
        captions={
            "x": "Vaksin HPV gratis untuk siswi SD! Info: https://dinkes.purbalinggakab.go.id/hpv-2026 " + "日本"
        },
    )
    image = intake.add_attachment(
        req, intake.Upload(samples.named(samples.jpeg(1200, 900), "p.jpg"), alt_text="Poster HPV"), pemohon
    )
    Account.objects.create(platform="instagram", account_id="1784", handle="dinkominfo.pbg")
    page = login(staf).get(req.get_absolute_url()).content.decode()
    assert "Pratinjau per platform" in page

    ig = article(page, "instagram")
    thumb = f"/permohonan/{req.number}/lampiran/{image.pk}/kecil.jpg"
    assert f'<div class="ig-square">\n        <img src="{thumb}" alt="Poster HPV"' in ig
    assert "<strong>dinkominfo.pbg</strong>" in ig
    assert "sekolah dasar</span><details" in ig and "selengkapnya</summary>seluruh Purbalingga mulai Senin depan." in ig

    x = article(page, "x")
    assert "Vaksin HPV gratis untuk siswi SD!" in x and LONG not in x
    # 40 characters of text, one link (23), a space, and two CJK characters (2 each).
    assert '<span class="x-count">68/280</span>' in x and "Melebihi" not in x

    fb = article(page, "facebook")
    assert LONG in fb and "Dinkominfo" in fb and f'src="{thumb}"' in fb


def test_x_over_the_limit_says_by_how_much(office, login, pemohon, org, staf):
    req = submitted(pemohon, org, platforms=["x"])
    # The desk now refuses such a caption (it counts as X does); one stored before still shows the excess.
    type(req).objects.filter(pk=req.pk).update(caption="Selamat! " + "🎉" * 140, captions={})
    page = login(staf).get(req.get_absolute_url()).content.decode()
    x = article(page, "x")
    # 149 characters by the desk's count, but each emoji weighs 2 on X.
    assert '<p class="x-counter over"' in x and "289/280" in x
    assert "Melebihi batas X sebanyak 9 karakter." in x
    assert article(page, "instagram") == "" and article(page, "facebook") == ""


def test_instagram_without_an_image_is_warned_and_facebook_shows_the_links_card(office, login, pemohon, org, staf):
    req = submitted(
        pemohon, org, platforms=["instagram", "facebook", "youtube"], links=["https://www.purbalinggakab.go.id/hpv"]
    )
    page = login(staf).get(req.get_absolute_url()).content.decode()
    assert "Instagram memerlukan gambar atau video" in article(page, "instagram")
    fb = article(page, "facebook")
    assert '<span class="fb-host">PURBALINGGAKAB.GO.ID</span>' in fb
    assert "preview-youtube" not in page


def test_a_short_caption_is_shown_whole(office, login, pemohon, org, staf):
    req = submitted(pemohon, org, platforms=["instagram"], caption="Ayo vaksinasi HPV.")
    ig = article(login(staf).get(req.get_absolute_url()).content.decode(), "instagram")
    assert "Ayo vaksinasi HPV." in ig and "selengkapnya" not in ig


def test_no_preview_once_published(office, login, org, staf, admin_user):
    req = make_request(org, Status.PUBLISHED, assignee=staf, platforms=["instagram", "x"])
    assert "Pratinjau per platform" not in login(admin_user).get(req.get_absolute_url()).content.decode()


def test_the_page_still_answers_only_those_who_may_see_it(office, login, pemohon, pemohon_other, org):
    req = submitted(pemohon, org, platforms=["x"])
    assert login(pemohon_other).get(req.get_absolute_url()).status_code == 404
    assert "x-count" in login(pemohon).get(req.get_absolute_url()).content.decode()
