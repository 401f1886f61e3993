"""The portal form (OPD operator) and staff logging: happy paths, errors in Indonesian, drafts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from warta.core.tests import samples
from warta.desk.models import Attachment, Event, PublicationRequest, Status
from warta.desk.tests.test_api_support import PDF, PNG

pytestmark = pytest.mark.django_db

URL = "/permohonan/baru/"
LOG_URL = "/permohonan/catat/"


def portal_data(org, **extra):
    data = {
        "organization": str(org.pk),
        "title": "Vaksinasi HPV di sekolah",
        "caption": "Ayo vaksinasi HPV untuk siswi kelas 5 dan 6.",
        "platforms": ["instagram", "x"],
        "contact_name": "Rina Operator",
        "contact_phone": "081234567890",
        "contact_email": "rina@dinkes.example.go.id",
        "links": "https://dinkes.purbalinggakab.go.id/hpv",
        "submit": "1",
    }
    data.update(extra)
    return data


def png(name="poster.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_portal_form_shows_fields_prefilled_and_privacy_notice(office, login, pemohon, upt):
    response = login(pemohon).get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ajukan permohonan publikasi" in text
    assert 'value="op_dinkes@example.go.id"' in text  # contact e-mail prefilled from the user
    assert "Pemberitahuan privasi" in text
    assert "Simpan draf" in text and ">Ajukan<" in text
    # a parent-OPD operator may ask for one of its UPTs
    assert "Puskesmas Bojongsari" in text and "Dinas Kesehatan" in text


def test_portal_form_reads_the_roles_once(office, login, pemohon):
    """The view and the navigation share one reading of the user's roles and delegations."""
    client = login(pemohon)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert sum("accounts_delegation" in q["sql"] for q in queries) == 1, [q["sql"] for q in queries]


def test_portal_submit_creates_and_shows_receipt_once(office, login, pemohon, org, django_capture_on_commit_callbacks):
    client = login(pemohon)
    data = portal_data(org, media_1=png(), alt_1="Poster vaksinasi HPV")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    req = PublicationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("request-receipt", kwargs={"number": req.number})
    assert req.status == Status.SUBMITTED
    assert req.channel == "web" and req.organization == org
    assert req.platforms == ["instagram", "x"]
    assert req.links == ["https://dinkes.purbalinggakab.go.id/hpv"]
    attachment = req.attachments.get()
    assert attachment.alt_text == "Poster vaksinasi HPV" and attachment.content_type == "image/png"
    assert list(req.events.values_list("action", flat=True)) == ["submit"]

    page = client.get(response["Location"])
    text = page.content.decode()
    assert req.number in text
    assert "Kode lacak" in text
    code = client.session.get("desk_receipt")  # consumed
    assert code is None
    # the code shown is the one that tracks the request, and the receipt e-mail carries the same
    receipt_mail = next(m for m in mail.outbox if req.number in m.subject)
    shown = next(w for w in receipt_mail.body.split() if len(w) == 8 and w.isupper() and w.isalnum())
    assert shown in text and req.check_tracking_code(shown)
    assert "/lacak/" in text
    # shown once: a reload no longer shows it
    again = client.get(response["Location"]).content.decode()
    assert shown not in again


def test_portal_upt_organisation(office, login, pemohon, upt):
    response = login(pemohon).post(URL, portal_data(upt))
    assert response.status_code == 302
    assert PublicationRequest.objects.get().organization == upt


def test_portal_refuses_another_organisation(office, login, pemohon, other_org):
    response = login(pemohon).post(URL, portal_data(other_org))
    assert response.status_code == 422
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not PublicationRequest.objects.exists()


def test_portal_errors_are_indonesian_next_to_fields_and_nothing_saved(office, login, pemohon, org):
    data = portal_data(org, title="", platforms=[], caption_x="x" * 281)
    response = login(pemohon).post(URL, data)
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_title_error"' in text and "Bidang ini tidak boleh kosong" in text
    assert 'id="id_caption_x_error"' in text and "paling banyak 280 karakter (sekarang 281)" in text
    assert not PublicationRequest.objects.exists()


def test_portal_missing_requirement_from_the_transition(office, login, pemohon, org):
    """Platforms are checked by the requirements at submit: the error lands on its field."""
    response = login(pemohon).post(URL, portal_data(org, platforms=[]))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_platforms_error"' in text and "Pilih sedikitnya satu platform tujuan." in text
    assert not PublicationRequest.objects.exists()


