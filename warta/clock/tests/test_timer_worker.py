"""Two real `run_timers` workers against a shared SQLite file, with no frozen time: each warning of
a round-the-clock item with a few seconds' policy arrives exactly once, within seconds."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
import django, json
django.setup()
from django.utils import timezone
"""

CREATE = """
from warta.accounts import roles
from warta.accounts.models import User
from django.contrib.auth.models import Group
from warta.clock.models import ClockProbe
from warta.clock.policy import Policy, Unit

def person(name, role):
    user = User.objects.create_user(name, email=name + "@example.go.id", password="x-" + name + "-123", first_name=name)
    user.groups.add(Group.objects.get(name=role))
    return user

staf = person("staf", roles.STAF_IKP)
person("kabid", roles.KABID_IKP)
person("kadis", roles.PIMPINAN)
probe = ClockProbe(title="Uji pekerja", holder=staf, around_the_clock=True)
probe.start_sla(Policy(4, Unit.clock_seconds), timezone.now())
probe.save()
print(json.dumps({"pk": probe.pk}))
"""


def _report(db: Path) -> dict:
    """What the workers wrote, read straight from the shared database file."""
    with sqlite3.connect(db, timeout=20) as conn:
        notices = conn.execute(
            "SELECT u.username, n.text FROM notify_notice n JOIN accounts_user u ON u.id = n.recipient_id ORDER BY n.id"
        ).fetchall()
        breaches = conn.execute(
            "SELECT u.username, b.step FROM clock_breach b LEFT JOIN accounts_user u ON u.id = b.holder_id"
        ).fetchall()
        row = conn.execute(
            "SELECT half_at, at_risk_at, due_at, half_notified_at, at_risk_notified_at, due_notified_at "
            "FROM clock_clockprobe"
        ).fetchone()
    return {
        "notices": [list(n) for n in notices],
        "breaches": [list(b) for b in breaches],
        "moments": dict(zip(("half_at", "at_risk_at", "due_at"), row[:3], strict=True)),
        "claimed": dict(zip(("half_notified_at", "at_risk_notified_at", "due_notified_at"), row[3:], strict=True)),
    }


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "WARTA_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'warta.sqlite3'}",
        DJANGO_SETTINGS_MODULE="warta.settings",
        WARTA_TASKS_BACKEND="immediate",
        WARTA_EMAIL="file",
        WARTA_VAR_DIR=str(tmp_path / "var"),
        WARTA_LOG_LEVEL="WARNING",
    )
    return env


def _python(code: str, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SETUP + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_two_workers_send_each_warning_exactly_once(tmp_path):
    env = _env(tmp_path)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr

    # Each worker's output goes to a file (a pipe no one reads while they run would stall them).
    logs = [tmp_path / f"timers-{i}.log" for i in range(2)]
    workers = []
    for log in logs:
        with log.open("w") as output:
            workers.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "run_timers", "--interval", "0.5"],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        time.sleep(2)  # both workers are up and looping
        _python(CREATE, env)
        deadline = time.monotonic() + 25
        report: dict = {}
        while time.monotonic() < deadline:
            time.sleep(1)
            report = _report(tmp_path / "warta.sqlite3")
            if report["breaches"] and len(report["notices"]) >= 5:
                time.sleep(2)  # give a duplicate, if any, the time to appear
                report = _report(tmp_path / "warta.sqlite3")
                break
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=20)
    for worker, log in zip(workers, logs, strict=True):
        output = log.read_text()
        assert worker.returncode == 0, output
        assert "Traceback" not in output, output

    notices = report["notices"]
    by_person: dict[str, list[str]] = {}
    for username, text in notices:
        by_person.setdefault(username, []).append(text)
    # the holder: 50 %, 80 % and the deadline, once each; the superiors: the deadline only
    assert len(by_person["staf"]) == 3
    assert sum("Separuh waktu layanan" in t for t in by_person["staf"]) == 1
    assert sum("80% waktu layanan" in t for t in by_person["staf"]) == 1
    assert sum("telah terlewati" in t for t in by_person["staf"]) == 1
    assert len(by_person["kabid"]) == 1 and "telah terlewati" in by_person["kabid"][0]
    assert len(by_person["kadis"]) == 1 and "telah terlewati" in by_person["kadis"][0]
    assert len(notices) == 5
    assert report["breaches"] == [["staf", "Uji jam layanan"]]

    # each warning went out within seconds of its moment (the promise is 60 s)
    for moment, claim in (
        ("half_at", "half_notified_at"),
        ("at_risk_at", "at_risk_notified_at"),
        ("due_at", "due_notified_at"),
    ):
        claimed = report["claimed"][claim]
        assert claimed, claim
        lag = dt.datetime.fromisoformat(claimed) - dt.datetime.fromisoformat(report["moments"][moment])
        assert dt.timedelta(0) <= lag < dt.timedelta(seconds=10), (moment, lag)

    # the e-mails, written by the file backend: one per warning and recipient
    mails = [p.read_text() for p in (tmp_path / "var" / "mail").glob("*.log")]
    subjects = [line for text in mails for line in text.splitlines() if line.startswith("Subject:")]
    assert len(subjects) == 5, subjects
    recipients = sorted(
        line.split(":", 1)[1].strip() for text in mails for line in text.splitlines() if line.startswith("To:")
    )
    assert recipients == sorted(["staf@example.go.id"] * 3 + ["kabid@example.go.id", "kadis@example.go.id"])
