"""The request page and the actions taken from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from warta.accounts import roles
from warta.accounts.models import Delegation
from warta.desk import transitions
from warta.desk.models import Attachment, Event, PublicationRequest, Status
from warta.desk.tests.test_api_support import PNG, make_request, submitted

pytestmark = pytest.mark.django_db


def action_url(req, action):
    return f"/permohonan/{req.number}/aksi/{action}/"


def page_of(client, req) -> str:
    response = client.get(req.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_operator_sees_content_attachments_sla_and_timeline(office, login, pemohon, pimpinan, org):
    req = submitted(pemohon, org, platforms=["instagram"])
    Attachment.objects.create(
        request=req,
        kind="content",
        file=SimpleUploadedFile("p.png", PNG),
        content_type="image/png",
        size=len(PNG),
        alt_text="Poster vaksinasi untuk siswi",
    )
    text = page_of(login(pemohon), req)
    assert req.number in text and "Vaksinasi HPV di sekolah" in text
    assert 'alt="Poster vaksinasi untuk siswi"' in text
    assert "badge sla-on_track" in text
    assert "Permohonan diajukan" in text  # the timeline
    assert "Diterima" in text  # status badge
    # who holds the step: the office and the role, not the person
    assert "Dinkominfo — Pimpinan (Kepala/Sekretaris Dinas)" in text and "Kepala Dinas" not in text
    # an operator has no desk actions but cancel, and no Lembar Disposisi
    assert "Batalkan permohonan" in text
    assert "Disposisi ke Bidang IKP</strong>" not in text
    assert "Lembar Disposisi" not in text


def test_attachment_file_served_to_viewers_only(office, login, pemohon, pemohon_other, org):
    req = submitted(pemohon, org)
    att = Attachment.objects.create(
        request=req, kind="content", file=SimpleUploadedFile("p.png", PNG), content_type="image/png", size=len(PNG)
    )
    url = f"/permohonan/{req.number}/lampiran/{att.pk}/"
    response = login(pemohon).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert login(pemohon_other).get(url).status_code == 404


def test_outsider_gets_404(office, login, pemohon_other, pemohon, org):
    req = submitted(pemohon, org)
    client = login(pemohon_other)
    assert client.get(req.get_absolute_url()).status_code == 404
    assert client.post(action_url(req, "cancel"), {"cancel-note": "x"}).status_code == 404
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_unknown_number_404(office, login, staf):
    assert login(staf).get("/permohonan/PUB-1999-00001/").status_code == 404


def test_actions_are_post_only(office, login, pimpinan, pemohon, org):
    req = submitted(pemohon, org)
    client = login(pimpinan)
    assert client.get(action_url(req, "dispose")).status_code == 405
    assert client.get(f"/permohonan/{req.number}/lampiran/").status_code == 405


def test_unknown_action_404(office, login, pimpinan, pemohon, org):
    req = submitted(pemohon, org)
    assert login(pimpinan).post(action_url(req, "explode"), {}).status_code == 404


def test_full_path_through_the_pages(office, login, pemohon, pimpinan, kabid, staf, org):
    req = submitted(pemohon, org, platforms=["instagram", "x"])
    # pimpinan disposes
    lead = login(pimpinan)
    assert "Disposisi ke Bidang IKP" in page_of(lead, req)
    response = lead.post(action_url(req, "dispose"), {"dispose-note": "Mohon segera diproses"}, follow=True)
    assert "Tersimpan: Disposisi ke Bidang IKP." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION

    # kabid assigns with an instruction
    head = login(kabid)
    text = page_of(head, req)
    assert "Staf Satu" in text  # the assignee select lists staf_ikp users
    response = head.post(
        action_url(req, "assign"),
        {"assign-assignee": str(staf.pk), "assign-instruction": "Unggah pukul 10 dengan tagar #PurbalinggaSehat"},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED and req.assignee == staf

    # the staff schedules, then publishes
    worker = login(staf)
    text = page_of(worker, req)
    assert "Unggah pukul 10 dengan tagar #PurbalinggaSehat" in text  # staff see the instruction
    later = (timezone.localtime() + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = worker.post(action_url(req, "schedule"), {"schedule-time_instagram": later, "schedule-time_x": later})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.SCHEDULED
    response = worker.post(
        action_url(req, "publish"),
        {
            "publish-link_instagram": "https://www.instagram.com/p/abc123/",
            "publish-reason_x": "Akun X sedang dibatasi",
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.PUBLISHED

    # the operator sees the links and the steps, not the office's internal notes
    text = page_of(login(pemohon), req)
    assert "https://www.instagram.com/p/abc123/" in text
    assert "Didisposisi ke staf" in text and "Dipublikasikan" in text
    assert "Unggah pukul 10 dengan tagar #PurbalinggaSehat" not in text
    assert "Mohon segera diproses" not in text


def test_invalid_data_shown_next_to_field_nothing_saved(office, login, kabid, org):
    req = make_request(org, Status.AT_DIVISION)
    response = login(kabid).post(action_url(req, "assign"), {"assign-assignee": "", "assign-instruction": ""})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_assign-assignee_error"' in text and "Pilih staf pelaksana." in text
    assert 'id="id_assign-instruction_error"' in text and "Arahan untuk staf wajib diisi." in text
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION and not req.events.exists()


def test_publish_link_on_wrong_domain(office, login, staf, org):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram"])
    response = login(staf).post(action_url(req, "publish"), {"publish-link_instagram": "https://example.com/p/1"})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_publish-link_instagram_error"' in text and "Tautan harus berada di instagram.com." in text
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED


def test_schedule_in_the_past_refused(office, login, staf, org):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["facebook"])
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = login(staf).post(action_url(req, "schedule"), {"schedule-time_facebook": past})
    assert response.status_code == 422
    assert "Waktu tayang tidak boleh di masa lalu." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED


def test_role_without_the_action_gets_a_message(office, login, staf, pemohon, org):
    req = submitted(pemohon, org)
    response = login(staf).post(action_url(req, "dispose"), {}, follow=True)
    assert "Peran Anda tidak dapat melakukan tindakan ini." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_wrong_status_gets_a_message(office, login, kabid, org):
    req = make_request(org, Status.SUBMITTED)
    response = login(kabid).post(
        action_url(req, "reject"), {"reject-reason": "duplicate", "reject-note": "Sudah ada"}, follow=True
    )
    assert response.status_code == 200  # kabid may reject any open request
    req2 = make_request(org, Status.PUBLISHED)
    response = login(kabid).post(
        action_url(req2, "reject"), {"reject-reason": "duplicate", "reject-note": "Sudah ada"}, follow=True
    )
    assert "tidak memungkinkan tindakan ini" in response.content.decode()
    req2.refresh_from_db()
    assert req2.status == Status.PUBLISHED


def test_request_completion_and_resubmit_with_attachment(office, login, kabid, pemohon, org):
    req = make_request(org, Status.AT_DIVISION)
    response = login(kabid).post(
        action_url(req, "request_completion"), {"request_completion-note": "Lampirkan poster resolusi tinggi"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.NEEDS_COMPLETION
    operator = login(pemohon)
    text = page_of(operator, req)
    assert "Lampirkan poster resolusi tinggi" in text  # addressed to the applicant
    poster = SimpleUploadedFile("poster.png", PNG, content_type="image/png")
    response = operator.post(
        action_url(req, "resubmit"),
        {"resubmit-note": "Poster terlampir", "resubmit-file": poster, "resubmit-alt_text": "Poster baru"},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION
    assert req.attachments.get().alt_text == "Poster baru"


def test_resubmit_with_bad_file_writes_nothing(office, login, pemohon, org):
    req = make_request(org, Status.NEEDS_COMPLETION)
    fake = SimpleUploadedFile("poster.jpg", b"plain text", content_type="image/jpeg")
    response = login(pemohon).post(action_url(req, "resubmit"), {"resubmit-file": fake})
    assert response.status_code == 422
    assert "Isi berkas tidak dikenali" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.NEEDS_COMPLETION and not req.attachments.exists()


def test_resubmit_image_needs_alt_text(office, login, pemohon, org):
    req = make_request(org, Status.NEEDS_COMPLETION)
    poster = SimpleUploadedFile("poster.png", PNG, content_type="image/png")
    response = login(pemohon).post(action_url(req, "resubmit"), {"resubmit-file": poster})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_resubmit-alt_text_error"' in text and "Isi teks alternatif untuk gambar ini." in text
    req.refresh_from_db()
    assert req.status == Status.NEEDS_COMPLETION and not req.attachments.exists()


def test_required_notes_ask_in_their_own_words(office, login, kabid, pimpinan, org):
    req = make_request(org, Status.AT_DIVISION)
    response = login(kabid).post(action_url(req, "request_completion"), {})
    assert response.status_code == 422
    assert "Tuliskan apa yang perlu dilengkapi." in response.content.decode()
    req = make_request(org, Status.SUBMITTED)
    response = login(pimpinan).post(action_url(req, "reject"), {"reject-reason": "out_of_scope"})
    assert response.status_code == 422
    assert "Tuliskan catatan penolakan untuk pemohon." in response.content.decode()
    assert not Event.objects.exists()


def test_reject_shows_reason_to_operator(office, login, pimpinan, pemohon, org):
    req = make_request(org, Status.SUBMITTED)
    response = login(pimpinan).post(
        action_url(req, "reject"), {"reject-reason": "out_of_scope", "reject-note": "Bukan konten pemerintah"}
    )
    assert response.status_code == 302
    text = page_of(login(pemohon), req)
    assert "Di luar lingkup layanan" in text and "Bukan konten pemerintah" in text


def test_reject_requires_reason(office, login, pimpinan, org):
    req = make_request(org, Status.SUBMITTED)
    response = login(pimpinan).post(action_url(req, "reject"), {"reject-note": "x"})
    assert response.status_code == 422
    assert "Pilih alasan penolakan." in response.content.decode()


def test_operator_cancels(office, login, pemohon, org):
    req = make_request(org, Status.SUBMITTED)
    response = login(pemohon).post(action_url(req, "cancel"), {"cancel-note": "Acara ditunda", "cancel-confirm": "on"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.CANCELLED


def test_reassign_and_unschedule(office, login, kabid, staf, staf2, org):
    req = make_request(org, Status.SCHEDULED, assignee=staf)
    response = login(staf).post(action_url(req, "unschedule"), {"unschedule-note": "Jadwal berubah"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED
    response = login(kabid).post(
        action_url(req, "reassign"), {"reassign-assignee": str(staf2.pk), "reassign-note": "Staf Satu cuti"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.assignee == staf2
    text = page_of(login(kabid), req)
    assert "Pelaksana: Staf Dua" in text


def test_staff_edit_content_recorded(office, login, fungsional, pemohon, org):
    req = make_request(org, Status.AT_DIVISION, platforms=["instagram"])
    client = login(fungsional)
    text = page_of(client, req)
    assert "Koreksi isi" in text and 'value="Vaksinasi HPV di sekolah"' in text
    response = client.post(
        action_url(req, "edit"),
        {
            "edit-title": "Vaksinasi HPV 2026",
            "edit-caption": "Teks yang sudah disunting.",
            "edit-platforms": ["instagram"],
            "edit-note": "Ejaan diperbaiki",
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.title == "Vaksinasi HPV 2026"
    event = req.events.get(action="edit")
    assert set(event.data["changes"]) == {"title", "caption"}
    # the operator sees that the office corrected what they gave, and which fields, not the office's note
    shown = page_of(login(pemohon), req)
    assert "Isi dikoreksi oleh Dinkominfo" in shown and "Diubah: judul, keterangan/caption" in shown
    assert "Ejaan diperbaiki" not in shown


def test_edit_caption_too_long_for_x(office, login, kabid, org):
    req = make_request(org, Status.AT_DIVISION, platforms=["x"])
    response = login(kabid).post(
        action_url(req, "edit"),
        {"edit-title": "T", "edit-caption": "y" * 300, "edit-platforms": ["x"]},
    )
    assert response.status_code == 422
    assert "paling banyak 280 karakter" in response.content.decode()
    req.refresh_from_db()
    assert req.title != "T"


def test_wa_link_for_phone_only_contact(office, login, staf, pemohon, org):
    req = submitted(pemohon, org, contact_email="", contact_phone="0812-3456-7890")
    text = page_of(login(staf), req)
    assert "https://wa.me/6281234567890?text=" in text
    assert "Kirim pesan WhatsApp ke narahubung" in text
    # not shown to the operator
    assert "wa.me" not in page_of(login(pemohon), req)


def test_no_wa_link_when_contact_has_email(office, login, staf, pemohon, org):
    req = submitted(pemohon, org)
    assert "wa.me" not in page_of(login(staf), req)


def test_delegated_action_shows_on_behalf(office, login, make_user, pimpinan, org):
    sekretaris = make_user("sekdin", first_name="Sekretaris")
    Delegation.objects.create(
        delegate=sekretaris,
        role=roles.PIMPINAN,
        on_behalf_of=pimpinan,
        kind="plh",
        starts_on=timezone.localdate() - dt.timedelta(days=1),
        ends_on=timezone.localdate() + dt.timedelta(days=1),
    )
    req = make_request(org, Status.SUBMITTED)
    response = login(sekretaris).post(action_url(req, "dispose"), {})
    assert response.status_code == 302
    text = page_of(login(sekretaris), req)
    assert "a.n. Kepala Dinas" in text


def test_attachment_upload_refused_by_content(office, login, pemohon, org):
    req = make_request(org, Status.SUBMITTED)
    fake = SimpleUploadedFile("foto.jpg", b"not really a jpeg", content_type="image/jpeg")
    response = login(pemohon).post(f"/permohonan/{req.number}/lampiran/", {"file": fake, "kind": "content"})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_file_error"' in text and "Isi berkas tidak dikenali" in text
    assert not Attachment.objects.exists()


def test_attachment_upload_by_operator(office, login, pemohon, org):
    req = make_request(org, Status.SUBMITTED)
    poster = SimpleUploadedFile("poster.png", PNG, content_type="image/png")
    response = login(pemohon).post(
        f"/permohonan/{req.number}/lampiran/", {"file": poster, "kind": "content", "alt_text": "Poster"}
    )
    assert response.status_code == 302
    assert req.attachments.get().uploaded_by == pemohon


def test_attachment_image_needs_alt_text_only_as_content(office, login, staf, org):
    req = make_request(org, Status.SUBMITTED)
    url = f"/permohonan/{req.number}/lampiran/"
    client = login(staf)
    poster = SimpleUploadedFile("poster.png", PNG, content_type="image/png")
    response = client.post(url, {"file": poster, "kind": "content"})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_alt_text_error"' in text and "Isi teks alternatif untuk gambar ini." in text
    assert not Attachment.objects.exists()
    shot = SimpleUploadedFile("chat.png", PNG, content_type="image/png")
    assert client.post(url, {"file": shot, "kind": "evidence"}).status_code == 302
    assert req.attachments.get().kind == Attachment.Kind.EVIDENCE


def test_attachment_upload_outsider_and_closed(office, login, pemohon_other, pemohon, org):
    req = make_request(org, Status.PUBLISHED)
    poster = SimpleUploadedFile("poster.png", PNG, content_type="image/png")
    url = f"/permohonan/{req.number}/lampiran/"
    assert login(pemohon_other).post(url, {"file": poster, "kind": "content", "alt_text": "x"}).status_code == 404
    response = login(pemohon).post(url, {"file": poster, "kind": "content", "alt_text": "x"}, follow=True)
    assert "masih berjalan" in response.content.decode()
    assert not Attachment.objects.exists()


def test_event_count_matches_perform(office, login, pimpinan, org):
    """The page calls the one transition function: the event row is the same as perform() writes."""
    req = make_request(org, Status.SUBMITTED)
    login(pimpinan).post(action_url(req, "dispose"), {"dispose-note": "Segera"})
    event = Event.objects.get(request=req)
    assert (event.action, event.from_status, event.to_status, event.actor, event.note) == (
        "dispose",
        Status.SUBMITTED,
        Status.AT_DIVISION,
        pimpinan,
        "Segera",
    )
    assert transitions.available_actions(pimpinan, PublicationRequest.objects.get(pk=req.pk)) != []
