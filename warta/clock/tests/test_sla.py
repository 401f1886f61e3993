"""The SLA methods of SlaTracked, on the clock's own concrete item (ClockProbe), frozen time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from warta.clock.models import ClockProbe, SlaOutcome
from warta.clock.policy import Policy, Unit
from warta.clock.tests.conftest import wib

pytestmark = pytest.mark.django_db
ONE_HOUR = Policy(1, Unit.working_hours)


def started(start: dt.datetime, policy: Policy = ONE_HOUR, **fields) -> ClockProbe:
    probe = ClockProbe(title="Uji", **fields)
    probe.start_sla(policy, start)
    probe.save()
    return probe


def test_start_on_friday_afternoon():
    probe = started(wib(2026, 3, 13, 16, 0))
    assert probe.sla_started_at == wib(2026, 3, 13, 16, 0)
    assert probe.due_at == wib(2026, 3, 16, 8, 0)
    assert probe.sla_allowed_seconds == 3600
    assert probe.half_at == wib(2026, 3, 13, 16, 30)  # 30 working minutes: Friday's close
    assert probe.at_risk_at == wib(2026, 3, 16, 7, 48)  # 48 working minutes
    assert probe.paused_seconds == 0 and probe.sla_outcome == ""


def test_start_after_hours_counts_from_the_next_opening():
    probe = started(wib(2026, 3, 16, 19, 0))
    assert probe.sla_started_at == wib(2026, 3, 17, 7, 30)
    assert probe.due_at == wib(2026, 3, 17, 8, 30)


def test_restart_clears_the_claims():
    probe = started(wib(2026, 3, 16, 9, 0))
    probe.half_notified_at = wib(2026, 3, 16, 9, 30)
    probe.close_sla(wib(2026, 3, 16, 9, 45), met=True)
    probe.start_sla(ONE_HOUR, wib(2026, 3, 17, 9, 0))
    assert probe.half_notified_at is None and probe.sla_closed_at is None and probe.sla_outcome == ""


def test_states_over_time():
    probe = started(wib(2026, 3, 16, 9, 0))
    assert probe.sla(wib(2026, 3, 16, 9, 10)) == {"state": "on_track", "used_minutes": 10, "left_minutes": 50}
    assert probe.sla(wib(2026, 3, 16, 9, 48)) == {"state": "at_risk", "used_minutes": 48, "left_minutes": 12}
    assert probe.sla(wib(2026, 3, 16, 10, 0))["state"] == "breached"
    late = probe.sla(wib(2026, 3, 16, 13, 30))  # 3 h before lunch + 30 min after it; due at 10:00
    assert late == {"state": "breached", "used_minutes": 210, "left_minutes": -150}


def test_sla_uses_now_by_default():
    probe = started(wib(2026, 3, 16, 9, 0))
    with time_machine.travel(wib(2026, 3, 16, 9, 50), tick=False):
        assert probe.sla()["state"] == "at_risk"
        assert probe.sla_state() == "at_risk"


def test_pause_and_resume_shift_the_moments():
    probe = started(wib(2026, 3, 16, 9, 0))
    probe.pause_sla(wib(2026, 3, 16, 9, 20))
    assert probe.sla(wib(2026, 3, 16, 11, 0)) == {"state": "paused", "used_minutes": 20, "left_minutes": 40}
    paused = probe.resume_sla(wib(2026, 3, 16, 11, 20))
    assert paused == dt.timedelta(hours=2)
    assert probe.paused_at is None
    assert probe.paused_seconds == 7200
    assert probe.due_at == wib(2026, 3, 16, 12, 0)  # 40 minutes left from 11:20
    assert probe.half_at == wib(2026, 3, 16, 11, 30)
    assert probe.at_risk_at == wib(2026, 3, 16, 11, 48)
    assert probe.sla(wib(2026, 3, 16, 11, 30)) == {"state": "on_track", "used_minutes": 30, "left_minutes": 30}


def test_a_pause_over_lunch_counts_only_working_time():
    probe = started(wib(2026, 3, 16, 11, 0))  # due 12:00
    probe.pause_sla(wib(2026, 3, 16, 11, 30))
    probe.resume_sla(wib(2026, 3, 16, 13, 30))  # 30 + 30 working minutes paused
    assert probe.paused_seconds == 3600
    assert probe.due_at == wib(2026, 3, 16, 14, 0)  # the 30 minutes left, from 13:30


def test_a_pause_over_the_weekend():
    probe = started(wib(2026, 3, 13, 15, 0))  # Friday, due 16:00
    probe.pause_sla(wib(2026, 3, 13, 15, 30))
    probe.resume_sla(wib(2026, 3, 16, 9, 0))  # 1 h Friday + 1.5 h Monday
    assert probe.paused_seconds == int(2.5 * 3600)
    assert probe.due_at == wib(2026, 3, 16, 9, 30)


def test_pausing_twice_keeps_the_first_moment_and_resuming_unpaused_is_harmless():
    probe = started(wib(2026, 3, 16, 9, 0))
    assert probe.resume_sla(wib(2026, 3, 16, 9, 5)) == dt.timedelta(0)
    probe.pause_sla(wib(2026, 3, 16, 9, 10))
    probe.pause_sla(wib(2026, 3, 16, 9, 30))
    assert probe.paused_at == wib(2026, 3, 16, 9, 10)


def test_closing():
    met = started(wib(2026, 3, 16, 9, 0))
    met.close_sla(wib(2026, 3, 16, 9, 40), met=True)
    assert met.sla_outcome == SlaOutcome.MET
    assert met.sla(wib(2026, 3, 17, 9, 0)) == {"state": "met", "used_minutes": 40, "left_minutes": 20}

    missed = started(wib(2026, 3, 16, 9, 0))
    missed.close_sla(wib(2026, 3, 16, 10, 30), met=False)
    assert missed.sla(wib(2026, 3, 17, 9, 0)) == {"state": "missed", "used_minutes": 90, "left_minutes": -30}

    cancelled = started(wib(2026, 3, 16, 9, 0))
    cancelled.pause_sla(wib(2026, 3, 16, 9, 15))
    cancelled.close_sla(wib(2026, 3, 16, 10, 15), met=None)
    assert cancelled.paused_at is None and cancelled.paused_seconds == 3600
    assert cancelled.sla(wib(2026, 3, 17, 9, 0))["state"] == "void"


def test_an_item_without_a_clock_is_void():
    assert ClockProbe(title="Draf").sla(wib(2026, 3, 16, 9, 0)) == {
        "state": "void",
        "used_minutes": 0,
        "left_minutes": 0,
    }


def test_a_clock_policy_counts_around_the_clock_even_at_night():
    probe = started(wib(2026, 3, 14, 23, 0), Policy(10, Unit.clock_seconds), around_the_clock=True)
    assert probe.sla_started_at == wib(2026, 3, 14, 23, 0)
    assert probe.due_at == wib(2026, 3, 14, 23, 0, 10)
    assert probe.half_at == wib(2026, 3, 14, 23, 0, 5)
    assert probe.at_risk_at == wib(2026, 3, 14, 23, 0, 8)
    assert probe.sla_allowed_seconds == 10


def test_a_working_days_policy():
    probe = started(wib(2026, 3, 12, 10, 0), Policy(1, Unit.working_days))  # Thursday
    assert probe.due_at == wib(2026, 3, 13, 16, 30)
    assert probe.sla_allowed_seconds == int((5 + 7.5) * 3600)  # Thursday 10–12 and 13–16, all Friday
