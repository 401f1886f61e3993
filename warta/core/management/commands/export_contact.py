"""`manage.py export_contact --phone P | --email E`: everything held about one person, as JSON,
for a data-subject request under UU 27/2022 (every registered holder of contact data answers)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from warta.core.office import get_office
from warta.core.privacy import Person, export_contact


class Command(BaseCommand):
    help = "Write everything held about one person (found by phone number or e-mail) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--phone", help="The WhatsApp/phone number, in any usual form (0812…, +62 812…).")
        who.add_argument("--email", help="The e-mail address (any case).")
        parser.add_argument("--output", "-o", help="Write to this file instead of the standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        phone = (options.get("phone") or "").strip()
        email = (options.get("email") or "").strip()
        if options.get("phone") is not None and len(re.sub(r"\D", "", phone)) < 8:
            raise CommandError("--phone: give a phone number with at least 8 digits.")
        if options.get("email") is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
            raise CommandError("--email: give an e-mail address.")
        person = Person(phone=phone, email=email)
        with translation.override(settings.LANGUAGE_CODE):
            held = export_contact(person)
            office = get_office()
            document = {
                "subject": {key: value for key, value in (("phone", person.phone), ("email", person.email)) if value},
                "controller": f"{office.name} {office.regency}",
                "generated_at": timezone.now().isoformat(timespec="seconds"),
                "retention_months": settings.WARTA_RETENTION_MONTHS,
                "found": sum(len(items) for items in held.values()),
                "data": held,
            }
        text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
        if options.get("output"):
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"{document['found']} record(s) written to {options['output']}")
        else:
            self.stdout.write(text)
