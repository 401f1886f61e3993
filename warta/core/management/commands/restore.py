"""`manage.py restore PATH.tar.gz`: into an empty database and an empty media folder, then checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from warta.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an EMPTY database (DATABASE_URL) and an EMPTY "
        "media folder (WARTA_MEDIA_ROOT), then check every table's row count and every file's checksum "
        "against the archive's manifest. A target that is not empty is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            summary = restore(path, Path(settings.MEDIA_ROOT), options["database"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored from {path} and checked against its manifest: {summary.tables} tables, "
            f"{summary.rows} rows, {summary.files} media files."
        )
