"""The monthly evaluation meeting: recording it, decisions that carry over, the minutes, the reminder."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from warta.evaluation.meetings import remind_missing_meeting
from warta.evaluation.models import Attendee, Decision, Meeting, MeetingReminder
from warta.notify.models import Notice
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(wib(2026, 11, 10, 9, 0), tick=False):
        yield


def meeting_data(**extra):
    data = {
        "held_on": "2026-11-10",
        "month": "2026-10",
        "place": "Ruang rapat Dinkominfo",
        "chair": "",
        "agenda": "1. Capaian Oktober",
        "minutes": "Waktu publikasi rata-rata 42 menit.",
        "keputusan-TOTAL_FORMS": "2",
        "keputusan-INITIAL_FORMS": "0",
        "keputusan-MIN_NUM_FORMS": "0",
        "keputusan-MAX_NUM_FORMS": "30",
        "keputusan-0-text": "",
        "keputusan-0-owner": "",
        "keputusan-0-due_on": "",
        "keputusan-1-text": "",
        "keputusan-1-owner": "",
        "keputusan-1-due_on": "",
    }
    data.update(extra)
    return data


def earlier_meeting(kabid, owner, text="Jadwal piket pagi dibuat", due=dt.date(2026, 10, 31)) -> Decision:
    meeting = Meeting.objects.create(
        month=dt.date(2026, 9, 1), held_on=dt.date(2026, 10, 6), agenda="Capaian September", created_by=kabid
    )
    return Decision.objects.create(meeting=meeting, text=text, owner=owner, due_on=due)


def test_the_kabid_records_a_meeting_with_attendees_and_a_decision(login, office, kabid, pimpinan, staf):
    client = login(kabid)
    response = client.post(
        "/evaluasi/rapat/baru/",
        meeting_data(
            chair=pimpinan.pk,
            attendees=[pimpinan.pk, kabid.pk, staf.pk],
            **{
                "keputusan-0-text": "Tambah satu staf piket",
                "keputusan-0-owner": kabid.pk,
                "keputusan-0-due_on": "2026-11-30",
            },
        ),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluasi/rapat/{meeting.pk}/"
    assert meeting.month == dt.date(2026, 10, 1) and meeting.chair == pimpinan and meeting.created_by == kabid
    roles_of = dict(Attendee.objects.values_list("person__username", "role_label"))
    assert roles_of == {
        "kadis": "Pimpinan (Kepala/Sekretaris Dinas)",
        "kabid": "Kepala Bidang IKP",
        "staf": "Staf IKP (pelaksana)",
    }
    decision = meeting.decisions.get()
    assert (decision.text, decision.owner, decision.due_on) == ("Tambah satu staf piket", kabid, dt.date(2026, 11, 30))
    todo = Todo.objects.get(key=f"evaluation.decision:{decision.pk}")
    assert todo.assignee == kabid and todo.done_at is None
    text = client.get(f"/evaluasi/rapat/{meeting.pk}/").content.decode()
    assert "Tambah satu staf piket" in text and "Staf Satu" in text and "Staf IKP (pelaksana)" in text
    assert "Waktu publikasi rata-rata 42 menit." in text
    # Closing the decision settles the owner's to-do.
    client.post(f"/evaluasi/keputusan/{decision.pk}/selesai/", {"note": "Sudah"})
    todo.refresh_from_db()
    assert todo.done_at is not None and todo.done_by == kabid


def test_the_form_shows_every_error_at_once_and_keeps_the_input(login, office, kabid):
    response = login(kabid).post(
        "/evaluasi/rapat/baru/",
        meeting_data(
            agenda="", month="2026-13", **{"keputusan-0-text": "Evaluasi caption", "keputusan-0-due_on": "2026-11-30"}
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert text.count('class="error"') >= 4  # agenda, month, attendees, the decision's owner
    assert "Tulis bulan sebagai TTTT-BB" in text
    assert "Evaluasi caption" in text and "Waktu publikasi rata-rata 42 menit." in text
    assert not Meeting.objects.exists()


def test_open_decisions_carry_to_the_next_agenda(login, office, kabid, staf):
    carried = earlier_meeting(kabid, staf)
    done = Decision.objects.create(
        meeting=carried.meeting,
        text="Sudah beres",
        owner=staf,
        due_on=dt.date(2026, 10, 20),
        done_at=wib(2026, 10, 19, 9, 0),
    )
    text = login(kabid).get("/evaluasi/rapat/baru/").content.decode()
    agenda = text.split('name="agenda"', 1)[1].split("</textarea>", 1)[0]
    assert "Jadwal piket pagi dibuat (penanggung jawab: Staf Satu, batas: 31 Oktober 2026)" in agenda
    assert done.text not in agenda
    assert "Oktober 2026" in agenda  # the month evaluated: the one before
    assert 'value="2026-10"' in text and 'value="2026-11-10"' in text
    # A later meeting's page lists the earlier decision still open.
    later = Meeting.objects.create(
        month=dt.date(2026, 10, 1), held_on=dt.date(2026, 11, 10), agenda="x", created_by=kabid
    )
    page = login(kabid).get(f"/evaluasi/rapat/{later.pk}/").content.decode()
    assert "Keputusan rapat sebelumnya yang masih terbuka" in page and "Jadwal piket pagi dibuat" in page


def test_the_owner_marks_a_decision_done_once(login, office, kabid, staf, staf2):
    decision = earlier_meeting(kabid, staf)
    meeting_url = f"/evaluasi/rapat/{decision.meeting.pk}/"
    assert login(staf2).post(f"/evaluasi/keputusan/{decision.pk}/selesai/", {"note": "x"}).status_code == 403
    assert login(staf).get(f"/evaluasi/keputusan/{decision.pk}/selesai/").status_code == 405
    # A staff member does not read the meetings, but reads the one where they own a decision (their
    # to-do links there) and closes it; another staff member reads neither.
    assert login(staf2).get(meeting_url).status_code == 403
    text = login(staf).get(meeting_url).content.decode()
    assert "Tandai selesai" in text
    response = login(staf).post(
        f"/evaluasi/keputusan/{decision.pk}/selesai/", {"note": "Jadwal terbit", "next": meeting_url}
    )
    assert response.status_code == 302 and response["Location"] == meeting_url
    decision.refresh_from_db()
    assert decision.done_by == staf and decision.done_note == "Jadwal terbit" and decision.is_done
    again = login(kabid).post(f"/evaluasi/keputusan/{decision.pk}/selesai/", {"note": "lagi"}, follow=True)
    assert "sudah ditandai selesai" in again.content.decode()
    decision.refresh_from_db()
    assert decision.done_note == "Jadwal terbit"


def test_a_fungsional_owner_closes_their_decision(login, office, kabid, fungsional):
    decision = earlier_meeting(kabid, fungsional)
    assert login(fungsional).post(f"/evaluasi/keputusan/{decision.pk}/selesai/", {"note": ""}).status_code == 302
    decision.refresh_from_db()
    assert decision.done_by == fungsional


@pytest.mark.parametrize(
    ("persona", "read", "edit"),
    [
        ("kabid", 200, 200),
        ("admin_user", 200, 200),
        ("pimpinan", 200, 403),
        ("fungsional", 200, 403),
        ("staf", 403, 403),
        ("pengelola", 403, 403),
        ("pemohon", 403, 403),
    ],
)
def test_who_reads_and_who_records_meetings(persona, read, edit, request, login, office, kabid):
    meeting = earlier_meeting(kabid, kabid).meeting
    client = login(request.getfixturevalue(persona))
    assert client.get("/evaluasi/rapat/").status_code == read
    assert client.get(f"/evaluasi/rapat/{meeting.pk}/").status_code == read
    assert client.get(f"/evaluasi/rapat/{meeting.pk}/notulen/").status_code == read
    assert client.get("/evaluasi/rapat/baru/").status_code == edit
    assert client.get(f"/evaluasi/rapat/{meeting.pk}/ubah/").status_code == edit


def test_editing_keeps_decisions_and_changes_attendance(login, office, kabid, staf, staf2):
    decision = earlier_meeting(kabid, staf)
    meeting = decision.meeting
    Attendee.objects.create(meeting=meeting, person=staf, role_label="Staf")
    data = meeting_data(
        held_on="2026-10-06",
        month="2026-09",
        agenda="Capaian September",
        attendees=[staf2.pk],
        **{
            "keputusan-TOTAL_FORMS": "3",
            "keputusan-INITIAL_FORMS": "1",
            "keputusan-0-id": decision.pk,
            "keputusan-0-text": "Jadwal piket pagi dibuat dan dibagikan",
            "keputusan-0-owner": staf.pk,
            "keputusan-0-due_on": "2026-10-31",
            "keputusan-2-text": "",
            "keputusan-2-owner": "",
            "keputusan-2-due_on": "",
        },
    )
    assert login(kabid).post(f"/evaluasi/rapat/{meeting.pk}/ubah/", data).status_code == 302
    decision.refresh_from_db()
    assert decision.text == "Jadwal piket pagi dibuat dan dibagikan"
    assert list(meeting.attendees.values_list("person", flat=True)) == [staf2.pk]


def test_the_minutes_print_with_the_letterhead_and_a_signature_column(login, office, kabid, pimpinan, staf):
    meeting = earlier_meeting(kabid, staf).meeting
    Attendee.objects.create(meeting=meeting, person=staf, role_label="Staf IKP (pelaksana)")
    Attendee.objects.create(meeting=meeting, person=pimpinan, role_label="Pimpinan (Kepala/Sekretaris Dinas)")
    text = login(pimpinan).get(f"/evaluasi/rapat/{meeting.pk}/notulen/").content.decode()
    assert "Pemerintah Kabupaten Purbalingga" in text and "Dinas Komunikasi dan Informatika" in text
    assert "Daftar hadir" in text and "Tanda tangan" in text
    assert "Staf Satu" in text and "Kepala Dinas" in text and "Jadwal piket pagi dibuat" in text
    response = login(pimpinan).get(f"/evaluasi/rapat/{meeting.pk}/notulen.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="notulen-rapat-evaluasi-2026-10-06.pdf"' in response["Content-Disposition"]


def test_the_reminder_goes_once_from_the_25th(office, kabid, pimpinan, staf, django_capture_on_commit_callbacks):
    assert remind_missing_meeting(wib(2026, 11, 24, 23, 0)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_missing_meeting(wib(2026, 11, 25, 7, 0)) == 2
    notices = Notice.objects.filter(topic="evaluation.meeting:2026-11")
    assert sorted(n.recipient.username for n in notices) == ["kabid", "kadis"]
    assert "Rapat evaluasi bulan November 2026 belum dicatat" in notices[0].text
    assert [sorted(m.to) for m in mail.outbox] == [["kabid@example.go.id", "kadis@example.go.id"]]
    assert mail.outbox[0].subject == "Rapat evaluasi bulan November 2026 belum dicatat"
    assert "/evaluasi/rapat/baru/" in mail.outbox[0].body
    # Once only: later runs (any process) send nothing more.
    assert remind_missing_meeting(wib(2026, 11, 26, 7, 0)) == 0
    assert Notice.objects.filter(topic="evaluation.meeting:2026-11").count() == 2
    assert MeetingReminder.objects.get().recipients == 2


def test_no_reminder_when_the_month_has_a_meeting(office, kabid, pimpinan):
    Meeting.objects.create(month=dt.date(2026, 10, 1), held_on=dt.date(2026, 11, 3), agenda="x", created_by=kabid)
    assert remind_missing_meeting(wib(2026, 11, 25, 7, 0)) == 0
    assert not MeetingReminder.objects.exists()


def test_the_reminder_uses_office_time(office, kabid):
    # 24 November 18:00 UTC is already the 25th in Purbalingga (WIB, UTC+7).
    assert remind_missing_meeting(dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.UTC)) == 1


def test_recording_a_meeting_resolves_the_reminder(login, office, kabid, pimpinan):
    remind_missing_meeting(wib(2026, 11, 25, 7, 0))
    with time_machine.travel(wib(2026, 11, 26, 9, 0), tick=False):
        login(kabid).post("/evaluasi/rapat/baru/", meeting_data(held_on="2026-11-26", attendees=[kabid.pk]))
    assert Meeting.objects.count() == 1
    assert not Notice.objects.filter(topic="evaluation.meeting:2026-11", resolved_at__isnull=True).exists()


def test_the_reminder_is_a_periodic_job():
    from warta.core import periodic

    job = next(j for j in periodic.jobs() if j.name == "evaluation.meeting_reminder")
    assert job.every == dt.timedelta(hours=1) and job.run is remind_missing_meeting
