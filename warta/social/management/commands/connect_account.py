"""`manage.py connect_account PLATFORM --account-id ID --handle HANDLE --token-file PATH`

Stores the office's account on a platform with its token (encrypted at rest); `-` reads the token
from standard input so that it never stands in the shell's history. X also takes the refresh token.
The account replaces the platform's active one."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from warta.social.models import Account, AccountStatus, Platform

STDIN = "-"


def _read(path: str, what: str) -> str:
    if path == STDIN:
        value = sys.stdin.readline().strip()
    else:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Cannot read the {what} file: {exc.strerror}") from None
    if not value:
        raise CommandError(f"The {what} is empty.")
    return value


class Command(BaseCommand):
    help = "Connect the office's account on Instagram, Facebook or X with a token read from a file or stdin."

    def add_arguments(self, parser):
        parser.add_argument("platform", choices=Platform.values)
        parser.add_argument("--account-id", required=True, help="IG user id, Facebook Page id or X user id.")
        parser.add_argument("--handle", required=True)
        parser.add_argument("--token-file", required=True, help="A file holding the access token, or - for stdin.")
        parser.add_argument("--refresh-token-file", help="X: a file holding the refresh token, or - for stdin.")
        parser.add_argument("--scopes", default="")

    def handle(self, *args, platform, account_id, handle, token_file, refresh_token_file, scopes, **options):
        if refresh_token_file and platform != Platform.X:
            raise CommandError("--refresh-token-file is for X only.")
        if STDIN == token_file == refresh_token_file:
            raise CommandError("Only one of the tokens can come from stdin.")
        token = _read(token_file, "token")
        refresh = _read(refresh_token_file, "refresh token") if refresh_token_file else ""
        with transaction.atomic():
            Account.objects.filter(platform=platform, is_active=True).update(is_active=False)
            account = Account.objects.create(
                platform=platform,
                account_id=account_id.strip(),
                handle=handle.strip().lstrip("@"),
                access_token=token,
                refresh_token=refresh,
                scopes=scopes,
                status=AccountStatus.OK,
            )
        self.stdout.write(f"Connected {account.get_platform_display()} @{account.handle} ({account.account_id}).")
