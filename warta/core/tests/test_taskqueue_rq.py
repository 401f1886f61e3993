"""On RQ (WARTA_TASKS_BACKEND=rq) the lease is RQ's own: a job whose worker died is found by
StartedJobRegistry.cleanup() and re-queued from the failed registry, at most three times, then left
failed and reported. Runs against a redis-server of its own on a free port."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from warta.core.taskqueue import MAX_REQUEUES, reap

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None and os.environ.get("CI") != "true", reason="redis-server is not installed (CI installs it)"
)


@pytest.fixture
def rq_queue(tmp_path):
    import redis

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [REDIS or "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
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
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
            RQ_QUEUES={"default": {"URL": f"redis://127.0.0.1:{port}/0"}},
        ):
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


def test_an_abandoned_rq_job_is_requeued_then_given_up(rq_queue):
    from warta.notify.tasks import send_email

    result = send_email.enqueue(to=["warga@example.com"], subject="Halo", body="Isi")
    later = timezone.now() + dt.timedelta(hours=1)  # past any heartbeat the dead worker left

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

    reaped = reap(now=later)
    assert reaped.requeued == []
    assert [(given.id, given.attempts) for given in reaped.failed] == [(job.id, MAX_REQUEUES + 1)]
    assert job.get_status(refresh=True) == "failed"
    assert queue.job_ids == []
    assert reap(now=later).failed == []  # reported once
