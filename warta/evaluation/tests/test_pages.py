"""The dashboard, the monthly pack and the transparency pages: who may see them, what they show."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from warta.accounts import roles
from warta.core.nav import links_for
from warta.evaluation.tests.dataset import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, upt, other_org, pemohon, pimpinan, kabid, staf, office):
    return build(org=org, upt=upt, other_org=other_org, pemohon=pemohon, pimpinan=pimpinan, kabid=kabid, staf=staf)


READERS = [roles.PIMPINAN, roles.KABID_IKP, roles.FUNGSIONAL_IKP, roles.ADMIN]
OTHERS = [roles.STAF_IKP, roles.PEMOHON, roles.PENGELOLA_PENGADUAN, roles.TIM_PENGADUAN]
PAGES = ["/evaluasi/", "/evaluasi/2026-11/", "/evaluasi/2026-11/paket.xlsx"]


@pytest.mark.parametrize("role", READERS + OTHERS)
def test_access_per_role(role, make_user, login, org):
    user = make_user(f"u_{role}", role, organization=org if role == roles.PEMOHON else None)
    client = login(user)
    expected = 200 if role in READERS else 403
    for page in PAGES:
        assert client.get(page).status_code == expected, page
    in_menu = any(link.key == "evaluation-dashboard" for link in links_for(user))
    assert in_menu is (role in READERS)


def test_a_superuser_reads_them_and_a_visitor_is_asked_to_sign_in(make_user, login, client, settings):
    boss = make_user("root", is_superuser=True)
    assert login(boss).get("/evaluasi/").status_code == 200
    response = client.get("/evaluasi/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=/evaluasi/")


def test_the_dashboard_shows_the_month_beside_the_month_before_and_a_year_before(world, kabid, login):
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, tzinfo=dt.UTC), tick=False):
        page = login(kabid).get("/evaluasi/").content.decode()
    assert "Evaluasi layanan November 2026" in page
    for month in ("November 2026", "Oktober 2026", "November 2025"):
        assert f'<th scope="col">{month}</th>' in page
    # received 7 / 1 / 1; the median minutes to publish 50 / 20 / 60
    assert "<td>7</td><td>1</td><td>1</td>" in page
    assert "<td>50</td><td>20</td><td>60</td>" in page


def test_every_chart_carries_its_table(world, kabid, login):
    page = login(kabid).get("/evaluasi/?bulan=2026-11").content.decode()
    figures = page.split('<figure class="eval-figure"')[1:]
    assert len(figures) == 8
    for figure in figures:
        body = figure.split("</figure>")[0]
        assert "<svg" in body and 'aria-hidden="true"' in body
        assert "<table" in body and "<caption>" in body
    channels = next(f for f in figures if 'id="chart-channels"' in f)
    assert '<th scope="row">Portal web</th><td>4</td><td>1</td><td>1</td>' in channels
    assert "<script" not in page.split("<main")[-1].split("</main>")[0]


def test_the_filters_and_their_errors(world, kabid, login, org):
    client = login(kabid)
    page = client.get(f"/evaluasi/?bulan=2026-11&organisasi={org.code}").content.decode()
    assert "<td>6</td>" in page  # Dinkes with its UPT
    bad = client.get("/evaluasi/?bulan=2026-13&organisasi=nope&platform=myspace")
    assert bad.status_code == 400
    text = bad.content.decode()
    for message in ("Bulan tidak valid", "Organisasi tidak dikenal", "Platform tidak dikenal"):
        assert message in text
    assert 'value="2026-13"' in text  # the input is kept


def test_the_pack_page_pdf_and_workbook(world, kabid, login):
    from openpyxl import load_workbook

    client = login(kabid)
    page = client.get("/evaluasi/2026-11/")
    assert page.status_code == 200 and "Paket evaluasi November 2026" in page.content.decode()
    assert client.get("/evaluasi/2026-13/").status_code == 404
    pdf = client.get("/evaluasi/2026-11/paket.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dinas Komunikasi dan Informatika".upper() in text.upper()  # the letterhead
    assert "BAHAN RAPAT EVALUASI BULANAN" in text
    xlsx = client.get("/evaluasi/2026-11/paket.xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="paket-evaluasi-2026-11.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1:4] for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Permohonan diterima"] == (7, 1, 1)
    assert summary["Waktu sampai dipublikasikan, median"] == (50, 20, 60)
    listed = list(book["Permohonan"].iter_rows(values_only=True))
    assert len(listed) == 1 + 7
    minutes = {row[0]: (row[8], row[9]) for row in listed[1:]}
    b = world.requests["B"].number
    assert minutes[b] == (45, 60)


def test_a_large_month_is_built_in_the_worker(world, kabid, login, monkeypatch, django_capture_on_commit_callbacks):
    from warta.core.downloads.models import Download
    from warta.evaluation import pack

    monkeypatch.setattr(pack, "INLINE_PACK_MAX_REQUESTS", 3)
    client = login(kabid)
    page = client.get("/evaluasi/2026-11/paket.xlsx")
    assert page.status_code == 200 and "Bulan ini memiliki 7 permohonan" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post("/evaluasi/2026-11/paket.xlsx")
    download = Download.objects.get()
    assert queued["Location"] == reverse("download", kwargs={"pk": download.pk})
    download.refresh_from_db()
    assert download.status == Download.Status.READY  # the immediate task backend built it
    assert download.filename == "paket-evaluasi-2026-11.xlsx"


def test_transparency_pages_are_public(world, client):
    year = client.get("/transparansi/2026/")
    assert year.status_code == 200
    text = year.content.decode()
    assert "Transparansi layanan 2026" in text
    month = client.get("/transparansi/2026-11/").content.decode()
    assert "Transparansi layanan November 2026" in month
    assert "<strong>7</strong>" in month and "<strong>3</strong>" in month
    assert "<strong>66,7%</strong>" in month  # 2 of 3 published within the hour
    assert client.get("/transparansi/2026-13/").status_code == 404
    assert world.requests["A"].number not in month  # figures only
