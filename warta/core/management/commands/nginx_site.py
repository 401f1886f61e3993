"""`manage.py nginx_site --server-name HOST`: deploy/nginx/warta.conf.in with this deployment's
values, client_max_body_size from WARTA_MAX_UPLOAD_MB, ready for /etc/nginx/sites-available/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "warta.conf.in"
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
UPSTREAM = re.compile(r"^(unix:/[\w./-]+|[\w.-]+:\d{1,5}|\[[0-9a-f:]+\]:\d{1,5})$")
SAFE_PATH = re.compile(r"^/[\w./@+-]+$")
# The portal's request form carries up to this many files (warta.desk.forms.MEDIA_SLOTS).
FILES_PER_FORM = 3


def client_max_body_size(files: int = FILES_PER_FORM) -> str:
    """Each file may be as large as WARTA_MAX_UPLOAD_MB; one more megabyte for the form around them."""
    return f"{int(settings.WARTA_MAX_UPLOAD_MB) * files + 1}m"


def render(values: dict[str, str]) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = sorted(set(re.findall(r"@([A-Z_]+)@", text)))
    if left:
        raise CommandError(f"The template names values this command does not give: {', '.join(left)}")
    return text


class Command(BaseCommand):
    help = "Print (or write) the nginx site for this deployment, from deploy/nginx/warta.conf.in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server-name", required=True, help="The public host name, e.g. warta.example.go.id")
        parser.add_argument(
            "--certificate", help="TLS certificate chain (default: Let's Encrypt's fullchain.pem for the host)."
        )
        parser.add_argument("--certificate-key", help="TLS private key (default: Let's Encrypt's privkey.pem).")
        parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's address (WARTA_BIND).")
        parser.add_argument("--files-per-form", type=int, default=FILES_PER_FORM, help="Files one form may carry.")
        parser.add_argument("--output", "-o", help="Write to this file instead of the standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["server_name"].strip().lower()
        if not HOST_NAME.match(host):
            raise CommandError(f"--server-name: {host!r} is not a host name.")
        live = f"/etc/letsencrypt/live/{host}"
        certificate = options["certificate"] or f"{live}/fullchain.pem"
        key = options["certificate_key"] or f"{live}/privkey.pem"
        for flag, path in (("--certificate", certificate), ("--certificate-key", key)):
            if not SAFE_PATH.match(path):
                raise CommandError(f"{flag}: give an absolute path without spaces or quotes.")
        if not UPSTREAM.match(options["upstream"]):
            raise CommandError("--upstream: give HOST:PORT or unix:/path/to/socket.")
        if options["files_per_form"] < 1:
            raise CommandError("--files-per-form: at least 1.")
        text = render(
            {
                "SERVER_NAME": host,
                "CERTIFICATE": certificate,
                "CERTIFICATE_KEY": key,
                "UPSTREAM": options["upstream"],
                "CLIENT_MAX_BODY_SIZE": client_max_body_size(options["files_per_form"]),
            }
        )
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
