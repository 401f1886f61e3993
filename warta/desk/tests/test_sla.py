"""The clock's fields on a request through submit, pause, resume and publish (frozen time, WIB)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from warta.desk.models import PublicationRequest
from warta.desk.tests.test_api_support import submitted
from warta.desk.transitions import perform

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def at(hour: int, minute: int, day: int = 16):
    return time_machine.travel(dt.datetime(2026, 3, day, hour, minute, tzinfo=WIB), tick=False)


def test_due_at_counts_working_time_across_the_break(pemohon, org, office):
    with at(11, 45):
        req = submitted(pemohon, org)
    req = PublicationRequest.objects.get(pk=req.pk)
    assert req.received_at == dt.datetime(2026, 3, 16, 11, 45, tzinfo=WIB)
    assert req.due_at == dt.datetime(2026, 3, 16, 13, 45, tzinfo=WIB)
    with at(11, 55):
        assert req.sla() == {"state": "on_track", "used_minutes": 10, "left_minutes": 50}


def test_friday_afternoon_runs_into_monday(pemohon, org, office):
    with at(16, 0, day=13):
        req = submitted(pemohon, org)
    # 30 minutes on Friday (closing 16:30), 30 on Monday from 07:30.
    assert PublicationRequest.objects.get(pk=req.pk).due_at == dt.datetime(2026, 3, 16, 8, 0, tzinfo=WIB)


def test_pause_resume_and_publish_in_time(pemohon, pimpinan, kabid, staf, org, office):
    with at(9, 0):
        req = submitted(pemohon, org)
    with at(9, 10):
        perform(req, "dispose", pimpinan)
    with at(9, 20):
        perform(req, "assign", kabid, {"assignee": "staf", "instruction": "Tayangkan segera."})
    with at(9, 30):
        perform(req, "request_completion", staf, {"note": "Kurang foto."})
    with at(10, 30):
        assert req.sla() == {"state": "paused", "used_minutes": 30, "left_minutes": 30}
    with at(10, 45):
        perform(req, "resubmit", pemohon)
    req = PublicationRequest.objects.get(pk=req.pk)
    assert req.due_at == dt.datetime(2026, 3, 16, 11, 15, tzinfo=WIB)
    with at(11, 0):
        # 80% of the hour falls at 11:03 (09:48 moved by the 75 minutes paused).
        assert req.sla() == {"state": "on_track", "used_minutes": 45, "left_minutes": 15}
    with at(11, 5):
        assert req.sla()["state"] == "at_risk"
    with at(11, 5):
        perform(
            req, "publish", staf, {"links": {"instagram": "https://instagram.com/p/1", "facebook": "https://fb.com/1"}}
        )
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.sla_outcome, req.sla_closed_at) == ("met", dt.datetime(2026, 3, 16, 11, 5, tzinfo=WIB))
    with at(15, 0):
        assert req.sla() == {"state": "met", "used_minutes": 50, "left_minutes": 10}


def test_publishing_late_is_missed(pemohon, pimpinan, kabid, staf, org, office):
    with at(9, 0):
        req = submitted(pemohon, org)
        perform(req, "dispose", pimpinan)
        perform(req, "assign", kabid, {"assignee": "staf", "instruction": "x"})
    with at(10, 30):
        assert req.sla()["state"] == "breached"
        assert req.sla()["left_minutes"] == -30
        perform(
            req, "publish", staf, {"links": {"instagram": "https://instagram.com/p/1", "facebook": "https://fb.com/1"}}
        )
    assert PublicationRequest.objects.get(pk=req.pk).sla_outcome == "missed"


def test_api_shows_the_sla(api_client, pemohon, org, office):
    with at(11, 45):
        req = submitted(pemohon, org)
    with at(13, 15):
        data = api_client(pemohon).get(f"/api/v1/requests/{req.number}").json()
    assert data["sla"] == {"state": "on_track", "used_minutes": 30, "left_minutes": 30}
    assert dt.datetime.fromisoformat(data["due_at"]) == dt.datetime(2026, 3, 16, 13, 45, tzinfo=WIB)
