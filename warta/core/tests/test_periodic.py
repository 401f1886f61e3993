"""The timers run each registered job once per interval, even with several timer processes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from warta.core import periodic

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 16, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def counted(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(periodic, "_jobs", {})
    periodic.register("every-minute", dt.timedelta(minutes=1), lambda: calls.append("m"))
    periodic.register("daily", dt.timedelta(days=1), lambda: calls.append("d"))
    return calls


def test_each_job_runs_once_per_interval(counted):
    assert periodic.run_due(NOW) == ["every-minute", "daily"]
    # A second timer process in the same moment finds both claimed.
    assert periodic.run_due(NOW) == []
    assert periodic.run_due(NOW + dt.timedelta(seconds=61)) == ["every-minute"]
    assert periodic.run_due(NOW + dt.timedelta(days=1, seconds=1)) == ["every-minute", "daily"]
    assert counted == ["m", "d", "m", "m", "d"]


def test_a_failing_job_does_not_stop_the_others(monkeypatch, caplog):
    monkeypatch.setattr(periodic, "_jobs", {})
    calls = []
    periodic.register("broken", dt.timedelta(minutes=1), lambda: 1 / 0)
    periodic.register("fine", dt.timedelta(minutes=1), lambda: calls.append("ok"))
    assert periodic.run_due(NOW) == ["broken", "fine"]
    assert calls == ["ok"] and "broken" in caplog.text


def test_run_timers_runs_the_registered_jobs(counted):
    call_command("run_timers", "--once")
    assert counted == ["m", "d"]


def test_publishing_registers_its_sweep_and_the_daily_account_check():
    names = {job.name: job.every for job in periodic.jobs()}
    assert names["social.sweep"] == dt.timedelta(minutes=1)
    assert names["social.check_accounts"] == dt.timedelta(days=1)


def test_the_desk_cleans_abandoned_form_files_every_hour():
    assert {job.name: job.every for job in periodic.jobs()}["desk.clean_pending_uploads"] == dt.timedelta(hours=1)
