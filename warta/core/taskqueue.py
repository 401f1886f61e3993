"""The task queue's lease: work whose worker died is put back in the queue, a few times, then failed.

django-tasks-db has no lease of its own: a worker killed mid-task (SIGKILL, power loss) leaves its
row RUNNING for ever. `reap()` puts a row RUNNING longer than `WARTA_TASK_LEASE_S` back to READY,
at most `MAX_REQUEUES` times, then marks it FAILED and returns it so the caller can tell the admins.
Each claim by a worker appends its id to the row's `worker_ids`, so the re-queues are counted
there: a row claimed n times has been re-queued n - 1 times.

On RQ the worker's own heartbeat and job timeout are the lease: `StartedJobRegistry.cleanup()`
moves an abandoned job to the FailedJobRegistry; we re-queue it from there, counting in its meta,
and after `MAX_REQUEUES` leave it failed and report it once (its meta remembers it was reported once
the report is committed). A lock in Redis keeps two reapers from re-queueing the same job twice.

Every task that can be re-queued must be safe to run twice (it checks its own record first): the
notify e-mail keeps its Message-ID and is not sent again once marked sent; a download is rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_REQUEUES = 3
ABANDONED = "warta.core.taskqueue.LeaseExpired"
RQ_LOCK_S = 60  # how long a reaper may hold a queue's lock before another may take it


@dataclass(frozen=True)
class GivenUp:
    """A task that died with its worker once more than `MAX_REQUEUES` re-queues allow."""

    id: str
    task_path: str
    attempts: int
    # The task's positional arguments (e.g. the message it was to send), for its owner's clean-up.
    args: tuple[Any, ...] = ()


@dataclass
class Reaped:
    requeued: list[str] = field(default_factory=list)
    failed: list[GivenUp] = field(default_factory=list)


def reap(lease_s: int | None = None, max_requeues: int = MAX_REQUEUES, now: dt.datetime | None = None) -> Reaped:
    """One pass over every task backend; safe to run from several processes at once."""
    from django_tasks import task_backends

    lease = int(lease_s if lease_s is not None else settings.WARTA_TASK_LEASE_S)
    reaped = Reaped()
    for backend in task_backends.all():
        kind = f"{type(backend).__module__}.{type(backend).__name__}"
        if kind.startswith("django_tasks_db."):
            _reap_db(backend.alias, lease, max_requeues, now or timezone.now(), reaped)
        elif kind.startswith("django_tasks_rq."):
            _reap_rq(backend, max_requeues, now, reaped)
    return reaped


def _reap_db(alias: str, lease_s: int, max_requeues: int, now: dt.datetime, reaped: Reaped) -> None:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stale = DBTaskResult.objects.filter(
        backend_name=alias, status=TaskResultStatus.RUNNING, started_at__lt=now - dt.timedelta(seconds=lease_s)
    ).values_list("id", "started_at", "worker_ids", "task_path", "args_kwargs")
    for pk, started_at, worker_ids, task_path, args_kwargs in stale:
        attempts = len(worker_ids or []) or 1
        # The conditional update is the claim: a worker that re-claimed the row meanwhile (new
        # started_at) or another reaper that got there first leaves nothing to update.
        row = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
        if attempts - 1 < max_requeues:
            if row.update(status=TaskResultStatus.READY, started_at=None):
                logger.warning("Task %s (%s) outlived its lease; re-queued (attempt %d)", pk, task_path, attempts)
                reaped.requeued.append(str(pk))
        elif row.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=ABANDONED,
            traceback=f"The worker running this task stopped {attempts} times without finishing it "
            f"(lease {lease_s} s); given up.",
        ):
            logger.error("Task %s (%s) abandoned %d times; marked failed", pk, task_path, attempts)
            args = tuple((args_kwargs or {}).get("args") or ())
            reaped.failed.append(GivenUp(id=str(pk), task_path=task_path, attempts=attempts, args=args))


def _reap_rq(backend, max_requeues: int, now: dt.datetime | None, reaped: Reaped) -> None:
    import django_rq
    from django_tasks_rq.backend import Job

    for name in sorted(backend.queues):
        queue = django_rq.get_queue(name, job_class=Job)
        # One reaper at a time per queue (the timers may run on several machines): another pass
        # holding the lock is doing this work already.
        lock = queue.connection.lock(f"warta:reap:{queue.name}", timeout=RQ_LOCK_S)
        if not lock.acquire(blocking=False):
            continue
        try:
            _reap_rq_queue(queue, Job, max_requeues, now, reaped)
        finally:
            with contextlib.suppress(Exception):  # expired meanwhile: nothing to release
                lock.release()


def _reap_rq_queue(queue, job_class, max_requeues: int, now: dt.datetime | None, reaped: Reaped) -> None:
    from rq.registry import FailedJobRegistry, StartedJobRegistry
    from rq.results import Result

    # abandoned jobs (their worker's heartbeat stopped) -> FailedJobRegistry, through django-tasks-rq's
    # job class, whose failure callback records the task's failure
    StartedJobRegistry(queue=queue, job_class=job_class).cleanup(timestamp=now.timestamp() if now else None)
    failed = FailedJobRegistry(queue=queue, job_class=job_class)
    for job_id in failed.get_job_ids():
        job = queue.fetch_job(job_id)
        if job is None or job.meta.get("warta_given_up"):
            continue
        result = job.latest_result()
        if result is None or result.type != Result.Type.FAILED or "AbandonedJobError" not in (result.exc_string or ""):
            continue  # a task that raised is not the lease's business
        requeues = int(job.meta.get("warta_requeues", 0))
        if requeues < max_requeues:
            job.meta["warta_requeues"] = requeues + 1
            job.save_meta()
            failed.requeue(job)
            logger.warning("RQ job %s was abandoned; re-queued (attempt %d)", job.id, requeues + 1)
            reaped.requeued.append(job.id)
        else:
            logger.error("RQ job %s abandoned %d times; left failed", job.id, requeues + 1)
            reaped.failed.append(
                GivenUp(id=job.id, task_path=job.func_name or "", attempts=requeues + 1, args=tuple(job.args or ()))
            )
            # Marked as reported only once the caller's transaction (the admins' e-mail) commits:
            # if that fails, the next pass reports it again, so the admins hear of it exactly once.
            transaction.on_commit(partial(_mark_given_up, job), robust=True)


def _mark_given_up(job) -> None:
    job.meta["warta_given_up"] = True
    job.save_meta()
