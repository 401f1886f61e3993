"""On RQ (WARTA_TASKS_BACKEND=rq) the lease is RQ's own: a job whose worker died is found by
StartedJobRegistry.cleanup() and re-queued from the failed registry, at most three times, then left
failed and reported. Runs against a redis-server of its own on a free port."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from warta.core.taskqueue import MAX_REQUEUES, reap

REDIS = shutil.which("redis-server")
ROOT = Path(__file__).resolve().parents[3]
LOCAL_REDIS = ("127.0.0.1", 6379)
LOCAL_DB = 14  # the local Redis's database these tests use (and empty afterwards), when they use it


def _local_redis_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(LOCAL_REDIS) == 0


pytestmark = [
    pytest.mark.skipif(
        REDIS is None and not _local_redis_up() and os.environ.get("CI") != "true",
        reason="neither redis-server nor a Redis at 127.0.0.1:6379 (CI has one)",
    ),
    pytest.mark.django_db,  # the report of a given-up job is marked on commit
]


def _settings(url: str):
    return override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": url}},
    )


@pytest.fixture
def rq_queue(tmp_path):
    """A Redis for RQ: a redis-server of its own on a free port, else the local one's database 14
    (refused unless empty, emptied afterwards)."""
    import redis

    if REDIS is None:
        client = redis.Redis(*LOCAL_REDIS, db=LOCAL_DB)
        if client.dbsize():
            pytest.fail(f"the local Redis's database {LOCAL_DB} is in use; the RQ tests need it empty")
        try:
            with _settings(f"redis://{LOCAL_REDIS[0]}:{LOCAL_REDIS[1]}/{LOCAL_DB}"):
                yield
        finally:
            client.flushdb()
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        with _settings(f"redis://127.0.0.1:{port}/0"):
            yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def _start_and_die():
    """What an RQ worker does up to running the job; then it is killed (no success, no failure)."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import Worker

    queue = django_rq.get_queue("default", job_class=Job)
    worker = Worker([queue], connection=queue.connection, job_class=Job)
    worker.register_birth()
    dequeued = worker.dequeue_job_and_maintain_ttl(timeout=1)
    assert dequeued is not None, "nothing in the queue"
    job, _queue = dequeued
    worker.prepare_execution(job)
    worker.prepare_job_execution(job)
    return queue, job


def _abandon_until_given_up(later):
    """Enqueue a task and let its worker die MAX_REQUEUES + 1 times; the job, about to be given up."""
    from warta.notify.tasks import send_email

    result = send_email.enqueue(to=["warga@example.com"], subject="Halo", body="Isi")
    queue, job = _start_and_die()
    assert job.id == result.id and job.get_status(refresh=True) == "started"
    assert reap(now=timezone.now()).requeued == []  # its heartbeat has not run out yet

    for attempt in range(1, MAX_REQUEUES + 1):
        reaped = reap(now=later)
        assert reaped.requeued == [job.id], attempt
        assert reaped.failed == []
        assert queue.job_ids == [job.id]
        assert job.get_status(refresh=True) == "queued"
        queue, job = _start_and_die()
    return queue, job


def test_an_abandoned_rq_job_is_requeued_then_given_up(rq_queue, django_capture_on_commit_callbacks):
    later = timezone.now() + dt.timedelta(hours=1)  # past any heartbeat the dead worker left
    queue, job = _abandon_until_given_up(later)

    with django_capture_on_commit_callbacks(execute=True):
        reaped = reap(now=later)
    assert reaped.requeued == []
    assert [(given.id, given.attempts) for given in reaped.failed] == [(job.id, MAX_REQUEUES + 1)]
    assert job.get_status(refresh=True) == "failed"
    assert queue.job_ids == []
    with django_capture_on_commit_callbacks(execute=True):
        assert reap(now=later).failed == []  # reported once


def test_a_given_up_job_whose_report_was_lost_is_reported_again(rq_queue, django_capture_on_commit_callbacks):
    from django.db import transaction

    later = timezone.now() + dt.timedelta(hours=1)
    _queue, job = _abandon_until_given_up(later)

    class ReportFailed(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReportFailed), transaction.atomic():
        assert [given.id for given in reap(now=later).failed] == [job.id]
        raise ReportFailed  # the admins' e-mail could not be stored: rolled back
    with django_capture_on_commit_callbacks(execute=True):
        assert [given.id for given in reap(now=later).failed] == [job.id]  # told now
    with django_capture_on_commit_callbacks(execute=True):
        assert reap(now=later).failed == []  # and only now


def test_a_second_reaper_leaves_a_locked_queue_alone(rq_queue):
    import django_rq

    later = timezone.now() + dt.timedelta(hours=1)
    from warta.notify.tasks import send_email

    send_email.enqueue(to=["warga@example.com"], subject="Halo", body="Isi")
    queue, job = _start_and_die()
    lock = django_rq.get_queue("default").connection.lock(f"warta:reap:{queue.name}", timeout=60)
    assert lock.acquire(blocking=False)
    try:
        assert reap(now=later).requeued == []  # another reaper holds the queue
    finally:
        lock.release()
    assert reap(now=later).requeued == [job.id]


ENQUEUE = """
import django
django.setup()
import django_rq
from warta.notify.tasks import send_email
result = send_email.enqueue(to=["warga@example.com"], subject="Halo", body="Isi")
print(django_rq.get_queue("default").fetch_job(result.id).timeout)
"""


@pytest.mark.parametrize("lease", ["", "1800"])
def test_each_rq_job_may_run_as_long_as_the_lease(rq_queue, tmp_path, lease):
    """RQ stops a job at its timeout (180 s unless told): WARTA_TASK_LEASE_S is that timeout, so a
    long report is not cut off on RQ while it would finish on the database queue."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="warta.settings",
        WARTA_VAR_DIR=str(tmp_path),
        WARTA_TASKS_BACKEND="rq",
        REDIS_URL=settings.RQ_QUEUES["default"]["URL"],
        WARTA_TASK_LEASE_S=lease,
    )
    done = subprocess.run(
        [sys.executable, "-c", ENQUEUE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == (lease or "600")
