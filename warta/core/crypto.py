"""Secrets at rest: the platforms' tokens are stored encrypted with MultiFernet.

Keys come from `WARTA_FIELD_KEYS` (or `WARTA_FIELD_KEYS_FILE`), comma-separated Fernet keys; the first
encrypts, every one decrypts, so a new key is put first and `manage.py rotate_field_keys` re-encrypts
every value with it before the old one is dropped. Required in production; in development a key is
derived from the secret key so that `make run` works with no set-up.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _development_key() -> bytes:
    digest = hashlib.sha256(("warta.field-keys:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


def field_cipher() -> MultiFernet:
    keys = tuple(getattr(settings, "WARTA_FIELD_KEYS", []) or ())
    if not keys:
        if getattr(settings, "PRODUCTION", False):
            raise ImproperlyConfigured("WARTA_FIELD_KEYS (or WARTA_FIELD_KEYS_FILE) is required in production")
        keys = (_development_key().decode(),)
    return _cipher(keys)


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"WARTA_FIELD_KEYS holds a key that is not a Fernet key: {exc}") from exc


def encrypt(value: str) -> str:
    return field_cipher().encrypt(value.encode()).decode() if value else ""


def decrypt(value: str) -> str:
    if not value:
        return ""
    try:
        return field_cipher().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A stored secret cannot be decrypted with WARTA_FIELD_KEYS") from exc


class Secret(str):
    """A decrypted value that never shows itself in a repr, a log line or a template by accident."""

    def __repr__(self) -> str:
        return "Secret('***')"


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reads give a `Secret` (a str), writes encrypt with the first key."""

    def from_db_value(self, value, expression, connection):
        return Secret(decrypt(value)) if value else Secret("")

    def to_python(self, value):
        if isinstance(value, Secret) or value is None:
            return value
        return Secret(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(str(value)) if value else ""


def rotate(value_holder: models.Model, fields: list[str]) -> None:
    """Re-encrypt `fields` of one row with the first key (reading decrypts with any key)."""
    type(value_holder)._default_manager.filter(pk=value_holder.pk).update(
        **{name: str(getattr(value_holder, name) or "") for name in fields}  # the field encrypts on the way in
    )