def test_upload_refused_by_content(office, login, pemohon, org):
    fake = SimpleUploadedFile("poster.jpg", b"this is only text, not a picture", content_type="image/jpeg")
    response = login(pemohon).post(URL, portal_data(org, media_1=fake, alt_1="poster"))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_media_1_error"' in text
    assert "Isi berkas tidak dikenali sebagai jenis yang diizinkan" in text
    assert not PublicationRequest.objects.exists() and not Attachment.objects.exists()


def test_an_iphone_mov_is_taken_and_downloads_as_quicktime(office, login, pemohon, org, tmp_path):
    client = login(pemohon)
    real = samples.ffmpeg_mov(tmp_path)
    clip = SimpleUploadedFile("IMG_0042.MOV", real, content_type="video/quicktime")
    response = client.post(URL, portal_data(org, media_1=clip))
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = PublicationRequest.objects.get().attachments.get()
    assert (attachment.content_type, attachment.original_name) == ("video/quicktime", "IMG_0042.MOV")
    page = client.get(reverse("request-detail", kwargs={"number": attachment.request.number}))
    assert "IMG_0042.MOV" in page.content.decode()
    response = client.get(f"/permohonan/{attachment.request.number}/lampiran/{attachment.pk}/")
    assert response["Content-Type"] == "video/quicktime"
    assert b"".join(response.streaming_content) == real


def test_a_file_named_mov_that_is_not_a_video_is_refused(office, login, pemohon, org):
    fake = SimpleUploadedFile("IMG_0042.MOV", b"<html><script>alert(1)</script></html>", content_type="video/quicktime")
    response = login(pemohon).post(URL, portal_data(org, media_1=fake))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_media_1_error"' in text
    assert (
        "Isi berkas tidak dikenali sebagai jenis yang diizinkan (JPEG, PNG, WebP, MP4, MOV, PDF, 3GP, OGG (Opus))."
        in text
    )
    assert not PublicationRequest.objects.exists() and not Attachment.objects.exists()


def test_the_form_offers_mov_video(office, login, pemohon):
    text = login(pemohon).get(URL).content.decode()
    assert "Gambar (JPEG, PNG, WebP), video (MP4, MOV) atau PDF." in text
    field = re.search(r'<input type="file" name="media_1"[^>]*>', text)
    assert field is not None
    accept = re.search(r'accept="([^"]*)"', field.group(0))
    assert accept is not None and {"video/mp4", "video/quicktime"} <= set(accept.group(1).split(","))


def test_image_needs_alt_text(office, login, pemohon, org):
    response = login(pemohon).post(URL, portal_data(org, media_1=png()))
    assert response.status_code == 422
    assert "Isi teks alternatif untuk gambar ini." in response.content.decode()
    assert not PublicationRequest.objects.exists()


def test_portal_draft_keeps_no_clock(office, login, pemohon, org):
    client = login(pemohon)
    response = client.post(URL, {**portal_data(org, caption=""), "draft": "1"})
    req = PublicationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == req.get_absolute_url()
    assert req.status == Status.DRAFT and req.due_at is None and not req.events.exists()
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Keterangan/caption wajib diisi." in page  # what is missing, on the draft's page
    assert "Disimpan sebagai draf" in page


def test_staff_cannot_use_portal_form_but_is_sent_to_logging(office, login, staf):
    response = login(staf).get(URL)
    assert response.status_code == 302 and response["Location"] == LOG_URL


def test_role_without_desk_gets_403(office, login, pengelola):
    assert login(pengelola).get(URL).status_code == 403
    assert login(pengelola).get(LOG_URL).status_code == 403


