"""`manage.py rotate_field_keys`: re-encrypt every stored secret with the first of WARTA_FIELD_KEYS.

Put the new key first in WARTA_FIELD_KEYS (keeping the old ones after it), run this, then drop the
old keys."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from warta.core.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key of WARTA_FIELD_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            with transaction.atomic():
                for row in model._default_manager.select_for_update().all():
                    rotate(row, fields)
                    total += 1
        self.stdout.write(f"Re-encrypted {total} row(s).")
