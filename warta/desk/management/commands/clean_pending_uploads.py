"""Removes the files kept on intake forms that were abandoned for a day, and old one-use form keys."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from warta.desk.intake import clean_abandoned


class Command(BaseCommand):
    help = "Menghapus berkas formulir permohonan yang ditinggalkan lebih dari sehari (jalankan tiap jam)."

    def handle(self, *args: Any, **options: Any) -> None:
        files, keys = clean_abandoned()
        self.stdout.write(f"clean_pending_uploads: {files} file(s), {keys} form key(s) removed")