def test_anonymous_is_sent_to_login(office, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_wrong_method(office, login, pemohon):
    assert login(pemohon).put(URL).status_code == 405


# --- staff logging ---------------------------------------------------------------------------


def log_data(org, **extra):
    received = timezone.localtime() - dt.timedelta(minutes=30)
    data = {
        "organization": str(org.pk),
        "channel": "letter",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "title": "Peringatan Hari Kesehatan Nasional",
        "caption": "Selamat Hari Kesehatan Nasional ke-61.",
        "platforms": ["instagram", "facebook"],
        "contact_name": "Bagus Sekretariat",
        "contact_phone": "081298765432",
        "letter_number": "400.7/123/2026",
        "letter_date": timezone.localdate().isoformat(),
        "letter_signatory": "dr. Kepala Dinas Kesehatan",
        "letter_signed": "on",
        "letter_stamped": "on",
        "agenda_number": "AG-77",
        "submit": "1",
    }
    data.update(extra)
    return data


def test_staff_logs_a_letter_with_its_scan(office, login, staf, org):
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    data = log_data(org, evidence=scan)
    response = login(staf).post(LOG_URL, data)
    req = PublicationRequest.objects.get()
    assert response.status_code == 302, response.content.decode()[:3000]
    assert req.status == Status.SUBMITTED and req.channel == "letter"
    assert req.letter_number == "400.7/123/2026" and req.agenda_number == "AG-77"
    assert req.attachments.get().kind == Attachment.Kind.LETTER_SCAN
    # the real time of receipt, to the minute, counts
    assert abs((req.received_at - (timezone.now() - dt.timedelta(minutes=30))).total_seconds()) < 120


def test_letter_without_scan_is_kept_as_draft_then_completed(office, login, staf, org):
    client = login(staf)
    response = client.post(LOG_URL, log_data(org))
    req = PublicationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == req.get_absolute_url()
    assert req.status == Status.DRAFT and req.due_at is None
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Disimpan sebagai draf" in page and "Unggah pindaian surat." in page

    # complete it: upload the scan, then submit from its page
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    upload = client.post(f"/permohonan/{req.number}/lampiran/", {"file": scan, "kind": "letter_scan"})
    assert upload.status_code == 302
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Unggah pindaian surat." not in page
    submit = client.post(f"/permohonan/{req.number}/aksi/submit/", {})
    assert submit.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED and req.due_at is not None
    assert Event.objects.filter(request=req, action="submit", from_status=Status.DRAFT).exists()


def test_staff_logging_refuses_a_future_time_of_receipt(office, login, staf, org):
    later = (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = login(staf).post(LOG_URL, log_data(org, received_at=later))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_received_at_error"' in text and "Waktu diterima tidak boleh di masa depan." in text
    assert not PublicationRequest.objects.exists()


def test_staff_logging_letter_fields_missing_shown_next_to_fields(office, login, staf, org):
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    response = login(staf).post(LOG_URL, log_data(org, letter_number="", letter_stamped="", evidence=scan))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_letter_number_error"' in text and "Nomor surat wajib diisi." in text
    assert 'id="id_letter_stamped_error"' in text
    assert not PublicationRequest.objects.exists()


def test_staff_logging_evidence_refused_by_content(office, login, staf, org):
    fake = SimpleUploadedFile("surat.pdf", b"only text, not a scan", content_type="application/pdf")
    response = login(staf).post(LOG_URL, log_data(org, evidence=fake))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_evidence_error"' in text and "Isi berkas tidak dikenali" in text
    assert not PublicationRequest.objects.exists() and not Attachment.objects.exists()


def test_staff_logs_a_whatsapp_chat_with_screenshot(office, login, kabid, org):
    shot = SimpleUploadedFile("chat.png", PNG, content_type="image/png")
    data = log_data(org, channel="whatsapp", evidence=shot)
    response = login(kabid).post(LOG_URL, data)
    assert response.status_code == 302
    req = PublicationRequest.objects.get()
    assert req.status == Status.SUBMITTED and req.letter_number == ""
    assert req.attachments.get().kind == Attachment.Kind.EVIDENCE


def test_operator_cannot_log(office, login, pemohon):
    assert login(pemohon).get(LOG_URL).status_code == 403


def test_staff_log_form_page(office, login, staf):
    text = login(staf).get(LOG_URL).content.decode()
    assert "Catat permohonan yang masuk" in text and "Nomor agenda surat masuk" in text
    assert "Pemberitahuan privasi" in text


def test_upload_file_objects_are_not_left_behind(office, login, pemohon, org):
    """A refused second file rolls back the whole request (no half-written record)."""
    good = png()
    bad = SimpleUploadedFile("b.pdf", io.BytesIO(b"%PDX not a pdf").read(), content_type="application/pdf")
    response = login(pemohon).post(URL, portal_data(org, media_1=good, alt_1="a", media_2=bad))
    assert response.status_code == 422
    assert not PublicationRequest.objects.exists() and not Attachment.objects.exists()
