"""One request, every surface, every audience: the request page, the API, /lacak/, the Lembar
Disposisi and the e-mails all show the timeline of warta.desk.timeline, each to its audience.

The request is walked through submit, dispose, assign, edit, request_completion, resubmit and then
publish (or reject). Office staff see the names, every note and the edit's old and new values; the
operator sees every step, the office's steps as "Dinkominfo — <role>", only the notes addressed to
them and "Isi dikoreksi oleh Dinkominfo" with the fields changed; the public sees steps, times, what
is addressed to the applicant and the post links, and never a name.
"""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk import tracking
from warta.desk.tests.test_api_support import submitted
from warta.desk.transitions import perform

pytestmark = pytest.mark.django_db

# The office's people, as their names appear (conftest personas).
OFFICE_NAMES = ("Kepala Dinas", "Kabid IKP", "Pranata Humas", "Staf Satu")
# Notes meant for the office only.
INTERNAL_NOTES = ("Segera tindak lanjuti ya", "Pakai foto kedua untuk feed", "Ejaan judul diperbaiki")
# Addressed to the applicant.
MISSING = "Mohon kirim logo beresolusi tinggi"
REJECT_NOTE = "Materi ini sudah pernah tayang minggu lalu"
POST_LINK = "https://www.instagram.com/p/HPV2026/"
OLD_TITLE, NEW_TITLE = "Vaksinasi HPV di sekolah", "Vaksinasi HPV 2026 di sekolah"


@pytest.fixture(params=["publish", "reject"])
def walked(request, office, org, pemohon, pimpinan, kabid, fungsional, staf, django_capture_on_commit_callbacks):
    """The request walked to its end; `req.mails` holds every e-mail the walk sent."""
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org, platforms=["instagram"])
        perform(req, "dispose", pimpinan, {"note": INTERNAL_NOTES[0]})
        perform(req, "assign", kabid, {"assignee": staf, "instruction": INTERNAL_NOTES[1]})
        perform(req, "edit", fungsional, {"title": NEW_TITLE, "note": INTERNAL_NOTES[2]})
        perform(req, "request_completion", staf, {"note": MISSING})
        perform(req, "resubmit", pemohon, {"note": "Logo sudah kami unggah"})
        if request.param == "publish":
            perform(req, "publish", staf, {"links": {"instagram": POST_LINK}})
        else:
            perform(req, "reject", kabid, {"reason": "duplicate", "note": REJECT_NOTE})
    req.refresh_from_db()
    req.end = request.param  # type: ignore[attr-defined]
    req.mails = list(mail.outbox)  # type: ignore[attr-defined]
    return req


