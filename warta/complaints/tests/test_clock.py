"""The tiers on the working-time clock (WIB; the standard's figures unless an admin's policy says
otherwise): provisional strictest tier, classification from receipt, pauses, reopening, warnings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from warta.clock.models import Breach, ClosedDay, SlaPolicy
from warta.clock.services import clear_calendar_cache
from warta.clock.watch import run_due
from warta.complaints import transitions
from warta.complaints.models import Complaint
from warta.complaints.tests.support import make_complaint
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def wib(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=WIB)  # 2 March 2026 is a Monday


def at(day: int, hour: int, minute: int = 0):
    return time_machine.travel(wib(day, hour, minute), tick=False)


def test_until_classified_the_strictest_tier_runs(office, pengelola, tim):
    with at(2, 11):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 11))
    assert (complaint.status, complaint.tier, complaint.tier_provisional) == ("received", "light", True)
    assert complaint.due_at == wib(2, 15)  # 3 working hours: 11–12 and 13–15


def test_classification_sets_the_tier_deadline_from_receipt(office, pengelola, tim):
    with at(2, 11):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 11))
    with at(2, 11, 30):
        transitions.perform(complaint, "classify", pengelola, {"tier": "normative", "category": "pelayanan"})
    complaint.refresh_from_db()
    assert (complaint.tier, complaint.tier_provisional) == ("normative", False)
    assert complaint.due_at == wib(3, 8, 30)  # 5 working hours: 11–12, 13–16, Tuesday 07:30–08:30


def test_one_working_day_skips_a_closed_day(office, pengelola, tim):
    with at(2, 10):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 10))
        transitions.perform(complaint, "classify", pengelola, {"tier": "no_supervision", "category": "konten"})
    assert Complaint.objects.get(pk=complaint.pk).due_at == wib(3, 16)
    ClosedDay.objects.create(date=dt.date(2026, 3, 3), name="Libur daerah", reason="SE Bupati")
    clear_calendar_cache()
    with at(2, 10, 5):
        transitions.perform(complaint, "classify", pengelola, {"tier": "no_supervision", "category": "konten"})
    assert Complaint.objects.get(pk=complaint.pk).due_at == wib(4, 16)


def test_an_admins_policy_comes_first(office, pengelola, tim):
    SlaPolicy.objects.create(key="complaint_light", amount=1, unit="working_hours")
    with at(2, 9):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 9))
    assert complaint.due_at == wib(2, 10)


def test_waiting_for_the_complainant_pauses_the_clock(office, pengelola, tim):
    with at(2, 11):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 11))
        transitions.perform(complaint, "classify", pengelola, {"tier": "light", "category": "pelayanan"})
        transitions.perform(complaint, "assign", pengelola, {"assignee": "tim"})
    with at(2, 13):
        transitions.perform(complaint, "request_info", tim, {"note": "Loket nomor berapa?"})
    with at(2, 15, 30):
        assert Complaint.objects.get(pk=complaint.pk).sla()["state"] == "paused"
    with at(3, 8):
        transitions.perform(complaint, "provide_info", None, {"note": "Loket 2."}, contact=True)
    # 3.5 working hours paused (13–16 and 07:30–08:00) move the 15:00 deadline to Tuesday 10:00.
    assert Complaint.objects.get(pk=complaint.pk).due_at == wib(3, 10)


def test_reopening_restarts_the_tiers_time_and_keeps_the_first_answer(office, pengelola, tim):
    with at(2, 9):
        complaint = make_complaint(pengelola, tim, "answered", received_at=wib(2, 9))
    complaint.refresh_from_db()
    assert complaint.sla_outcome == "met"
    with at(3, 9):
        transitions.perform(complaint, "reopen", None, {"note": "Masih antre lama."}, contact=True)
    complaint.refresh_from_db()
    assert complaint.status == "in_progress"
    assert complaint.due_at == wib(3, 15)  # normative, 5 working hours: 09–12 and 13–15
    assert complaint.sla_closed_at is None and complaint.answer == ""
    first = complaint.events.get(action="deliver")
    assert first.data["text"] == "Terima kasih, sudah kami perbaiki."


def test_no_reopening_after_ten_working_days(office, pengelola, tim):
    with at(2, 9):
        complaint = make_complaint(pengelola, tim, "answered", received_at=wib(2, 9))
    with at(16, 17), pytest.raises(transitions.WrongStatus):  # the 10th working day closed at 16:00
        transitions.perform(complaint, "reopen", None, {"note": "Masih."}, contact=True)


def test_warnings_name_the_number_only_and_reach_the_officer_then_pimpinan(
    office, pengelola, tim, pimpinan, kabid, django_capture_on_commit_callbacks
):
    with at(2, 9):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 9))
    assert complaint.due_at == wib(2, 12)
    with at(2, 11, 30), django_capture_on_commit_callbacks(execute=True):
        run_due()
        run_due()
    texts = [t for t in Notice.objects.filter(recipient=pengelola).values_list("text", flat=True) if "waktu" in t]
    assert len(texts) == 2
    assert all(complaint.number in t and "Siti" not in t and "Antrean" not in t for t in texts)
    assert not Notice.objects.filter(recipient=pimpinan).exists()
    mail.outbox.clear()
    with at(2, 12, 1), django_capture_on_commit_callbacks(execute=True):
        run_due()
    assert Notice.objects.filter(recipient=pimpinan).count() == 1
    assert not Notice.objects.filter(recipient=kabid).exists()
    breach = Breach.objects.get()
    assert breach.label == complaint.number
    assert all("Siti" not in m.body for m in mail.outbox)


def test_answered_complaints_close_after_ten_working_days(office, pengelola, tim):
    from warta.complaints.services import close_expired

    with at(2, 9):
        complaint = make_complaint(pengelola, tim, "answered", received_at=wib(2, 9))
    assert close_expired(wib(16, 15)) == []
    assert close_expired(wib(16, 16, 1)) == [complaint.number]
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.events.last().actor_label == "Sistem"


def test_the_timers_close_them_every_ten_minutes(office, pengelola, tim):
    from warta.core import periodic

    job = {job.name: job for job in periodic.jobs()}["complaints.close_expired"]
    assert job.every == dt.timedelta(minutes=10)
    with at(2, 9):
        complaint = make_complaint(pengelola, tim, "answered", received_at=wib(2, 9))
    with at(17, 8):
        job.run()
    assert Complaint.objects.get(pk=complaint.pk).status == "closed"


def test_thirty_working_days_end_at_a_close_of_work_and_skip_a_closed_day(office, pengelola, tim):
    from warta.clock.services import get_calendar

    with at(2, 10):
        complaint = make_complaint(pengelola, tim, received_at=wib(2, 10))
        transitions.perform(complaint, "classify", pengelola, {"tier": "investigation", "category": "lainnya"})
    due = Complaint.objects.get(pk=complaint.pk).due_at.astimezone(WIB)
    cal = get_calendar()
    days = [wib(2, 0).date() + dt.timedelta(days=n) for n in range(1, (due.date() - wib(2, 0).date()).days + 1)]
    assert sum(cal.is_working_day(day) for day in days) == 30  # day zero is the day of receipt
    assert cal.is_working_day(due.date()) and due.time() in (dt.time(16, 0), dt.time(16, 30))
    working = [day for day in days if cal.is_working_day(day)]
    ClosedDay.objects.create(date=working[10], name="Libur daerah", reason="SE Bupati")
    clear_calendar_cache()
    with at(2, 10, 5):
        transitions.perform(complaint, "classify", pengelola, {"tier": "investigation", "category": "lainnya"})
    later = Complaint.objects.get(pk=complaint.pk).due_at.astimezone(WIB)
    next_working = due.date() + dt.timedelta(days=1)
    while not get_calendar().is_working_day(next_working):
        next_working += dt.timedelta(days=1)
    assert later.date() == next_working
