"""Loops the clock's timers: every few seconds, claims and sends the warnings whose moment came, and
puts back in the queue the tasks whose worker died (warta.core.taskqueue)."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, transaction

from warta.clock.watch import run_due
from warta.core import periodic
from warta.core.health import beat

REAP_EVERY_S = 30.0
_last_reap: float | None = None


def reap_tasks(force: bool = False) -> int:
    """The task queue's lease: re-queue tasks whose worker died, tell the admins of those given up.

    At most every REAP_EVERY_S seconds (the lease is minutes long); the first pass reaps at once.
    """
    global _last_reap
    from django.utils.translation import gettext as _

    from warta.core.taskqueue import reap
    from warta.notify import send
    from warta.notify.tasks import given_up

    if not force and _last_reap is not None and time.monotonic() - _last_reap < REAP_EVERY_S:
        return 0
    _last_reap = time.monotonic()
    try:
        with transaction.atomic():  # a task is marked failed only together with the admins' e-mail
            reaped = reap()
            if reaped.failed:
                send.email_admins(
                    _("[Warta] Tugas latar belakang gagal"), "notify/email/task_given_up", {"tasks": reaped.failed}
                )
                given_up(reaped.failed)  # an e-mail given up on goes on to its fallback
    except Exception:  # the timers must keep running even when the queue cannot be read
        logging.getLogger(__name__).exception("Reaping abandoned tasks failed")
        return 0
    return len(reaped.requeued) + len(reaped.failed)


class Command(BaseCommand):
    help = "Sends the SLA warnings (50 %, 80 %, deadline) whose moment has come, in a loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between passes (at most 15).")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = max(0.2, min(float(options["interval"]), 15.0))
        stopping = False

        def stop(_signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            sent = run_due()
            periodic.run_due()  # the jobs other parts registered (publishing's sweep, account checks)
            beat()  # /healthz reads the last beat (warta.core.health)
            reap_tasks()
            if sent or options["verbosity"] > 1:
                self.stdout.write(f"run_timers: {sent} warning(s) sent", ending="\n")
                self.stdout.flush()
            if options["once"] or stopping:
                break
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, interval))
            if stopping:
                break
            close_old_connections()  # a long-running worker drops broken or expired connections
