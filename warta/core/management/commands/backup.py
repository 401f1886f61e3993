"""`manage.py backup PATH.tar.gz`: the database, the media folder and a manifest in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from warta.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with the database (SQLite's online backup or pg_dump -Fc), "
        "the media folder and a manifest of row counts and SHA-256 checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The archive to write, e.g. /var/backups/warta/2026-11-30.tar.gz")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.name.endswith((".tar.gz", ".tgz")):
            raise CommandError("The archive's name must end in .tar.gz")
        try:
            summary = backup(path, Path(settings.MEDIA_ROOT), options["database"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {path}: {summary.tables} tables, {summary.rows} rows, "
            f"{summary.files} media files ({summary.bytes} bytes)."
        )
