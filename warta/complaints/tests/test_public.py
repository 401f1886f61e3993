"""The public form /pengaduan/ (anonymous allowed, confidentiality, flood protection, attachments)
and the tracking page /pengaduan/lacak/ (status and answer, never the identity; reopening)."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.test import Client

from warta.complaints import transitions
from warta.complaints.models import Complaint, ComplaintAttachment
from warta.complaints.tests.support import make_complaint

pytestmark = pytest.mark.django_db
URL = "/pengaduan/"
TRACK = "/pengaduan/lacak/"


def png() -> io.BytesIO:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "foto.png"
    return buffer


@pytest.fixture
def no_min_fill(settings):
    settings.SKM_MIN_FILL_SECONDS = 0
    return settings


def fresh_token(client: Client) -> str:
    page = client.get(URL).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def form(**overrides) -> dict:
    data = {"kind": "complaint", "title": "Unggahan salah tanggal", "body": "Tanggal acara di poster keliru."}
    data.update(overrides)
    return data


def test_an_anonymous_complaint_gets_a_number_and_a_code(client, office, no_min_fill):
    response = client.post(URL, {**form(), "form_token": fresh_token(client)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.number in page
    code = re.search(r'data-testid="tracking-code">([A-Z0-9]+)<', page).group(1)
    assert complaint.check_tracking_code(code)
    assert (complaint.status, complaint.channel, complaint.anonymous) == ("received", "web", True)
    assert complaint.events.get().actor_label == "Pengadu (kode lacak)"


def test_confidentiality_and_related_request_are_kept(client, office, no_min_fill, pemohon, org):
    from warta.desk.tests.test_api_support import make_request

    req = make_request(org, "published")
    data = form(contact_name="Budi", contact_email="budi@example.org", confidential="on", related_request=req.number)
    assert client.post(URL, {**data, "form_token": fresh_token(client)}).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.confidential and complaint.contact_name == "Budi" and complaint.related_request == req


def test_errors_name_the_field_and_keep_nothing(client, office, no_min_fill):
    response = client.post(URL, {**form(related_request="PUB-2020-99999"), "form_token": fresh_token(client)})
    assert response.status_code == 422
    assert "Nomor permohonan tidak ditemukan." in response.content.decode()
    response = client.post(URL, {**form(title=""), "form_token": fresh_token(client)})
    assert response.status_code == 422
    assert 'id="id_title_error"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_attachments_go_through_the_upload_check(client, office, no_min_fill):
    bad = io.BytesIO(b"MZ not an image")
    bad.name = "foto.png"
    response = client.post(URL, {**form(), "attachment": bad, "form_token": fresh_token(client)})
    assert response.status_code == 422
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()
    assert client.post(URL, {**form(), "attachment": png(), "form_token": fresh_token(client)}).status_code == 302
    assert ComplaintAttachment.objects.get().content_type == "image/png"


def test_the_honeypot_keeps_nothing(client, office, no_min_fill):
    response = client.post(URL, {**form(), "website": "http://spam", "form_token": fresh_token(client)})
    assert response.status_code == 302
    assert not Complaint.objects.exists()


def test_a_form_sent_too_fast_or_without_a_token_is_refused(client, office, settings):
    settings.SKM_MIN_FILL_SECONDS = 5
    with time_machine.travel("2026-05-04 09:00:00+07:00", tick=False) as traveller:
        token = fresh_token(client)
        traveller.shift(1)
        assert "terlalu cepat" in client.post(URL, {**form(), "form_token": token}).content.decode()
        assert "tidak dikenali" in client.post(URL, form()).content.decode()
        traveller.shift(10)
        assert client.post(URL, {**form(), "form_token": token}).status_code == 302
    assert Complaint.objects.count() == 1


@time_machine.travel("2026-05-04 09:00:30+07:00", tick=False)
def test_rate_limit_per_address(client, office, no_min_fill, settings):
    settings.COMPLAINT_RATE_LIMIT = (2, 600)
    for _ in range(2):
        assert client.post(URL, {**form(), "form_token": fresh_token(client)}).status_code == 302
    response = client.post(URL, {**form(), "form_token": fresh_token(client)})
    assert response.status_code == 429
    assert "Terlalu banyak kiriman" in response.content.decode()
    assert Complaint.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(URL, {**form(), "form_token": fresh_token(other)}).status_code == 302


def _code(complaint: Complaint) -> str:
    return complaint.raw_tracking_code  # type: ignore[attr-defined]


def test_tracking_shows_status_and_answer_but_no_identity(client, office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "received")
    code = _code(complaint)
    transitions.perform(complaint, "classify", pengelola, {"tier": "light", "category": "pelayanan"})
    transitions.perform(complaint, "assign", pengelola, {"assignee": "tim"})
    transitions.perform(complaint, "answer", tim, {"text": "Loket kedua kini dibuka sejak pukul 07.30."})
    transitions.perform(complaint, "approve", pengelola)
    transitions.perform(complaint, "deliver", pengelola, {"channel": "email"})
    wrong = client.post(TRACK, {"number": complaint.number, "code": "SALAH"})
    assert wrong.status_code == 404 and "tidak cocok" in wrong.content.decode()
    page = client.post(TRACK, {"number": complaint.number.lower(), "code": code.lower()}).content.decode()
    assert "Loket kedua kini dibuka" in page
    assert "Dijawab" in page
    for secret in ("Siti", "081234567890", "siti@example.org", "Antrean loket lama", pengelola.display_name):
        assert secret not in page


def test_the_complainant_reopens_within_the_window(client, office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "received")
    code = _code(complaint)
    for action, data in (
        ("classify", {"tier": "light", "category": "pelayanan"}),
        ("assign", {"assignee": "tim"}),
    ):
        transitions.perform(complaint, action, pengelola, data)
    transitions.perform(complaint, "answer", tim, {"text": "Sudah kami perbaiki."})
    transitions.perform(complaint, "approve", pengelola)
    transitions.perform(complaint, "deliver", pengelola, {"channel": "email"})
    base = {"number": complaint.number, "code": code, "move": "reopen"}
    empty = client.post(TRACK, {**base, "note": ""})
    assert empty.status_code == 422 and "Tuliskan alasan" in empty.content.decode()
    assert client.post(TRACK, {**base, "note": "Belum berubah."}).status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == "in_progress"
    assert complaint.events.last().actor_label == "Pengadu (kode lacak)"
    # A move not offered to the complainant is not found.
    assert client.post(TRACK, {**base, "move": "close"}).status_code == 404


def test_tracking_is_rate_limited(client, office, settings):
    settings.COMPLAINT_RATE_LIMIT = (3, 600)
    for _ in range(3):
        client.post(TRACK, {"number": "ADU-2026-00001", "code": "AAAA"})
    assert client.post(TRACK, {"number": "ADU-2026-00001", "code": "AAAA"}).status_code == 429


def test_the_form_lists_the_standards_channels_by_their_codes(client, office):
    from warta.standards.importer import import_standard
    from warta.standards.tests.real_standard import REAL

    page = client.get(URL).content.decode()
    assert "Rahasiakan identitas saya" in page
    assert "data-channel=" not in page  # no standard imported yet: no list
    import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name)
    page = client.get(URL).content.decode()
    for code in ("whatsapp", "phone", "email", "sp4n_lapor", "instagram"):
        assert f'data-channel="{code}"' in page, code
