"""The desk's requests under the clock's timers: warnings to the holder, the superiors at the
deadline, the breach record, and the reminder at a scheduled time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from warta.clock.models import Breach
from warta.clock.watch import run_due
from warta.desk.models import PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import perform
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
MONDAY_0900 = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)


def test_holder_is_warned_once_and_superiors_at_the_deadline(
    pimpinan, kabid, org, office, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_0900, tick=False):
        req = make_request(org, "submitted", received_at=MONDAY_0900)
    assert req.due_at == dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB)

    with (
        time_machine.travel(dt.datetime(2026, 3, 16, 9, 50, tzinfo=WIB), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_due()
        run_due()  # a second pass (or a second worker) sends nothing again
    warned = [m for m in mail.outbox if pimpinan.email in m.to]
    assert len(warned) == 2  # 50 % and 80 % of the hour, each once
    assert Notice.objects.filter(recipient=pimpinan).count() == 2
    assert not Notice.objects.filter(recipient=kabid).exists()

    mail.outbox.clear()
    with (
        time_machine.travel(dt.datetime(2026, 3, 16, 10, 1, tzinfo=WIB), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_due()
    recipients = {address for m in mail.outbox for address in m.to}
    assert {pimpinan.email, kabid.email} <= recipients
    breach = Breach.objects.get()
    assert req.number in breach.label
    assert breach.holder_role == "pimpinan"


def test_paused_requests_are_not_warned(pimpinan, org, office):
    with time_machine.travel(MONDAY_0900, tick=False):
        req = make_request(org, "submitted", received_at=MONDAY_0900)
        perform(req, "request_completion", pimpinan, {"note": "Lampirkan foto kegiatan."})
    with time_machine.travel(dt.datetime(2026, 3, 16, 11, 0, tzinfo=WIB), tick=False):
        assert run_due() == 0
    assert not Breach.objects.exists()


def test_assigned_staff_is_reminded_at_the_scheduled_time(staf, org, office, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY_0900, tick=False):
        req = make_request(org, "assigned", assignee=staf, received_at=MONDAY_0900)
        perform(req, "schedule", staf, {"times": {p: "2026-03-16T09:40:00+07:00" for p in req.platforms}})
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 39, tzinfo=WIB), tick=False):
        run_due()
    assert not Notice.objects.filter(recipient=staf, text__contains="Waktunya menayangkan").exists()
    with (
        time_machine.travel(dt.datetime(2026, 3, 16, 9, 40, 30, tzinfo=WIB), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_due()
        run_due()
    reminders = Notice.objects.filter(recipient=staf, text__contains="Waktunya menayangkan")
    assert reminders.count() == 1
    assert PublicationRequest.objects.get(pk=req.pk).reminded_at is not None
