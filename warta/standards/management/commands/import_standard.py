"""`python manage.py import_standard PATH`: read a published service standard into the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from warta.standards.importer import import_standard
from warta.standards.parser import NotAStandard


class Command(BaseCommand):
    help = "Impor standar pelayanan dari berkas teks (format standar pelayanan yang dipublikasikan dinas)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=_("berkas standar (.txt)"))

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("%(path)s tidak dapat dibaca: %(error)s") % {"path": path, "error": exc.strerror})
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise CommandError(_("%(path)s: baris %(line)d: berkas bukan teks UTF-8") % {"path": path, "line": line})
        try:
            result = import_standard(text, file_name=path.name)
        except NotAStandard as exc:
            raise CommandError(
                _("%(path)s bukan standar pelayanan; tidak ada yang disimpan. %(error)s") % {"path": path, "error": exc}
            )

        service = result.service
        verb = _("dibuat") if result.created else _("diperbarui")
        self.stdout.write(
            _("Standar %(number)s. %(title)s (%(slug)s) %(verb)s: %(components)d komponen, %(flows)d alur.")
            % {
                "number": service.number or "-",
                "title": service.title,
                "slug": service.slug,
                "verb": verb,
                "components": result.record.component_count,
                "flows": result.record.flow_count,
            }
        )
        for value in service.values.order_by("key"):
            marker = _(" (koreksi admin)") if value.is_corrected else ""
            self.stdout.write(
                f"  {value.key}: {json.dumps(value.effective, ensure_ascii=False, sort_keys=True)}{marker}"
            )
        if result.dropped:
            self.stdout.write(self.style.WARNING(_("Koreksi yang dibuang karena teks sumbernya berubah:")))
            for item in result.dropped:
                self.stdout.write(
                    self.style.WARNING(
                        _("  %(key)s: koreksi %(correction)s dibuang; nilai baru %(value)s")
                        % {
                            "key": item.key,
                            "correction": json.dumps(item.correction, ensure_ascii=False, sort_keys=True),
                            "value": json.dumps(item.new_value, ensure_ascii=False, sort_keys=True),
                        }
                    )
                )
        if result.problems:
            self.stdout.write(
                self.style.WARNING(_("%(count)d bagian tidak terbaca:") % {"count": len(result.problems)})
            )
            for problem in result.problems:
                self.stdout.write(self.style.WARNING(f"  {problem}"))
        else:
            self.stdout.write(self.style.SUCCESS(_("Semua baris terbaca.")))
