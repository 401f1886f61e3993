"""What `/healthz` reports: the database, the oldest queued task, the timers' last beat.

Only numbers and "ok"/"error": no version, no host name, no setting, no personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from warta.core.models import Heartbeat

TIMERS = "timers"
# A queued task waiting longer than this means no worker is taking work.
TASK_WAIT_LIMIT_S = 300
# `run_timers` beats every 15 s at most; a beat older than this means the timers are not running.
BEAT_LIMIT_S = 120
PATH = "/healthz"


def beat(name: str = TIMERS, now: dt.datetime | None = None) -> None:
    """Record that `name` went round its loop (one row per process kind, seen by every process)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": now or timezone.now()})


def _age(since: dt.datetime | None, now: dt.datetime) -> int | None:
    if since is None:
        return None
    return max(0, int((now - since).total_seconds()))


def beat_age(name: str, now: dt.datetime) -> int | None:
    at = Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()
    return _age(at, now)


def _tasks_backend() -> str:
    return str(settings.TASKS["default"]["BACKEND"])


def oldest_task_age(now: dt.datetime) -> int | None:
    """Seconds the oldest task that could run now has waited; None when nothing waits (or the
    backend keeps no queue, as the in-process one of the tests)."""
    backend = _tasks_backend()
    if backend.startswith("django_tasks_db."):
        return _age(_oldest_db_task(now), now)
    if backend.startswith("django_tasks_rq."):
        return _age(_oldest_rq_job(), now)
    return None


def _oldest_db_task(now: dt.datetime) -> dt.datetime | None:
    """django-tasks-db: a READY row waits from its enqueueing, or from its run_after when it was
    scheduled for later (a task scheduled for the future is not waiting yet)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready()
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest(F("enqueued_at"), F("run_after")),
    )
    return ready.aggregate(oldest=Min(waiting_since))["oldest"]


def _oldest_rq_job() -> dt.datetime | None:
    """RQ: the enqueue time of the job at the head of each configured queue (the oldest waiting)."""
    import django_rq

    oldest: dt.datetime | None = None
    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        queue = django_rq.get_queue(name)
        for job_id in queue.get_job_ids(0, 1):
            job = queue.fetch_job(job_id)
            if job is None or job.enqueued_at is None:
                continue
            at = job.enqueued_at
            if timezone.is_naive(at):
                at = timezone.make_aware(at, dt.UTC)
            oldest = at if oldest is None or at < oldest else oldest
    return oldest


def report(now: dt.datetime | None = None) -> tuple[dict[str, Any], bool]:
    """(the JSON body, healthy?)."""
    now = now or timezone.now()
    body: dict[str, Any] = {"database": "ok", "oldest_task_age_s": None, "timers_beat_age_s": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["timers_beat_age_s"] = beat_age(TIMERS, now)
    except DatabaseError:
        body["database"] = "error"
        return body, False
    healthy = body["timers_beat_age_s"] is not None and body["timers_beat_age_s"] <= BEAT_LIMIT_S
    try:
        body["oldest_task_age_s"] = oldest_task_age(now)
    except Exception:  # the queue's store (the database or Redis) did not answer
        body["queue"] = "error"
        return body, False
    if body["oldest_task_age_s"] is not None and body["oldest_task_age_s"] > TASK_WAIT_LIMIT_S:
        healthy = False
    return body, healthy


class HealthCheckMiddleware:
    """Answers `/healthz` before the middleware that reads the database (the office's zone, the
    session): when the database is down the check must say so with a 503, not fail with a 500.

    It sits right after SecurityMiddleware, whose HTTPS redirect skips it (SECURE_REDIRECT_EXEMPT),
    so a monitor on the machine may ask gunicorn over plain HTTP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            from warta.core.views import healthz

            return healthz(request)
        return self.get_response(request)
