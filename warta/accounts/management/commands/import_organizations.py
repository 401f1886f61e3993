from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from warta.accounts.csv_import import import_organizations


class Command(BaseCommand):
    help = "Import the OPD/UPT directory from a CSV file with columns code,name,kind,parent_code."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        result = import_organizations(text)
        if result.errors:
            raise CommandError("Nothing imported:\n" + "\n".join(result.errors))
        self.stdout.write(f"{result.created} created, {result.updated} updated")
