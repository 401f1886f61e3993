"""Loops the clock's timers: every few seconds, claims and sends the warnings whose moment came."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from warta.clock.watch import run_due
from warta.core import periodic
from warta.core.health import beat


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
