"""The public pages: the standard as a citizen reads it, and its PDF."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from warta.standards.models import ServiceValue
from warta.standards.tests.real_standard import MANUFACTURING_NAMES, SERVICE_DELIVERY_NAMES
from warta.standards.tests.svg import parse_svg

SLUG = "publikasi-konten-media-sosial"


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
def test_home_without_a_standard_is_friendly(client, office):
    response = client.get(reverse("public-home"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Standar pelayanan belum diterbitkan" in text
    html = response.content.decode()
    for name in ("request-create", "tracking", "login"):
        assert f'href="{reverse(name)}"' in html


@pytest.mark.parametrize("url", ["/", f"/standar/{SLUG}/"])
def test_the_whole_standard_is_shown(client, office, imported, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "Dinas Komunikasi dan Informatika Purbalingga" in text
    assert "7. Standar Publikasi Konten Media Sosial" in text
    assert "(Service Delivery)" in text and "(Manufacturing)" in text
    names = SERVICE_DELIVERY_NAMES + MANUFACTURING_NAMES
    headings = re.findall(r"<h3><span class=\"num\">(\d+)\.</span> ([^<]+)</h3>", html)
    assert [name for _, name in headings] == names
    assert [int(n) for n, _ in headings] == [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 7, 8]
    # Both flows as inline SVG, in their components, with their labels.
    svgs = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 2
    for svg in svgs:
        parse_svg(svg)
    assert "Dinkominfo (Bidang IKP)" in svgs[0] and "Tim Pengelola Pengaduan" in svgs[1]
    assert html.index("Sistem, Mekanisme dan Prosedur</h3>") < html.index(svgs[0]) < html.index("Jangka Waktu")
    # The legal basis as a list.
    assert re.search(r"<li>a\. Undang-undang Nomor 14 Tahun 2008; tentang Keterbukaan Informasi Publik\.</li>", html)
    # The complaint channels as working links, and the deadlines.
    assert 'href="tel:+622818902091"' in html
    assert 'href="mailto:dinkominfo@purbalinggakab.go.id"' in html
    assert 'href="https://wa.me/62817465999"' in html
    assert 'href="https://www.lapor.go.id"' in html
    assert 'href="https://www.instagram.com/dinkominfoPbg"' in html
    assert "Pengaduan ringan: selambat-lambatnya 3 jam" in text
    assert "Pengaduan berkadar pengawasan dan memerlukan pemeriksaan: selambat-lambatnya 30 hari kerja" in text
    assert "Jangka waktu penyelesaian Maksimal 1 jam" in text
    assert "Biaya/tarif Gratis" in text
    # The way in.
    for name in ("request-create", "tracking", "login"):
        assert f'href="{reverse(name)}"' in html
    assert "Ajukan permohonan" in text and "Lacak permohonan" in text and "Masuk" in text
    assert f'href="/standar/{SLUG}/pdf/"' in html
    assert "<pre" not in html and "&amp;gt;" not in html and "graph LR" not in html


def test_a_correction_shows_on_the_page(client, office, imported):
    ServiceValue.objects.filter(key="completion_time").update(correction={"amount": 2, "unit": "hours"})
    assert "Jangka waktu penyelesaian Maksimal 2 jam" in text_of(client.get("/"))


def test_the_page_is_served_in_few_queries(client, office, imported, django_assert_max_num_queries):
    client.get("/")  # warm the office cache like a running site
    with django_assert_max_num_queries(8):
        response = client.get(f"/standar/{SLUG}/")
    assert response.status_code == 200


def test_unknown_standard_is_404(client, office, imported):
    assert client.get("/standar/tidak-ada/").status_code == 404
    assert client.get("/standar/tidak-ada/pdf/").status_code == 404


def test_pdf(client, office, imported):
    response = client.get(f"/standar/{SLUG}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="standar-{SLUG}.pdf"' in response["Content-Disposition"]
    assert len(response.content) > 5000


def test_pdf_holds_the_letterhead_and_both_flows(client, office, imported, monkeypatch):
    import weasyprint

    seen: list[str] = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        seen.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    response = client.get(f"/standar/{SLUG}/pdf/")
    assert response.content.startswith(b"%PDF")
    (html,) = seen
    assert "Pemerintah Kabupaten Purbalingga" in html and "Dinas Komunikasi dan Informatika" in html
    assert "Jl. Jenderal Sudirman No. 1, Purbalingga" in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 2
    assert "Organisasi Pemerintah" in svgs[0] and "Pejabat Pengelola Pengaduan menerima aduan" in " ".join(
        " ".join(re.sub(r"<[^>]+>", " ", svgs[1]).split()).split()
    )
    assert "Evaluasi Kinerja Pelaksana" in html
