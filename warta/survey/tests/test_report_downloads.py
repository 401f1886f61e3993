"""A big period's report and tabulation are built in the worker, with a download link when ready."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from warta.core.downloads.models import Download
from warta.survey import views

from .conftest import make_response

SLUG = "publikasi-konten-media-sosial"


@pytest.fixture
def big(service, office, monkeypatch):
    """A period over the inline limit (the limit lowered so that three answers are 'many')."""
    for day in (3, 4, 5):
        make_response(service, dt.date(2026, 2, day), (4, 4, 3, 4, 4, 4, 4, 3, 4))
    monkeypatch.setattr(views, "INLINE_REPORT_MAX_ANSWERS", 2)
    return service


def test_small_periods_still_download_at_once(big, login, staf, monkeypatch):
    monkeypatch.setattr(views, "INLINE_REPORT_MAX_ANSWERS", 3)
    response = login(staf).get(f"/skm/kelola/{SLUG}/2026/laporan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert not Download.objects.exists()


@pytest.mark.parametrize(
    ("path", "filename", "content_type"),
    [
        ("laporan.pdf", "laporan-skm-publikasi-konten-media-sosial-2026.pdf", "application/pdf"),
        ("tabulasi.xlsx", "tabulasi-skm-publikasi-konten-media-sosial-2026.xlsx", "application/vnd.openxmlformats"),
    ],
)
def test_a_big_period_is_built_in_the_worker(
    big, login, staf, staf2, pemohon, path, filename, content_type, django_capture_on_commit_callbacks
):
    client = login(staf)
    url = f"/skm/kelola/{SLUG}/2026/{path}"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Periode ini memiliki 3 jawaban." in html
    assert f"Siapkan {filename}" in html and 'method="post"' in html
    assert not Download.objects.exists()  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    download = Download.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/unduhan/{download.pk}/"
    assert download.requested_by == staf
    assert download.status == Download.Status.READY  # the test queue runs the task at once
    assert download.filename == filename

    ready = client.get(response["Location"]).content.decode()
    assert "Berkas siap." in ready and f"Unduh {filename}" in ready
    file = login(staf2).get(f"/unduhan/{download.pk}/berkas")
    assert file.status_code == 200 and file["Content-Type"].startswith(content_type)
    content = b"".join(file.streaming_content)
    if path.endswith(".pdf"):
        assert content.startswith(b"%PDF-")
    else:
        rows = list(load_workbook(io.BytesIO(content))["Tabulasi"].iter_rows(values_only=True))
        assert len(rows) == 4  # the header and the three answers

    assert login(pemohon).get(f"/unduhan/{download.pk}/berkas").status_code == 404
    assert login(pemohon).post(url).status_code == 403


def test_the_page_shows_the_requesters_language(big, login, staf, django_capture_on_commit_callbacks):
    client = login(staf)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/skm/kelola/{SLUG}/2026/tabulasi.xlsx")
    assert Download.objects.get().params["language"] == "en"  # the worker renders in the requester's language