def _page(client, req) -> str:
    response = client.get(req.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    return text[text.index('<ol class="timeline">') : text.index("</ol>", text.index('<ol class="timeline">'))]


def _assert_no_office_names(text: str) -> None:
    for name in OFFICE_NAMES:
        assert name not in text, name


def _assert_no_internal_notes(text: str) -> None:
    for note in INTERNAL_NOTES:
        assert note not in text, note


def _assert_end_for_the_applicant(text: str, req) -> None:
    if req.end == "publish":
        assert "Dipublikasikan" in text and POST_LINK in text
    else:
        assert "Ditolak" in text and REJECT_NOTE in text and "Permohonan ganda" in text


# --- the request page ----------------------------------------------------------------------------


def test_page_office_sees_everything(login, kabid, walked):
    text = _page(login(kabid), walked)
    for name in OFFICE_NAMES:
        assert name in text, name
    for note in INTERNAL_NOTES:
        assert note in text, note
    assert MISSING in text and "Pelaksana: Staf Satu" in text
    assert "Isi dikoreksi oleh Dinkominfo" in text
    assert OLD_TITLE in text and NEW_TITLE in text  # the edit's old and new values


def test_page_applicant_sees_steps_as_the_office(login, pemohon, walked):
    response = login(pemohon).get(walked.get_absolute_url())
    _assert_no_office_names(response.content.decode())  # nowhere on the page, not only in the timeline
    text = _page(login(pemohon), walked)
    assert "Didisposisi ke Bidang IKP" in text and "Didisposisi ke staf" in text
    assert "Dinkominfo — Pimpinan (Kepala/Sekretaris Dinas)" in text
    assert "Dinkominfo — Kepala Bidang IKP" in text
    assert "Dinkominfo — Staf IKP (pelaksana)" in text
    assert "Op Dinkes" in text  # their own side, by name
    _assert_no_internal_notes(text)
    assert "Isi dikoreksi oleh Dinkominfo" in text and "Diubah: judul" in text
    assert OLD_TITLE not in text  # the field changed, not its old value
    assert MISSING in text and "Logo sudah kami unggah" in text
    _assert_end_for_the_applicant(text, walked)


# --- the API -------------------------------------------------------------------------------------


def test_api_office_sees_everything(api_client, kabid, walked):
    events = {e["action"]: e for e in api_client(kabid).get(f"/api/v1/requests/{walked.number}").json()["events"]}
    assert events["dispose"]["actor"] == "Kepala Dinas" and events["dispose"]["note"] == INTERNAL_NOTES[0]
    assert events["assign"]["note"] == INTERNAL_NOTES[1] and "Pelaksana: Staf Satu" in events["assign"]["details"]
    assert events["edit"]["actor"] == "Pranata Humas" and events["edit"]["note"] == INTERNAL_NOTES[2]
    assert events["edit"]["changes"] == {"title": {"from": OLD_TITLE, "to": NEW_TITLE}}
    assert events["edit"]["label"] == "Isi dikoreksi oleh Dinkominfo"


def test_api_applicant_sees_the_same_as_the_page(api_client, pemohon, walked):
    response = api_client(pemohon).get(f"/api/v1/requests/{walked.number}")
    body = response.content.decode()
    _assert_no_office_names(body)
    _assert_no_internal_notes(body)
    assert OLD_TITLE not in body.replace(NEW_TITLE, "")
    events = {e["action"]: e for e in response.json()["events"]}
    assert list(events) == ["submit", "dispose", "assign", "edit", "request_completion", "resubmit", walked.end]
    assert events["assign"]["actor"] == "Dinkominfo — Kepala Bidang IKP"
    assert events["edit"]["actor"] == "Dinkominfo — Pejabat Fungsional IKP"
    assert (events["edit"]["label"], events["edit"]["changed_fields"]) == ("Isi dikoreksi oleh Dinkominfo", ["title"])
    assert events["edit"]["changes"] is None
    assert events["request_completion"]["note"] == MISSING
    if walked.end == "publish":
        assert events["publish"]["links"] == {"instagram": POST_LINK}
    else:
        assert events["reject"]["note"] == REJECT_NOTE and "Alasan: Permohonan ganda" in events["reject"]["details"]


# --- /lacak/ -------------------------------------------------------------------------------------


def test_tracking_public_sees_steps_and_what_is_addressed_to_the_applicant(client, walked):
    response = client.get(tracking.tracking_path(walked.number))
    assert response.status_code == 200
    text = response.content.decode()
    _assert_no_office_names(text)
    _assert_no_internal_notes(text)
    for name in ("Op Dinkes", "Rina Operator", "Dinkominfo — "):
        assert name not in text, name  # no one is named, not even by role
    assert "Didisposisi ke Bidang IKP" in text and "Isi dikoreksi oleh Dinkominfo" in text
    assert MISSING in text
    assert "Logo sudah kami unggah" not in text
    assert OLD_TITLE not in text.replace(NEW_TITLE, "") and "Diubah" not in text
    _assert_end_for_the_applicant(text, walked)


# --- the Lembar Disposisi ------------------------------------------------------------------------


def test_disposition_sheet_office_only(login, staf, pemohon, walked):
    text = login(staf).get(f"/permohonan/{walked.number}/disposisi/").content.decode()
    assert "Kepala Dinas" in text and INTERNAL_NOTES[0] in text
    assert "Kabid IKP" in text and "Staf Satu" in text and INTERNAL_NOTES[1] in text
    assert MISSING in text
    if walked.end == "reject":
        assert "Permohonan ganda" in text and REJECT_NOTE in text
    assert login(pemohon).get(f"/permohonan/{walked.number}/disposisi/").status_code == 403


# --- the e-mails ---------------------------------------------------------------------------------


def test_emails_to_the_contact_read_as_the_applicant(walked):
    to_contact = [m for m in walked.mails if m.to == ["rina@dinkes.example.go.id"]]
    bodies = "\n".join(m.body for m in to_contact)
    _assert_no_office_names(bodies)
    _assert_no_internal_notes(bodies)
    completion = next(m for m in to_contact if "perlu dilengkapi" in m.subject)
    assert MISSING in completion.body and "Oleh: Dinkominfo — Staf IKP (pelaksana)" in completion.body
    if walked.end == "publish":
        assert POST_LINK in to_contact[-1].body
    else:
        assert REJECT_NOTE in to_contact[-1].body and "Oleh: Dinkominfo — Kepala Bidang IKP" in to_contact[-1].body
        assert "Alasan: Permohonan ganda" in to_contact[-1].body


def test_emails_to_the_next_holder_read_as_the_office(walked, staf):
    to_staf = [m for m in walked.mails if m.to == [staf.email]]
    assign = to_staf[0]
    assert "Didisposisi ke staf: Kabid IKP" in assign.body and f"Arahan: {INTERNAL_NOTES[1]}" in assign.body
