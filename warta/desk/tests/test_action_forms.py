"""The action forms on the request page: no empty moves (resubmit, cancel), the staff picker's
workload, one publication time for every platform."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from warta.desk.models import PublicationRequest, Status
from warta.desk.tests.test_api_support import make_request
from warta.desk.tests.test_views_request import action_url, page_of

pytestmark = pytest.mark.django_db


# --- Kirim kelengkapan needs a note or a file ------------------------------------------------


def test_resubmit_with_nothing_is_refused(office, login, pemohon, org):
    req = make_request(org, Status.NEEDS_COMPLETION)
    response = login(pemohon).post(action_url(req, "resubmit"), {"resubmit-note": "   "})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_resubmit-note_error"' in text
    assert "Tuliskan apa yang dilengkapi, atau unggah berkasnya." in text
    req.refresh_from_db()
    assert req.status == Status.NEEDS_COMPLETION and not req.events.exists()


def test_resubmit_with_a_note_alone_goes_through(office, login, pemohon, org):
    req = make_request(org, Status.NEEDS_COMPLETION)
    req.status_before_completion = Status.SUBMITTED
    req.save()
    response = login(pemohon).post(action_url(req, "resubmit"), {"resubmit-note": "Nomor kontak sudah diperbaiki."})
    assert response.status_code == 302
    assert PublicationRequest.objects.get(pk=req.pk).status == Status.SUBMITTED


# --- Batalkan asks for confirmation and a reason ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"cancel-note": "Acara ditunda"}, "Centang untuk menegaskan pembatalan."),
        ({"cancel-note": "  ", "cancel-confirm": "on"}, "Tuliskan alasan pembatalan."),
    ],
)
def test_cancel_without_confirmation_or_reason_is_refused(office, login, pemohon, org, data, error):
    req = make_request(org, Status.SUBMITTED)
    response = login(pemohon).post(action_url(req, "cancel"), data)
    assert response.status_code == 422
    text = response.content.decode()
    assert error in text
    assert '<details class="card action action-cancel" open' in text  # the form stays open, with the error
    assert PublicationRequest.objects.get(pk=req.pk).status == Status.SUBMITTED


def test_cancel_form_marks_reason_and_confirmation_required(office, login, pemohon, org):
    req = make_request(org, Status.SUBMITTED)
    text = page_of(login(pemohon), req)
    note = re.search(r'<textarea[^>]*name="cancel-note"[^>]*>', text)
    confirm = re.search(r'<input[^>]*name="cancel-confirm"[^>]*>', text)
    assert note and " required" in note.group(0)
    assert confirm and " required" in confirm.group(0)
    assert "Ya, saya yakin membatalkan permohonan ini" in text


def test_cancel_with_reason_and_confirmation_records_the_reason(office, login, pemohon, org):
    req = make_request(org, Status.SUBMITTED)
    response = login(pemohon).post(action_url(req, "cancel"), {"cancel-note": "Acara ditunda", "cancel-confirm": "on"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.CANCELLED
    assert req.events.get(action="cancel").note == "Acara ditunda"


# --- the staff picker shows each staf_ikp's open requests ------------------------------------


def test_staff_picker_shows_open_requests_per_staff(office, login, kabid, staf, staf2, org):
    make_request(org, Status.ASSIGNED, assignee=staf)
    make_request(org, Status.SCHEDULED, assignee=staf)
    make_request(org, Status.PUBLISHED, assignee=staf)  # closed: not counted
    make_request(org, Status.ASSIGNED, assignee=staf2)
    req = make_request(org, Status.AT_DIVISION)
    text = page_of(login(kabid), req)
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', text))
    assert options[str(staf.pk)] == "Staf Satu — 2 permohonan berjalan"
    assert options[str(staf2.pk)] == "Staf Dua — 1 permohonan berjalan"


def test_staff_picker_says_when_someone_holds_nothing(office, login, kabid, staf, staf2, org):
    req = make_request(org, Status.ASSIGNED, assignee=staf)
    text = page_of(login(kabid), req)
    assert "Staf Dua — tidak ada permohonan berjalan" in text  # in the reassign picker
    assert "Staf Satu — 1 permohonan berjalan" in text


# --- scheduling: one time for every platform -------------------------------------------------


def _later(hours: int) -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)


def test_one_time_for_every_platform(office, login, staf, org):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram", "facebook", "x"])
    moment = _later(3)
    response = login(staf).post(action_url(req, "schedule"), {"schedule-same_time": moment.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.SCHEDULED
    assert dict(req.posts.values_list("platform", "scheduled_for")) == {
        "instagram": moment,
        "facebook": moment,
        "x": moment,
    }


def test_a_platform_given_its_own_time_keeps_it(office, login, staf, org):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram", "x"])
    common, own = _later(3), _later(5)
    response = login(staf).post(
        action_url(req, "schedule"),
        {"schedule-same_time": common.strftime("%Y-%m-%dT%H:%M"), "schedule-time_x": own.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    assert dict(req.posts.values_list("platform", "scheduled_for")) == {"instagram": common, "x": own}


def test_a_platform_with_no_time_at_all_is_named(office, login, staf, org):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram", "x"])
    response = login(staf).post(
        action_url(req, "schedule"), {"schedule-time_instagram": _later(3).strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_schedule-time_x_error"' in text
    assert "Isi waktu tayang di X (Twitter), atau satu waktu untuk semua platform." in text
    assert 'id="id_schedule-time_instagram_error"' not in text
    assert PublicationRequest.objects.get(pk=req.pk).status == Status.ASSIGNED


def test_the_schedule_form_offers_the_common_time_first_with_the_wished_time(office, login, staf, org):
    wished = _later(4)
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram", "x"], publish_at=wished)
    text = page_of(login(staf), req)
    assert "Waktu tayang yang sama untuk semua platform" in text
    assert re.search(rf'name="schedule-same_time" value="{wished.strftime("%Y-%m-%dT%H:%M")}"', text) or re.search(
        rf'value="{wished.strftime("%Y-%m-%dT%H:%M")}"[^>]*name="schedule-same_time"', text
    )
    assert text.index("schedule-same_time") < text.index("schedule-time_instagram")


def test_resubmit_keeps_a_checked_file_across_an_error(office, login, pemohon, org):
    """An image sent without its alternative text is kept, listed, and attached on the next try."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from warta.desk.models import PendingUpload
    from warta.desk.tests.test_api_support import PNG

    req = make_request(org, Status.NEEDS_COMPLETION)
    req.status_before_completion = Status.AT_DIVISION
    req.save()
    client = login(pemohon)
    key = re.search(r'name="form_key" value="([^"]+)"', page_of(client, req)).group(1)
    poster = SimpleUploadedFile("poster-baru.png", PNG, content_type="image/png")
    response = client.post(action_url(req, "resubmit"), {"form_key": key, "resubmit-file": poster})
    assert response.status_code == 422
    text = response.content.decode()
    assert "Isi teks alternatif untuk gambar ini." in text
    assert "Sudah terunggah:" in text and "poster-baru.png" in text
    assert 'name="discard_resubmit-file"' in text
    assert PendingUpload.objects.get().user == pemohon

    response = client.post(action_url(req, "resubmit"), {"form_key": key, "resubmit-alt_text": "Poster baru"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION
    attachment = req.attachments.get()
    assert (attachment.original_name, attachment.alt_text) == ("poster-baru.png", "Poster baru")
    assert not PendingUpload.objects.exists()
