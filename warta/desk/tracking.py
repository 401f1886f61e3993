"""Tracking links: the number plus the tracking code, or a signed link that needs no code."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "warta.desk.tracking"


def signed_token(number: str) -> str:
    return signing.dumps(number, salt=SALT, compress=True)


def number_from_token(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def tracking_path(number: str) -> str:
    return reverse("tracking-signed", kwargs={"token": signed_token(number)})


def tracking_url(number: str) -> str:
    return settings.SITE_URL + tracking_path(number)
