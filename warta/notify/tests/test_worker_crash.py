"""A real worker (`manage.py db_worker`) killed with SIGKILL mid-send, against a local SMTP server and a
file-based SQLite database: after the queue's lease re-queues the work and a new worker starts, every
Message-ID arrives; once when the kill fell before the server accepted the message, and at most
twice, with the same Message-ID, when it fell between the server's acceptance and our commit."""

from __future__ import annotations

import asyncio
import email
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from warta.core.tests.processes import db_worker, run

BEFORE_ACCEPTANCE = "Putus sebelum diterima"
AFTER_ACCEPTANCE = "Putus setelah diterima"
UNTOUCHED = "Tanpa gangguan"

QUEUE = """
import django, json
django.setup()
from django.db import transaction
from warta.notify import send
with transaction.atomic():
    rows = [
        send.send_message(send.Message(subject=subject, body="Isi pesan.", to_emails=["warga@example.com"]))
        for subject in json.loads(SUBJECTS)
    ]
print(json.dumps({row.subject: row.message_id for row in rows}))
"""


class Server:
    """An SMTP server that stalls once before accepting one message, and once after accepting another."""

    def __init__(self) -> None:
        self.accepted: list[tuple[str, str]] = []
        self.stalled_in_data = threading.Event()
        self.stalled_in_quit = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        subject, message_id = str(message["Subject"]), str(message["Message-ID"])
        if subject == BEFORE_ACCEPTANCE and not self.stalled_in_data.is_set():
            self.stalled_in_data.set()  # the worker waits for our answer: the test kills it now
            await asyncio.sleep(5)
            return "451 Requested action aborted: the client went away"  # never accepted
        self.accepted.append((subject, message_id))
        session.last_subject = subject
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        if getattr(session, "last_subject", "") == AFTER_ACCEPTANCE and not self.stalled_in_quit.is_set():
            self.stalled_in_quit.set()  # accepted, and the worker has not yet recorded it as sent
            await asyncio.sleep(5)
        return "221 Bye"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path: Path, smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "WARTA_", "EMAIL_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'warta.sqlite3'}",
        DJANGO_SETTINGS_MODULE="warta.settings",
        WARTA_TASKS_BACKEND="db",
        WARTA_EMAIL="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="0",
        EMAIL_USE_SSL="0",
        EMAIL_TIMEOUT="30",
        DEFAULT_FROM_EMAIL="Warta <warta@kominfo.example.go.id>",
        WARTA_TASK_LEASE_S="1",
        WARTA_VAR_DIR=str(tmp_path / "var"),
        WARTA_LOG_LEVEL="WARNING",
    )
    return env


def _kill(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)


def _rows(db: Path) -> dict[str, tuple[str, str, int]]:
    """subject -> (message status, task status, claims) straight from the shared file."""
    with sqlite3.connect(db, timeout=20) as conn:
        messages = conn.execute("SELECT id, subject, status FROM notify_outgoingmessage").fetchall()
        tasks = conn.execute(
            "SELECT args_kwargs, status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'warta.notify.tasks.deliver'"
        ).fetchall()
    by_pk = {json.loads(args)["args"][0]: (status, len(json.loads(workers))) for args, status, workers in tasks}
    return {subject: (status, *by_pk[pk]) for pk, subject, status in messages}


def _reap(env: dict[str, str]) -> None:
    time.sleep(1.5)  # past the one-second lease
    run([sys.executable, "manage.py", "run_timers", "--once"], env)


@pytest.mark.slow
def test_a_worker_killed_mid_send_loses_no_message_and_repeats_none_it_had_not_handed_over(tmp_path):
    from aiosmtpd.controller import Controller

    server = Server()
    smtp_port = _free_port()
    controller = Controller(server, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = _env(tmp_path, smtp_port)
    db = tmp_path / "warta.sqlite3"
    workers: list[subprocess.Popen] = []
    try:
        run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
        subjects = [BEFORE_ACCEPTANCE, AFTER_ACCEPTANCE, UNTOUCHED]
        code = f"SUBJECTS = {json.dumps(subjects)!r}\n{QUEUE}"
        ids = json.loads(run([sys.executable, "-c", code], env).stdout.splitlines()[-1])
        assert len(set(ids.values())) == 3

        # 1. Killed while the server still weighs the first message: it was never accepted.
        log = tmp_path / "workers.log"
        workers.append(db_worker(env, log))
        assert server.stalled_in_data.wait(60), log.read_text()
        _kill(workers[-1])
        assert _rows(db)[BEFORE_ACCEPTANCE][:2] == ("sending", "RUNNING")
        _reap(env)
        assert _rows(db)[BEFORE_ACCEPTANCE][1] == "READY"

        # 2. Killed after the server accepted the second message, before we recorded it as sent.
        workers.append(db_worker(env, log))
        assert server.stalled_in_quit.wait(60), log.read_text()
        _kill(workers[-1])
        assert _rows(db)[AFTER_ACCEPTANCE][:2] == ("sending", "RUNNING")
        _reap(env)

        # 3. A worker that is left alone finishes the queue.
        workers.append(db_worker(env, log))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(row[0] != "sent" for row in _rows(db).values()):
            time.sleep(0.3)
        time.sleep(1)  # give a stray duplicate the time to arrive
        workers[-1].send_signal(signal.SIGTERM)
        workers[-1].wait(timeout=20)
        assert workers[-1].returncode == 0, log.read_text()
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        controller.stop()

    rows = _rows(db)
    assert {subject: row[:2] for subject, row in rows.items()} == {
        subject: ("sent", "SUCCESSFUL") for subject in subjects
    }
    assert rows[BEFORE_ACCEPTANCE][2] == 2 and rows[AFTER_ACCEPTANCE][2] == 2 and rows[UNTOUCHED][2] == 1
    arrived = Counter(message_id for _subject, message_id in server.accepted)
    assert set(arrived) == set(ids.values())  # every Message-ID arrived, and only ours
    assert arrived[ids[BEFORE_ACCEPTANCE]] == 1  # the kill fell before the server took it
    assert arrived[ids[UNTOUCHED]] == 1
    assert arrived[ids[AFTER_ACCEPTANCE]] == 2  # accepted, then killed before our commit: once more, same id
