"""`manage.py import_lapor FILE.csv` and the upload page: no duplicates, refused lines by number."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from warta.complaints.models import Complaint

pytestmark = pytest.mark.django_db

CSV = """tracking_id,received_at,title,body,category
LAPOR-1001,2026-03-02T09:15:00,Jalan berlubang,Unggahan menyebut jalan sudah diperbaiki,konten
LAPOR-1002,2026-03-02T10:00:00+00:00,Petugas tidak ramah,Di loket 2,Perilaku petugas
,2026-03-02T10:00:00,Tanpa nomor,Isi,
LAPOR-1003,kemarin,Waktu salah,Isi,
LAPOR-1001,2026-03-02T09:15:00,Ganda dalam berkas,Isi,
"""


def test_import_twice_adds_nothing_the_second_time(tmp_path, office):
    path = tmp_path / "lapor.csv"
    path.write_text(CSV, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_lapor", str(path), stdout=out, stderr=err)
    assert Complaint.objects.count() == 2
    first = Complaint.objects.get(lapor_tracking_id="LAPOR-1001")
    assert first.received_at.isoformat() == "2026-03-02T02:15:00+00:00"  # WIB when no offset
    assert (first.channel, first.status, first.category.code) == ("sp4n_lapor", "received", "konten")
    assert Complaint.objects.get(lapor_tracking_id="LAPOR-1002").category.code == "perilaku_petugas"
    assert "line 4: refused" in err.getvalue() and "line 5: refused" in err.getvalue()
    assert "line 6: LAPOR-1001 already recorded" in out.getvalue()
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_lapor", str(path), stdout=out, stderr=io.StringIO())
    assert Complaint.objects.count() == 2
    assert "0 created, 3 skipped, 2 refused" in out.getvalue()


def test_the_upload_page(login, office, pengelola, tim):
    client = login(pengelola)
    upload = io.BytesIO(CSV.encode())
    upload.name = "lapor.csv"
    page = client.post("/aduan/impor-lapor/", {"file": upload}).content.decode()
    assert "2 dicatat, 1 dilewati (sudah ada), 2 ditolak." in page
    assert "Baris 4:" in page and "Baris 5:" in page
    assert login(tim).get("/aduan/impor-lapor/").status_code == 403
