"""The printable Lembar Disposisi: HTML print view and PDF, office staff only."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import pytest
from django.utils import timezone

from warta.accounts import roles
from warta.accounts.models import Delegation
from warta.desk import transitions
from warta.desk.models import Status
from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def disposed(office, org, make_user, pimpinan, kabid, staf):
    office.website = "https://dinkominfo.purbalinggakab.go.id"
    office.save()
    plh = make_user("sekdin", first_name="Sekretaris Dinas")
    Delegation.objects.create(
        delegate=plh,
        role=roles.PIMPINAN,
        on_behalf_of=pimpinan,
        kind="plh",
        starts_on=timezone.localdate() - dt.timedelta(days=1),
        ends_on=timezone.localdate() + dt.timedelta(days=1),
    )
    req = make_request(
        org,
        Status.SUBMITTED,
        channel="letter",
        title="Publikasi Gebyar Posyandu",
        letter_number="400.7/55/2026",
        letter_date=dt.date(2026, 3, 2),
        letter_signatory="dr. Hanung Wikantono",
        letter_signed=True,
        letter_stamped=True,
        agenda_number="AG-2026-0042",
    )
    transitions.perform(req, "dispose", plh, {"note": "Segera tindak lanjuti"})
    transitions.perform(req, "assign", kabid, {"assignee": staf, "instruction": "Buat carousel 5 slide"})
    req.refresh_from_db()
    return req


def test_html_sheet(login, staf, disposed):
    response = login(staf).get(f"/permohonan/{disposed.number}/disposisi/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "LEMBAR DISPOSISI" in text
    assert "Pemerintah Kabupaten Purbalingga" in text and "Dinas Komunikasi dan Informatika" in text
    assert "Jl. Jenderal Sudirman No. 1, Purbalingga" in text and "(0281) 8902091" in text
    assert "dinkominfo@purbalinggakab.go.id" in text and "https://dinkominfo.purbalinggakab.go.id" in text
    assert disposed.number in text and "AG-2026-0042" in text
    assert "Dinas Kesehatan" in text and "400.7/55/2026" in text and "2 Maret 2026" in text
    assert "dr. Hanung Wikantono" in text and "Publikasi Gebyar Posyandu" in text
    # a box per disposition step, with the person (a.n.), time and instruction
    assert text.count('class="box step-') == 2
    assert "Sekretaris Dinas" in text and "a.n. Kepala Dinas" in text and "Segera tindak lanjuti" in text
    assert "Kabid IKP" in text and "Staf Satu" in text and "Buat carousel 5 slide" in text
    assert "Cetak" in text  # the print button (hidden when printing)


def test_pdf_sheet(login, kabid, disposed):
    response = login(kabid).get(f"/permohonan/{disposed.number}/disposisi.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
    assert disposed.number in response["Content-Disposition"]


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with its compressed streams inflated, to read its objects back."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_is_the_same_sheet(login, kabid, disposed):
    """The PDF is rendered from the sheet's template: its title names the request, on one A4 page."""
    pdf = login(kabid).get(f"/permohonan/{disposed.number}/disposisi.pdf").content
    objects = _pdf_objects(pdf)
    assert f"/Title (Lembar Disposisi {disposed.number})".encode() in objects
    assert b"/Count 1" in objects
    assert b"/MediaBox [0 0 595.275591 841.889764]" in objects  # A4


def test_operator_refused(login, pemohon, disposed):
    client = login(pemohon)
    assert client.get(f"/permohonan/{disposed.number}/disposisi/").status_code == 403
    assert client.get(f"/permohonan/{disposed.number}/disposisi.pdf").status_code == 403


def test_outsider_404(login, pemohon_other, disposed):
    assert login(pemohon_other).get(f"/permohonan/{disposed.number}/disposisi/").status_code == 404


def test_sheet_link_on_the_request_page_for_staff(login, staf, disposed):
    text = login(staf).get(disposed.get_absolute_url()).content.decode()
    assert f"/permohonan/{disposed.number}/disposisi/" in text


def test_sheet_post_not_allowed(login, staf, disposed):
    assert login(staf).post(f"/permohonan/{disposed.number}/disposisi/").status_code == 405
