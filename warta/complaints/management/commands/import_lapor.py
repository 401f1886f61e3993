from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from warta.complaints.lapor import import_text


class Command(BaseCommand):
    help = "Import SP4N-LAPOR reports from a CSV file (tracking_id, received_at, title, body, category)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        report = import_text(text, None)
        for number in report.created:
            self.stdout.write(f"created {number}")
        for line, tracking_id in report.skipped:
            self.stdout.write(f"line {line}: {tracking_id} already recorded, skipped")
        for line, reason in report.refused:
            self.stderr.write(f"line {line}: refused: {reason}")
        self.stdout.write(
            f"{len(report.created)} created, {len(report.skipped)} skipped, {len(report.refused)} refused"
        )
        if report.refused:
            raise SystemExit(1)
