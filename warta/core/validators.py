"""Validators shared by the models, the forms, the admin and the API.

A link that Warta stores and later renders as an `href` must be `http` or `https` with a host: a
`javascript:` or `data:` URL stored by one surface would run in another's page. Text that arrives
through the API may not carry NUL bytes or control characters (a NUL cannot be stored in PostgreSQL,
and control characters have no place in a caption or a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SAFE_SCHEMES = ("http", "https")
_url = URLValidator(schemes=list(SAFE_SCHEMES))

# C0 controls (but tab, line feed and carriage return), DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a one-line value even the line breaks and the tab are out of place.
CONTROL_CHARACTERS_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def is_http_url(value: object) -> bool:
    """True when `value` is an absolute http(s) URL with a host (what may be rendered as a link)."""
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.hostname)


def validate_http_url(value: object) -> None:
    if not is_http_url(value):
        raise ValidationError(
            _("Tautan harus diawali http:// atau https://: %(link)s"), code="scheme", params={"link": value}
        )
    try:
        _url(str(value).strip())
    except ValidationError:
        raise ValidationError(_("Tautan tidak sah: %(link)s"), code="invalid", params={"link": value}) from None


def validate_http_url_list(value: object) -> None:
    """A JSON list of http(s) links."""
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Tautan harus berupa daftar."), code="invalid")
    for item in value:
        validate_http_url(item)


def validate_http_url_values(value: object) -> None:
    """A JSON object whose values are http(s) links."""
    if not isinstance(value, dict):
        raise ValidationError(_("Tautan harus berupa pasangan platform dan tautan."), code="invalid")
    for item in value.values():
        validate_http_url(item)


def has_control_characters(value: str, *, multiline: bool = True) -> bool:
    pattern = CONTROL_CHARACTERS if multiline else CONTROL_CHARACTERS_ONE_LINE
    return bool(pattern.search(value))


def validate_no_control_characters(value: object) -> None:
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(_("Teks memuat karakter kendali yang tidak diizinkan."), code="control_character")


def http_urls(values: Iterable[object]) -> list[str]:
    """The values that may be rendered as links."""
    return [str(v).strip() for v in values if is_http_url(v)]


# A request or complaint is logged soon after it arrives: a receipt time in the future, or more than
# a year back (a typo in the year), is refused rather than stored under another year's number.
RECEIVED_AT_FUTURE_SLACK_MINUTES = 5
RECEIVED_AT_MAX_AGE_DAYS = 366


def received_at_problem(moment, now=None) -> str | None:
    """Why `moment` cannot be a time of receipt, or None when it can."""
    import datetime as dt

    from django.utils import timezone
    from django.utils.translation import gettext

    now = now or timezone.now()
    if moment > now + dt.timedelta(minutes=RECEIVED_AT_FUTURE_SLACK_MINUTES):
        return gettext("Waktu diterima tidak boleh di masa depan.")
    if moment < now - dt.timedelta(days=RECEIVED_AT_MAX_AGE_DAYS):
        return gettext("Waktu diterima tidak boleh lebih dari setahun yang lalu.")
    return None
