"""GET /healthz: 200 when the database answers, no task waits over 300 s and the timers beat within
120 s; 503 for each failure; plain JSON with nothing personal; reachable over plain HTTP."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connections
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from warta.core.health import beat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 16, 3, 0, tzinfo=dt.UTC)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def get(client: Client | None = None):
    return (client or Client()).get("/healthz")


def queue_task(enqueued_at: dt.datetime, run_after: dt.datetime | None = None) -> DBTaskResult:
    with time_machine.travel(enqueued_at, tick=False):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="warta.notify.tasks.send_email",
            backend_name="default",
            run_after=run_after or get_date_max(),
        )


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_healthy_is_200_with_the_three_figures(clock):
    beat(now=NOW - dt.timedelta(seconds=30))
    with override_settings(TASKS=DB_TASKS):
        queue_task(NOW - dt.timedelta(seconds=40))
        response = get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {"database": "ok", "oldest_task_age_s": 40, "timers_beat_age_s": 30}


def test_a_task_waiting_over_300_s_is_503(clock):
    beat(now=NOW)
    with override_settings(TASKS=DB_TASKS):
        queue_task(NOW - dt.timedelta(seconds=300))
        assert get().status_code == 200  # exactly the limit is still fine
        queue_task(NOW - dt.timedelta(seconds=301))
        response = get()
    assert response.status_code == 503
    assert response.json()["oldest_task_age_s"] == 301


def test_a_task_scheduled_for_later_is_not_waiting_yet(clock):
    beat(now=NOW)
    with override_settings(TASKS=DB_TASKS):
        # enqueued an hour ago to run in ten minutes: not waiting; another to run 10 s ago: waits 10 s
        queue_task(NOW - dt.timedelta(hours=1), run_after=NOW + dt.timedelta(minutes=10))
        queue_task(NOW - dt.timedelta(hours=1), run_after=NOW - dt.timedelta(seconds=10))
        response = get()
    assert response.status_code == 200
    assert response.json()["oldest_task_age_s"] == 10


def test_finished_and_running_tasks_do_not_count(clock):
    beat(now=NOW)
    with override_settings(TASKS=DB_TASKS):
        old = queue_task(NOW - dt.timedelta(hours=2))
        DBTaskResult.objects.filter(pk=old.pk).update(status="SUCCESSFUL")
        response = get()
    assert response.status_code == 200
    assert response.json()["oldest_task_age_s"] is None


def test_timers_beat_older_than_120_s_is_503(clock):
    beat(now=NOW - dt.timedelta(seconds=120))
    assert get().status_code == 200
    beat(now=NOW - dt.timedelta(seconds=121))
    response = get()
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "oldest_task_age_s": None, "timers_beat_age_s": 121}


def test_timers_that_never_beat_are_503(clock):
    response = get()
    assert response.status_code == 503
    assert response.json()["timers_beat_age_s"] is None


def test_run_timers_records_the_beat_every_pass(clock):
    call_command("run_timers", "--once")
    response = get()
    assert response.status_code == 200
    assert response.json()["timers_beat_age_s"] == 0


def test_database_down_is_503_not_500(clock, monkeypatch):
    beat(now=NOW)

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "oldest_task_age_s": None, "timers_beat_age_s": None}


def test_exempt_from_the_https_redirect_and_needs_no_host_name(clock):
    beat(now=NOW)
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["warta.example.go.id"]):
        response = Client().get("/healthz", HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200
        # every other page is redirected to HTTPS
        other = Client().get("/privasi/", HTTP_HOST="warta.example.go.id")
        assert other.status_code == 301 and other["Location"].startswith("https://")


def test_says_nothing_personal_or_secret(clock, office, pemohon):
    beat(now=NOW)
    response = get()
    text = response.content.decode()
    assert set(response.json()) == {"database", "oldest_task_age_s", "timers_beat_age_s"}
    for secret in ("dev-only", "postgres", "sqlite", pemohon.username, pemohon.email, "Purbalingga"):
        assert secret not in text


def test_post_is_refused(clock):
    beat(now=NOW)
    assert Client().post("/healthz").status_code == 405
    assert timezone.now() == NOW


@pytest.fixture
def rq_queue():
    """A queue of its own on the local Redis (the CI starts one; without it locally, skipped)."""
    import uuid

    import redis
    from rq import Queue

    url = "redis://127.0.0.1:6379/15"
    connection_ = redis.Redis.from_url(url)
    try:
        connection_.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is needed for the RQ health check under CI: {exc}")
        pytest.skip(f"no Redis at {url}")
    name = f"warta-healthz-{uuid.uuid4().hex[:8]}"
    queue = Queue(name, connection=connection_)
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    with override_settings(TASKS=tasks, RQ_QUEUES={name: {"URL": url}}):
        yield queue
    queue.delete(delete_jobs=True)


def test_rq_queue_head_waiting_over_300_s_is_503(clock, rq_queue):
    beat(now=NOW)
    assert get().json()["oldest_task_age_s"] is None  # an empty queue
    job = rq_queue.enqueue("warta.notify.tasks.send_email", to=["a@example.go.id"], subject="s", body="b")
    job.enqueued_at = (NOW - dt.timedelta(seconds=400)).replace(tzinfo=None)  # RQ stores UTC
    job.save()
    response = get()
    assert response.status_code == 503
    assert response.json()["oldest_task_age_s"] == 400
