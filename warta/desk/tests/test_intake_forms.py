"""The intake forms as a new user meets them: a one-use key (Back then send again), the question
about a similar request, files kept across a form error, every error at once, required fields marked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from warta.desk import intake
from warta.desk.models import Attachment, FormKey, PendingUpload, PublicationRequest, Status
from warta.desk.tests.test_api_support import PDF, PNG
from warta.desk.tests.test_views_intake import LOG_URL, URL, log_data, portal_data

pytestmark = pytest.mark.django_db

KEY = "k" * 43


def png(name="poster.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def storage():
    return Attachment._meta.get_field("file").storage


def form_key_of(html: str) -> str:
    match = re.search(r'name="form_key" value="([^"]+)"', html)
    assert match, "the form carries no one-use key"
    return match.group(1)


# --- the one-use key -------------------------------------------------------------------------


def test_the_form_carries_a_new_one_use_key_each_time(office, login, pemohon):
    client = login(pemohon)
    first, second = form_key_of(client.get(URL).content.decode()), form_key_of(client.get(URL).content.decode())
    assert first != second and len(first) >= 32


def test_back_then_send_again_shows_the_first_request(office, login, pemohon, org):
    client = login(pemohon)
    key = form_key_of(client.get(URL).content.decode())
    first = client.post(URL, portal_data(org, form_key=key))
    req = PublicationRequest.objects.get()
    assert first.status_code == 302 and req.status == Status.SUBMITTED

    again = client.post(URL, portal_data(org, form_key=key), follow=True)
    assert PublicationRequest.objects.count() == 1
    assert again.redirect_chain[0][0] == req.get_absolute_url()
    assert f"Formulir ini sudah terkirim sebagai {req.number}" in again.content.decode()


def test_the_key_made_no_request_while_the_form_had_errors(office, login, pemohon, org):
    client = login(pemohon)
    assert client.post(URL, portal_data(org, title="", form_key=KEY)).status_code == 422
    assert not FormKey.objects.exists()
    assert client.post(URL, portal_data(org, form_key=KEY)).status_code == 302
    assert PublicationRequest.objects.count() == 1
    assert FormKey.objects.get().request == PublicationRequest.objects.get()


def test_a_key_is_tied_to_its_user(office, login, pemohon, make_user, org):
    from warta.accounts import roles

    colleague = make_user("op_dinkes2", roles.PEMOHON, organization=org)
    login(pemohon).post(URL, portal_data(org, form_key=KEY))
    first = PublicationRequest.objects.get()
    # Another person's form with the same key is not answered with the first person's request.
    response = login(colleague).post(URL, portal_data(org, form_key=KEY, title="Lain"))
    assert response.status_code == 302 and first.number not in response["Location"]
    assert PublicationRequest.objects.count() == 2


def test_the_key_is_claimed_with_the_request_when_two_sends_race(office, pemohon, org):
    """Two sends of one form that both passed the first look: the second rolls back whole."""
    fields = {"title": "Sama", "caption": "x", "platforms": ["instagram"], "contact_name": "A", "contact_phone": "0812"}
    first = intake.create_request(user=pemohon, organization=org, fields=fields, form_key=KEY)
    with pytest.raises(intake.FormKeyUsed) as used:
        intake.create_request(
            user=pemohon, organization=org, fields=fields, uploads=[intake.Upload(png())], form_key=KEY
        )
    assert used.value.request == first
    assert PublicationRequest.objects.count() == 1 and Attachment.objects.count() == 0


def test_staff_logging_has_the_one_use_key_too(office, login, staf, org):
    client = login(staf)
    key = form_key_of(client.get(LOG_URL).content.decode())
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    assert client.post(LOG_URL, log_data(org, evidence=scan, form_key=key)).status_code == 302
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    again = client.post(LOG_URL, log_data(org, evidence=scan, form_key=key))
    assert again.status_code == 302 and again["Location"] == PublicationRequest.objects.get().get_absolute_url()
    assert PublicationRequest.objects.count() == 1 and Attachment.objects.count() == 1


# --- a similar request -----------------------------------------------------------------------


def test_same_title_same_organisation_within_a_day_asks_first(office, login, pemohon, org):
    client = login(pemohon)
    client.post(URL, portal_data(org))
    first = PublicationRequest.objects.get()

    response = client.post(URL, portal_data(org, title="  vaksinasi hpv DI SEKOLAH ", caption="Teks baru"))
    assert response.status_code == 422
    text = response.content.decode()
    assert f"Permohonan serupa sudah ada ({first.number}) — tetap kirim?" in text
    assert 'name="confirm_duplicate"' in text and first.get_absolute_url() in text
    # what the user typed is kept
    assert "Teks baru" in text and 'value="081234567890"' in text
    assert PublicationRequest.objects.count() == 1

    confirmed = client.post(URL, portal_data(org, caption="Teks baru", confirm_duplicate="on"))
    assert confirmed.status_code == 302
    assert PublicationRequest.objects.count() == 2


def test_no_question_after_a_day_or_for_another_organisation(office, login, pemohon, org, upt):
    client = login(pemohon)
    client.post(URL, portal_data(org))
    assert client.post(URL, portal_data(upt)).status_code == 302  # another organisation (its UPT)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        client.force_login(pemohon)  # a session idle for a day has ended (WARTA_SESSION_IDLE_HOURS)
        assert client.post(URL, portal_data(org)).status_code == 302
    assert PublicationRequest.objects.count() == 3


def test_staff_logging_asks_about_a_similar_request(office, login, staf, pemohon, org):
    login(pemohon).post(URL, portal_data(org, title="Peringatan Hari Kesehatan Nasional"))
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    response = login(staf).post(LOG_URL, log_data(org, evidence=scan))
    assert response.status_code == 422
    assert "Permohonan serupa sudah ada (PUB-" in response.content.decode()


# --- files kept across a form error ----------------------------------------------------------


def test_a_checked_file_is_kept_when_another_field_fails(office, login, pemohon, org):
    client = login(pemohon)
    response = client.post(URL, portal_data(org, title="", form_key=KEY, media_1=png("poster-hpv.png"), alt_1="Poster"))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_title_error"' in text
    kept = PendingUpload.objects.get()
    assert (kept.slot, kept.original_name, kept.user) == ("media_1", "poster-hpv.png", pemohon)
    assert storage().exists(kept.stored_name)
    assert "Sudah terunggah:" in text and "poster-hpv.png" in text and 'name="discard_media_1"' in text
    assert not Attachment.objects.exists()

    # fixed, sent without choosing the file again: the kept file becomes the attachment
    response = client.post(URL, portal_data(org, form_key=KEY, alt_1="Poster"))
    assert response.status_code == 302
    attachment = PublicationRequest.objects.get().attachments.get()
    assert attachment.original_name == "poster-hpv.png" and attachment.alt_text == "Poster"
    # the very files kept (stored as every upload is: random name, thumbnail) become the attachment's
    assert attachment.file.name == kept.stored_name and storage().exists(kept.stored_name)
    assert kept.thumbnail and attachment.thumbnail.name == kept.thumbnail
    assert "poster" not in kept.stored_name
    assert not PendingUpload.objects.exists()


def test_the_image_kept_still_needs_its_alt_text(office, login, pemohon, org):
    client = login(pemohon)
    client.post(URL, portal_data(org, title="", form_key=KEY, media_1=png()))
    assert PendingUpload.objects.count() == 1  # the alt text's error is not the file's
    response = client.post(URL, portal_data(org, form_key=KEY))
    assert response.status_code == 422
    assert "Isi teks alternatif untuk gambar ini." in response.content.decode()
    assert not PublicationRequest.objects.exists()


def test_a_refused_file_is_not_kept(office, login, pemohon, org):
    fake = SimpleUploadedFile("poster.jpg", b"only text", content_type="image/jpeg")
    response = login(pemohon).post(URL, portal_data(org, title="", form_key=KEY, media_1=fake, alt_1="x"))
    assert response.status_code == 422
    assert not PendingUpload.objects.exists()
    assert "Sudah terunggah" not in response.content.decode()


def test_a_kept_file_can_be_removed_or_replaced(office, login, pemohon, org):
    client = login(pemohon)
    client.post(URL, portal_data(org, title="", form_key=KEY, media_1=png("a.png"), alt_1="A"))
    old = PendingUpload.objects.get()
    client.post(URL, portal_data(org, title="", form_key=KEY, media_1=png("b.png"), alt_1="B"))
    new = PendingUpload.objects.get()
    assert new.original_name == "b.png" and not storage().exists(old.stored_name)

    response = client.post(URL, portal_data(org, form_key=KEY, discard_media_1="1"))
    assert response.status_code == 302
    assert not PendingUpload.objects.exists() and not storage().exists(new.stored_name)
    assert not Attachment.objects.exists()


def test_a_kept_file_waits_through_a_missing_requirement(office, login, staf, org):
    """Errors found at submit (here the contact) keep the file too; the letter scan is the evidence."""
    client = login(staf)
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    response = client.post(LOG_URL, log_data(org, contact_phone="", evidence=scan, form_key=KEY))
    assert response.status_code == 422
    assert "Isi nomor WhatsApp atau e-mail narahubung." in response.content.decode()
    assert PendingUpload.objects.get().slot == "evidence"
    response = client.post(LOG_URL, log_data(org, form_key=KEY))
    assert response.status_code == 302
    req = PublicationRequest.objects.get()
    assert req.status == Status.SUBMITTED  # the kept scan counts: not parked as a draft
    assert req.attachments.get().kind == Attachment.Kind.LETTER_SCAN


def test_kept_files_are_another_users_to_nobody(office, login, pemohon, make_user, org):
    from warta.accounts import roles

    colleague = make_user("op_dinkes2", roles.PEMOHON, organization=org)
    login(pemohon).post(URL, portal_data(org, title="", form_key=KEY, media_1=png("rahasia.png"), alt_1="x"))
    response = login(colleague).post(URL, portal_data(org, title="", form_key=KEY))
    assert "rahasia.png" not in response.content.decode()


def test_abandoned_files_are_removed_after_a_day(office, login, pemohon, org):
    client = login(pemohon)
    client.post(URL, portal_data(org, title="", form_key=KEY, media_1=png(), alt_1="x"))
    kept = PendingUpload.objects.get()
    call_command("clean_pending_uploads")
    assert PendingUpload.objects.filter(pk=kept.pk).exists()  # not a day old yet
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        call_command("clean_pending_uploads")
    assert not PendingUpload.objects.exists()
    assert not storage().exists(kept.stored_name) and not storage().exists(kept.thumbnail)


def test_old_form_keys_are_removed_with_them(office, login, pemohon, org):
    login(pemohon).post(URL, portal_data(org, form_key=KEY))
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert intake.clean_abandoned() == (0, 1)
    assert PublicationRequest.objects.count() == 1


# --- every error at once, required fields marked ---------------------------------------------


def test_an_empty_form_shows_every_error_at_once(office, login, pemohon, org):
    response = login(pemohon).post(
        URL, {"organization": str(org.pk), "contact_name": "", "contact_phone": "", "contact_email": "", "submit": "1"}
    )
    assert response.status_code == 422
    text = response.content.decode()
    for field, message in [
        ("title", "Bidang ini tidak boleh kosong"),
        ("caption", "Keterangan/caption wajib diisi."),
        ("platforms", "Pilih sedikitnya satu platform tujuan."),
        ("contact_name", "Bidang ini tidak boleh kosong"),
        ("contact_phone", "Isi nomor WhatsApp atau e-mail narahubung."),
    ]:
        assert f'id="id_{field}_error"' in text, field
        assert message in text
    summary = text[text.index('class="errors error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Periksa kembali isian yang ditandai." in summary and summary.count("<li>") == 5
    assert 'href="#id_platforms_group"' in text and 'href="#id_caption"' in text


def test_a_letter_shows_its_missing_items_with_the_rest(office, login, staf, org):
    data = log_data(org, title="", letter_number="", letter_stamped="")
    response = login(staf).post(LOG_URL, data)
    text = response.content.decode()
    assert response.status_code == 422
    for field in ("title", "letter_number", "letter_stamped"):
        assert f'id="id_{field}_error"' in text, field


def test_a_draft_needs_only_the_title_and_contact_name(office, login, pemohon, org):
    response = login(pemohon).post(URL, {**portal_data(org, caption="", platforms=[]), "draft": "1"})
    assert response.status_code == 302
    assert PublicationRequest.objects.get().status == Status.DRAFT


def test_a_too_long_caption_opens_the_platform_captions(office, login, pemohon, org):
    response = login(pemohon).post(URL, portal_data(org, caption="x" * 300, platforms=["x"]))
    text = response.content.decode()
    assert '<details class="captions" open>' in text
    assert 'id="id_caption_x_error"' in text and "(sekarang 300)" in text


def test_required_fields_are_marked(office, login, pemohon, staf):
    text = login(pemohon).get(URL).content.decode()
    for name in ("title", "caption", "contact_name"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', text)
        assert tag and " required" in tag.group(0), name
        assert re.search(rf'<label for="id_{name}">[^<]*<span aria-hidden="true" class="req">\*</span>', text), name
    assert re.search(r'<legend>Platform tujuan <span aria-hidden="true" class="req">\*</span>', text)
    assert re.search(r'<label for="id_contact_email">[^<]*</label>', text)  # optional: no mark
    staff_text = login(staf).get(LOG_URL).content.decode()
    for name in ("organization", "channel", "received_at"):
        assert re.search(rf'<label for="id_{name}">[^<]*<span aria-hidden="true" class="req">\*</span>', staff_text)


def test_caption_limits_reach_the_page_script_from_the_table(office, login, pemohon):
    from warta.desk.models import CAPTION_LIMITS

    text = login(pemohon).get(URL).content.decode()
    assert 'src="/static/desk/forms.js"' in text and "<script>" not in text
    match = re.search(r'data-caption-limits="([^"]+)"', text)
    import html
    import json

    assert json.loads(html.unescape(match.group(1))) == dict(CAPTION_LIMITS)
    assert 'data-platform="x" data-limit="280"' in text.replace('maxlength="280" ', "")


def test_the_form_states_the_size_limit(office, login, pemohon, settings):
    settings.WARTA_MAX_UPLOAD_MB = 30
    assert "Paling besar 30 MB per berkas." in login(pemohon).get(URL).content.decode()
