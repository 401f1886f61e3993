"""`python manage.py load_demo`: the demo office, organisations, one user per role, and requests.

Idempotent: `make run` runs it on every start; what exists is left as it is.
`--print-logins` prints only the login table (used by bin/serve) and exits.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from warta.desk import demo


class Command(BaseCommand):
    help = "Memuat data demo Dinkominfo Purbalingga (idempoten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Hanya cetak tabel login demo (pengguna, peran, sandi) lalu keluar.",
        )

    def handle(self, *args, **options) -> None:
        if options["print_logins"]:
            self.print_logins()
            return
        log = self.stdout.write if options["verbosity"] > 1 else None
        result = demo.load(log=log)
        # Parts below the desk add their own demo records after the users exist: an AppConfig with
        # `load_demo(log) -> str` (a summary such as "5 pengaduan baru"); the desk never imports them.
        loaders = [getattr(config, "load_demo", None) for config in apps.get_app_configs()]
        extra = [str(load(log)) for load in loaders if callable(load)]
        if result.standard:
            self.stdout.write("Standar pelayanan diimpor dari salinan proyek.")
        office = "; profil kantor dibuat" if result.office else ""
        self.stdout.write(
            f"Demo: {result.organizations} organisasi, {result.users} pengguna, "
            f"{result.requests} permohonan baru{''.join(', ' + part for part in extra)}{office}."
        )

    def print_logins(self) -> None:
        rows = [("Pengguna", "Peran", "Sandi"), *demo.logins()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            self.stdout.write("    " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
