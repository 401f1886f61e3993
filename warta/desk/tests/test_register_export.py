"""The desk list as CSV and XLSX: the rows the list shows (filters applied, every page), and text
that a spreadsheet would run as a formula written as text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from warta.desk import register
from warta.desk.models import Status
from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="permohonan-')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == register.XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Pekan Imunisasi = sehat", "Pekan Imunisasi = sehat"),
        ("", ""),
        (None, None),
        (5, 5),
    ],
)
def test_safe_cell(value, expected):
    assert register.safe_cell(value) == expected


def test_csv_and_xlsx_carry_the_filtered_list(office, login, kabid, staf, org, other_org):
    make_request(org, Status.SUBMITTED, title="Dinkes masuk")
    make_request(org, Status.ASSIGNED, assignee=staf, title="Dinkes dikerjakan")
    make_request(org, Status.AT_DIVISION, title="Dinkes di bidang")
    make_request(other_org, Status.SUBMITTED, title="Dindik masuk")
    make_request(org, Status.PUBLISHED, assignee=staf, title="Dinkes selesai")
    client = login(kabid)
    query = {"status": "open", "organization": org.pk}
    shown = client.get("/beranda/", query).content.decode()
    assert "Dinkes masuk" in shown and "Dinkes dikerjakan" in shown and "Dindik masuk" not in shown
    assert "format=csv" in shown and "format=xlsx" in shown

    table = read_csv(client.get("/beranda/", {**query, "format": "csv"}))
    assert table[0] == [
        "Nomor", "Judul", "Organisasi", "Saluran", "Status", "Waktu layanan", "Diterima", "Tenggat", "Pelaksana",
    ]  # fmt: skip
    titles = sorted(row[1] for row in table[1:])
    assert titles == ["Dinkes di bidang", "Dinkes dikerjakan", "Dinkes masuk"]
    by_title = {row[1]: row for row in table[1:]}
    assert by_title["Dinkes dikerjakan"][2] == "Dinas Kesehatan"
    assert by_title["Dinkes dikerjakan"][8] == "Staf Satu"
    assert by_title["Dinkes masuk"][4] == str(Status.SUBMITTED.label)

    sheet = read_xlsx(client.get("/beranda/", {**query, "format": "xlsx"}))
    assert sheet[0][:2] == ["Nomor", "Judul"]
    assert sorted(row[1] for row in sheet[1:]) == titles

    # Without a filter, the list (and the file) is what waits for the kabid.
    shown = client.get("/beranda/").content.decode()
    assert "Dinkes di bidang" in shown and "Dinkes masuk" not in shown
    waiting = read_csv(client.get("/beranda/", {"format": "csv"}))
    assert [row[1] for row in waiting[1:]] == ["Dinkes di bidang"]


def test_every_page_is_exported(office, login, kabid, org, monkeypatch):
    from warta.desk import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(5):
        make_request(org, Status.SUBMITTED, title=f"Permohonan {n}")
    client = login(kabid)
    shown = client.get("/beranda/", {"status": "submitted"}).content.decode()
    assert "Halaman 1 dari 3" in shown
    assert len(read_csv(client.get("/beranda/", {"status": "submitted", "format": "csv"}))) == 1 + 5


def test_a_formula_in_a_title_stays_text(office, login, kabid, org):
    make_request(org, Status.SUBMITTED, title='=HYPERLINK("http://jahat.example","klik")')
    make_request(org, Status.SUBMITTED, title="@Pekan Imunisasi")
    client = login(kabid)
    table = read_csv(client.get("/beranda/", {"status": "submitted", "format": "csv"}))
    titles = sorted(row[1] for row in table[1:])
    assert titles == ['\'=HYPERLINK("http://jahat.example","klik")', "'@Pekan Imunisasi"]
    from openpyxl import load_workbook as load

    response = client.get("/beranda/", {"status": "submitted", "format": "xlsx"})
    sheet = load(io.BytesIO(response.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in cells} == {"s"}
    assert sorted(cell.value for cell in cells) == titles


def test_the_applicant_exports_only_their_organisation(office, login, pemohon, org, other_org):
    make_request(org, Status.SUBMITTED, title="Milik kami")
    make_request(other_org, Status.SUBMITTED, title="Milik orang lain")
    table = read_csv(login(pemohon).get("/beranda/", {"format": "csv"}))
    assert table[0] == ["Nomor", "Judul", "Status", "Waktu layanan", "Diterima", "Tenggat"]
    assert [row[1] for row in table[1:]] == ["Milik kami"]


def test_export_needs_a_login(client, office):
    response = client.get("/beranda/", {"format": "csv"})
    assert response.status_code == 302 and "/masuk/" in response["Location"]
