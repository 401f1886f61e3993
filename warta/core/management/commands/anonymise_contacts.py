"""`manage.py anonymise_contacts`: replace the contact data of records closed longer ago than
WARTA_RETENTION_MONTHS (UU 27/2022); the records and their history stay. Run it daily (deploy/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from warta.core.privacy import anonymise_contacts, months_before


class Command(BaseCommand):
    help = (
        "Replace the contact data (name, phone, e-mail) of requests closed more than "
        "WARTA_RETENTION_MONTHS (default 24) months ago, and unlink their survey answers; events are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args: Any, **options: Any) -> None:
        months = int(settings.WARTA_RETENTION_MONTHS)
        cutoff = months_before(timezone.now(), months)
        with transaction.atomic():
            counts = anonymise_contacts(cutoff, dry_run=options["dry_run"])
        verb = "would be anonymised" if options["dry_run"] else "anonymised"
        self.stdout.write(f"Closed before {cutoff:%Y-%m-%d %H:%M} UTC ({months} months):")
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count} {verb}")
