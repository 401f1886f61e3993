"""Tracking links: the number plus the tracking code, or a signed link that needs no code to look.

A signed link shows the status for WARTA_TRACKING_LINK_DAYS (default 90) after it was made; after
that the number and the tracking code still work. The link only shows: cancelling a request asks for
the tracking code (or a login as the applicant), so a forwarded link cannot cancel anything.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "warta.desk.tracking"


class LinkState(Enum):
    GOOD = "good"
    EXPIRED = "expired"
    INVALID = "invalid"


def link_max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "WARTA_TRACKING_LINK_DAYS", 90)))


def signed_token(number: str) -> str:
    return signing.dumps(number, salt=SALT, compress=True)


def read_token(token: str) -> tuple[str | None, LinkState]:
    """The request number a signed link names, and whether the link is still good."""
    try:
        value = signing.loads(token, salt=SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        return None, LinkState.EXPIRED
    except signing.BadSignature:
        return None, LinkState.INVALID
    return (value, LinkState.GOOD) if isinstance(value, str) else (None, LinkState.INVALID)


def link_expires_at(token: str) -> float:
    """When a good link stops working (a Unix time): its signing time plus the links' lifetime."""
    signed_at = signing.b62_decode(token.rsplit(":", 2)[-2])
    return signed_at + link_max_age().total_seconds()


def number_from_token(token: str) -> str | None:
    """The number of a good (signed, unexpired) link; None otherwise."""
    return read_token(token)[0]


def tracking_path(number: str) -> str:
    return reverse("tracking-signed", kwargs={"token": signed_token(number)})


def tracking_url(number: str) -> str:
    return settings.SITE_URL + tracking_path(number)
