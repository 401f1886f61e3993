"""Results pages, the follow-up plan, paper entry, the report and the tabulation, and who sees what."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from warta.survey.models import FollowUpAction, Response, Source, Way
from warta.survey.reports import render_report_html
from warta.survey.services import get_period

from .conftest import form_data, make_response

SLUG = "publikasi-konten-media-sosial"


@pytest.fixture
def answered(service, office):
    make_response(service, dt.date(2026, 2, 3), (4, 4, 2, 4, 4, 4, 4, 3, 4), suggestion="Mohon percepat balasan WA.")
    make_response(service, dt.date(2026, 2, 4), (3, 4, 2, 4, 3, 4, 4, 3, 3), sex="L", age=19, education="SMA")
    make_response(service, dt.date(2026, 5, 4), (4, 4, 3, 4, 4, 4, 4, 3, 4), age=62, occupation="LAINNYA")
    return service


def test_public_results_page(answered):
    html = Client().get(f"/skm/hasil/{SLUG}/2026/").content.decode()
    # Sums: U1 11 U2 12 U3 7 U4 12 U5 11 U6 12 U7 12 U8 9 U9 11 = 97 → 97/27 × 25 = 89.81, A
    assert "89,81" in html
    assert "Sangat Baik" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.count('class="bar"') == 9
    assert "<title" in svg and "U3 Waktu Penyelesaian" in svg
    assert "Rencana tindak lanjut belum disusun." in html
    assert "Mohon percepat" not in html  # the suggestions stay with the office


def test_results_current_redirects_to_this_year(answered):
    with time_machine.travel("2026-05-10 09:00:00+07:00", tick=False):
        response = Client().get(f"/skm/hasil/{SLUG}/")
    assert response.status_code == 302
    assert response["Location"] == f"/skm/hasil/{SLUG}/2026/"


def test_unknown_period_is_404(answered):
    assert Client().get(f"/skm/hasil/{SLUG}/2026-Q2/").status_code == 404
    assert Client().get(f"/skm/hasil/{SLUG}/kemarin/").status_code == 404


def test_office_results_page(answered, other_service):
    make_response(other_service, dt.date(2026, 3, 1), (1,) * 9)
    html = Client().get("/skm/hasil-kantor/2026/").content.decode()
    assert "seluruh layanan" in html
    assert "Standar Layanan Lain" in html
    # (97 + 9) / 36 × 25 = 73.61, C
    assert "73,61" in html and "Kurang Baik" in html


def test_kabid_writes_the_follow_up_plan_shown_publicly(answered, login, kabid, staf):
    url = f"/skm/kelola/{SLUG}/2026/"
    payload = {
        "action": "follow_up",
        "rtl-element": "u3",
        "rtl-action": "Piket balasan WhatsApp tiap jam kerja.",
        "rtl-schedule": "Triwulan III 2026",
        "rtl-responsible": "Kabid IKP",
    }
    assert login(staf).post(url, payload).status_code == 403
    assert FollowUpAction.objects.count() == 0
    page = login(kabid).get(url).content.decode()
    assert "Unsur terlemah:" in page and "U3 Waktu Penyelesaian" in page
    response = login(kabid).post(url, payload)
    assert response.status_code == 302
    item = FollowUpAction.objects.get()
    assert (item.element, item.created_by) == ("u3", kabid)
    html = Client().get(f"/skm/hasil/{SLUG}/2026/").content.decode()
    assert "Piket balasan WhatsApp tiap jam kerja." in html
    assert "Triwulan III 2026" in html
    # Removing it
    delete = f"/skm/kelola/{SLUG}/2026/rtl/{item.pk}/hapus/"
    assert login(staf).post(delete).status_code == 403
    assert login(kabid).get(delete).status_code == 405
    assert login(kabid).post(delete).status_code == 302
    assert FollowUpAction.objects.count() == 0


def test_follow_up_needs_an_element_and_a_plan(answered, login, kabid):
    response = login(kabid).post(
        f"/skm/kelola/{SLUG}/2026/", {"action": "follow_up", "rtl-element": "", "rtl-action": ""}
    )
    assert response.status_code == 200
    assert FollowUpAction.objects.count() == 0
    html = response.content.decode()
    assert 'id="id_rtl-element_error"' in html and 'id="id_rtl-action_error"' in html


def test_kabid_edits_the_population(answered, login, kabid, staf):
    url = f"/skm/kelola/{SLUG}/2026/"
    assert login(staf).post(url, {"action": "population", "served_outside": "500"}).status_code == 403
    response = login(kabid).post(url, {"action": "population", "served_outside": "550"})
    assert response.status_code == 302
    page = login(kabid).get(url).content.decode()
    assert "550" in page and "226" in page  # N = 550 → target 226


def test_staff_pages_need_office_staff(answered, login, pemohon, staf, pimpinan, fungsional):
    urls = [
        "/skm/kelola/",
        f"/skm/kelola/{SLUG}/kertas/",
        f"/skm/kelola/{SLUG}/2026/",
        f"/skm/kelola/{SLUG}/2026/laporan.pdf",
        f"/skm/kelola/{SLUG}/2026/tabulasi.xlsx",
    ]
    for url in urls:
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"], url
        assert login(pemohon).get(url).status_code == 403, url
    for user in (staf, pimpinan, fungsional):
        assert login(user).get("/skm/kelola/").status_code == 200
        assert login(user).get(f"/skm/kelola/{SLUG}/kertas/").status_code == 200


def test_paper_entry_by_staff(service, office, login, staf, settings):
    settings.SKM_RATE_LIMIT = (1, 600)  # the public limit does not apply to staff
    client = login(staf)
    url = f"/skm/kelola/{SLUG}/kertas/"
    with time_machine.travel("2026-04-20 10:00:00+07:00", tick=False):
        for _ in range(3):
            response = client.post(url, {**form_data(u2="1"), "surveyed_on": "2026-04-17"})
            assert response.status_code == 302
            assert response["Location"] == f"{url}?tanggal=2026-04-17"
        page = client.get(response["Location"]).content.decode()
        assert "Kuesioner kertas tersimpan" in page
        assert 'value="2026-04-17"' in page
    rows = Response.objects.all()
    assert rows.count() == 3
    assert {(r.source, r.way, r.surveyed_on, r.entered_by_id, r.u2) for r in rows} == {
        (Source.PAPER, Way.STAFF, dt.date(2026, 4, 17), staf.pk, 1)
    }


def test_paper_entry_validation(service, office, login, staf):
    client = login(staf)
    with time_machine.travel("2026-04-20 10:00:00+07:00", tick=False):
        data = form_data()
        del data["u7"]
        response = client.post(f"/skm/kelola/{SLUG}/kertas/", {**data, "surveyed_on": "2026-04-21"})
    html = response.content.decode()
    assert "Tanggal survei tidak boleh di masa depan." in html
    assert "Pilih salah satu jawaban." in html.split('id="q-u7"', 1)[1].split("</fieldset>", 1)[0]
    assert Response.objects.count() == 0


def test_report_pdf_download(answered, login, staf, kabid):
    FollowUpAction.objects.create(
        period=get_period(answered, "2026"), element="u3", action="Piket balasan WhatsApp.", created_by=kabid
    )
    response = login(staf).get(f"/skm/kelola/{SLUG}/2026/laporan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "laporan-skm-publikasi-konten-media-sosial-2026.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 10_000


def test_report_sections(answered, kabid):
    FollowUpAction.objects.create(
        period=get_period(answered, "2026"), element="u3", action="Piket balasan WhatsApp.", created_by=kabid
    )
    html = render_report_html(get_period(answered, "2026"))
    for heading in (
        "Pemerintah Kabupaten Purbalingga",
        "Dinas Komunikasi dan Informatika",
        "BAB I. PENDAHULUAN",
        "BAB II. METODE",
        "Populasi (N)",
        "Teknik Pengambilan Sampel",
        "BAB III. HASIL",
        "Profil Responden",
        "Di bawah 20 tahun",
        "60 tahun ke atas",
        "BAB IV. ANALISIS",
        "Unsur Terlemah",
        "Unsur Terkuat",
        "Mohon percepat balasan WA.",
        "BAB V. RENCANA TINDAK LANJUT",
        "Piket balasan WhatsApp.",
        "LAMPIRAN 1. KUESIONER",
        "LAMPIRAN 2. TABULASI JAWABAN",
    ):
        assert heading in html, heading
    assert "89,81" in html
    analysis = html.split("Unsur Terlemah", 1)[1].split("Unsur Terkuat", 1)[0]
    assert analysis.index("U3 Waktu Penyelesaian") < analysis.index("U8 Penanganan")
    assert html.count('class="bar"') == 9


def test_tabulation_xlsx(answered, login, kabid):
    response = login(kabid).get(f"/skm/kelola/{SLUG}/2026/tabulasi.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Tabulasi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("No.", "Tanggal survei", "Sumber", "Jenis kelamin", "Umur", "Pendidikan", "Pekerjaan")
    assert rows[0][7:16] == tuple(f"U{i}" for i in range(1, 10))
    assert len(rows) == 4
    assert rows[2][3:7] == ("L", 19, "SMA", "PNS")
    assert rows[2][7:16] == (3, 4, 2, 4, 3, 4, 4, 3, 3)
    summary = {row[0]: row[1] for row in book["Rekap"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Responden"] == 3
    assert summary["IKM konversi"] == 89.81


def test_qr_poster_and_svg(service, office):
    html = Client().get(f"/skm/qr/{SLUG}/").content.decode()
    assert "<svg" in html
    assert "http://testserver/skm/isi/publikasi-konten-media-sosial/" in html
    svg = Client().get(f"/skm/qr/{SLUG}/kode.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content


def test_empty_period_pages_and_report(service, office, login, kabid):
    from warta.survey.reports import render_report_pdf

    client = login(kabid)
    page = client.get(f"/skm/kelola/{SLUG}/2026/").content.decode()
    assert "Populasi (N)" in page and "Belum ada saran." in page
    public = Client().get(f"/skm/hasil/{SLUG}/2026/").content.decode()
    assert "Belum ada jawaban pada periode ini." in public
    html = render_report_html(get_period(service, "2026"))
    assert "Belum ada jawaban pada periode ini." in html
    assert render_report_pdf(get_period(service, "2026")).startswith(b"%PDF-")


def test_tabulation_xlsx_keeps_suggestions_as_plain_text(service, office, login, kabid):
    """A suggestion is the respondent's text: never a formula in the staff's spreadsheet, and a control
    character typed or pasted into it does not break the download."""
    make_response(service, dt.date(2026, 2, 3), suggestion='=HYPERLINK("http://contoh.example/","Klik")')
    make_response(service, dt.date(2026, 2, 4), suggestion="Pelayanan\x0b cepat\x01")
    response = login(kabid).get(f"/skm/kelola/{SLUG}/2026/tabulasi.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Tabulasi"]
    first, second = (row[16] for row in sheet.iter_rows(min_row=2))
    assert (first.value, first.data_type) == ('=HYPERLINK("http://contoh.example/","Klik")', "s")
    assert (second.value, second.data_type) == ("Pelayanan cepat", "s")
