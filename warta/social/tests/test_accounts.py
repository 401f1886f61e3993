"""Tokens are encrypted at rest, read back with any configured key, rotated to the first key, and
never shown; `connect_account` stores an account from a file or standard input."""

from __future__ import annotations

import io
import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from warta.core import crypto
from warta.social.models import Account, AccountStatus

pytestmark = pytest.mark.django_db

TOKEN = "EAAG-page-token-1234567890-secret"


def raw_column(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token FROM social_account WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_token_is_stored_encrypted_and_read_back(settings):
    account = Account.objects.create(platform="facebook", account_id="1001", handle="dinkominfopbg", access_token=TOKEN)
    stored = raw_column(account.pk)
    assert TOKEN not in stored and stored.startswith("gAAAA")
    assert Account.objects.get(pk=account.pk).access_token == TOKEN


def test_the_token_never_shows_in_a_repr_or_a_log(caplog):
    account = Account.objects.create(platform="x", account_id="1", handle="dinkominfopbg", access_token=TOKEN)
    account = Account.objects.get(pk=account.pk)
    logging.getLogger("warta").warning("account %r token %r", account, account.access_token)
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(account.access_token)


def test_keys_rotate_to_the_first_and_old_values_still_read(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WARTA_FIELD_KEYS = [old]
    account = Account.objects.create(platform="x", account_id="1", handle="h", access_token=TOKEN, refresh_token="r-1")
    before = raw_column(account.pk)
    settings.WARTA_FIELD_KEYS = [new, old]
    assert Account.objects.get(pk=account.pk).access_token == TOKEN  # the old key still reads
    call_command("rotate_field_keys", stdout=io.StringIO())
    after = raw_column(account.pk)
    assert after != before
    settings.WARTA_FIELD_KEYS = [new]  # the old key dropped: everything reads with the new one
    fresh = Account.objects.get(pk=account.pk)
    assert fresh.access_token == TOKEN and fresh.refresh_token == "r-1"


def test_a_wrong_key_is_a_clear_configuration_error(settings):
    settings.WARTA_FIELD_KEYS = ["not-a-fernet-key"]
    with pytest.raises(Exception, match="WARTA_FIELD_KEYS"):
        crypto.encrypt("x")


def test_connect_account_from_a_file_and_from_stdin(tmp_path, monkeypatch):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    out = io.StringIO()
    call_command(
        "connect_account",
        "facebook",
        "--account-id",
        "1001",
        "--handle",
        "@dinkominfopbg",
        "--token-file",
        str(token_file),
        stdout=out,
    )
    assert TOKEN not in out.getvalue()
    account = Account.objects.get(platform="facebook", is_active=True)
    assert account.handle == "dinkominfopbg" and account.access_token == TOKEN and account.status == AccountStatus.OK

    monkeypatch.setattr("sys.stdin", io.StringIO("second-token\n"))
    call_command(
        "connect_account",
        "facebook",
        "--account-id",
        "1002",
        "--handle",
        "dinkominfo2",
        "--token-file",
        "-",
        stdout=io.StringIO(),
    )
    assert Account.objects.get(platform="facebook", is_active=True).account_id == "1002"
    assert Account.objects.filter(platform="facebook").count() == 2  # the old one kept, inactive


def test_connect_account_refuses_what_makes_no_sense(tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("")
    with pytest.raises(CommandError, match="empty"):
        call_command("connect_account", "x", "--account-id", "1", "--handle", "h", "--token-file", str(empty))
    with pytest.raises(CommandError, match="X only"):
        call_command(
            "connect_account",
            "facebook",
            "--account-id",
            "1",
            "--handle",
            "h",
            "--token-file",
            str(empty),
            "--refresh-token-file",
            str(empty),
        )
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "connect_account", "x", "--account-id", "1", "--handle", "h", "--token-file", str(tmp_path / "nope")
        )
    assert not Account.objects.exists()


def test_the_admin_never_shows_a_token(admin_client):
    account = Account.objects.create(platform="x", account_id="1", handle="h", access_token=TOKEN)
    page = admin_client.get(f"/admin/social/account/{account.pk}/change/").content.decode()
    assert TOKEN not in page
    assert "token akses" not in page.lower()
