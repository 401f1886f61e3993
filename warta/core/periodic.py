"""Jobs that the timers run at an interval, registered by the parts that own them (the clock does not
know them). Each run is claimed on a row, so with several timer processes a job runs once per interval."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from warta.core.models import Heartbeat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], object]


_jobs: dict[str, Job] = {}


def register(name: str, every: dt.timedelta, run: Callable[[], object]) -> None:
    _jobs[name] = Job(name, every, run)


def jobs() -> list[Job]:
    return list(_jobs.values())


def claim(job: Job, now: dt.datetime) -> bool:
    """True for the one process that takes this interval's run."""
    key = f"job:{job.name}"
    if Heartbeat.objects.filter(name=key, at__lte=now - job.every).update(at=now):
        return True
    if Heartbeat.objects.filter(name=key).exists():
        return False
    try:
        with transaction.atomic():
            Heartbeat.objects.create(name=key, at=now)
    except IntegrityError:  # another process created it first
        return False
    return True


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Run every job whose interval has passed; a failing job is logged and does not stop the others."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        if not claim(job, now):
            continue
        try:
            job.run()
        except Exception:
            log.exception("periodic job %s failed", job.name)
        ran.append(job.name)
    return ran
