"""Checks the timers end to end: a probe item with a few seconds' round-the-clock deadline, whose
three warnings must be claimed (by the running `run_timers` worker, or here with --run-here)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from warta.accounts.models import User
from warta.clock.models import ClockProbe
from warta.clock.policy import Policy, Unit
from warta.clock.services import breaches_of
from warta.clock.watch import run_due

CLAIMS = ("half_notified_at", "at_risk_notified_at", "due_notified_at")


class Command(BaseCommand):
    help = "Creates a probe with a short deadline and waits until the timers have sent its three warnings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="Username who holds the probe (gets the notices and e-mails).")
        parser.add_argument("--seconds", type=int, default=6, help="The probe's deadline, in seconds.")
        parser.add_argument("--timeout", type=int, default=90, help="How long to wait for the warnings.")
        parser.add_argument("--run-here", action="store_true", help="Run the timers in this process.")
        parser.add_argument("--keep", action="store_true", help="Keep the probe and its breach record.")

    def handle(self, *args: Any, **options: Any) -> None:
        holder = None
        if options["user"]:
            holder = User.objects.filter(username=options["user"]).first()
            if holder is None:
                raise CommandError(f"No user {options['user']!r}")
        probe = ClockProbe(title="Uji jam layanan", holder=holder, around_the_clock=True)
        probe.start_sla(Policy(max(options["seconds"], 2), Unit.clock_seconds), timezone.now())
        probe.save()
        self.stdout.write(f"{probe}: due {probe.due_at:%H:%M:%S} UTC")
        until = time.monotonic() + options["timeout"]
        try:
            while time.monotonic() < until:
                if options["run_here"]:
                    run_due()
                probe.refresh_from_db()
                if all(getattr(probe, name) for name in CLAIMS):
                    break
                time.sleep(0.5)
            for name, moment in zip(CLAIMS, ("half_at", "at_risk_at", "due_at"), strict=True):
                claimed = getattr(probe, name)
                lag = f"{(claimed - getattr(probe, moment)).total_seconds():.1f} s late" if claimed else "NOT SENT"
                self.stdout.write(f"  {moment}: {lag}")
            if not all(getattr(probe, name) for name in CLAIMS):
                raise CommandError("The timers did not send every warning: is `manage.py run_timers` running?")
            self.stdout.write(self.style.SUCCESS("The timers work."))
        finally:
            if not options["keep"]:
                breaches_of(probe).delete()
                probe.delete()
