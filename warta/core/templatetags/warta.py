"""Template helpers available in every template (registered as a builtin)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.dateformat import format as date_format

from warta.core.office import get_office

register = template.Library()


def _local(value: dt.datetime) -> dt.datetime:
    office = get_office()
    if timezone.is_aware(value):
        return value.astimezone(office.zone)
    return value


@register.filter
def waktu(value: dt.datetime | None, style: str = "long") -> str:
    """A moment as Indonesians write it, in the office's zone: "Jumat, 13 Maret 2026 16.00 WIB".

    style "short" gives "13 Mar 2026 16.00 WIB"; "time" gives "16.00 WIB".
    """
    if not value:
        return ""
    local = _local(value)
    zone = get_office().zone_abbreviation
    if style == "short":
        return f"{date_format(local, 'j M Y H.i')} {zone}"
    if style == "time":
        return f"{date_format(local, 'H.i')} {zone}"
    return f"{date_format(local, 'l, j F Y H.i')} {zone}"


@register.filter
def tanggal(value: dt.date | dt.datetime | None) -> str:
    """A date as "13 Maret 2026"."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return date_format(value, "j F Y")


@register.filter
def durasi(minutes: int | float | None) -> str:
    """Working minutes as "1 jam 5 menit" (or "45 menit")."""
    if minutes is None:
        return ""
    total = round(minutes)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, mins = divmod(total, 60)
    from django.utils.translation import gettext as _

    if hours and mins:
        return sign + _("%(h)d jam %(m)d menit") % {"h": hours, "m": mins}
    if hours:
        return sign + _("%(h)d jam") % {"h": hours}
    return sign + _("%(m)d menit") % {"m": mins}


@register.filter
def angka(value) -> str:
    """A number with Indonesian separators (1.234,5)."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def site_nav(context) -> list:
    """The signed-in user's menu (warta.core.nav), as links."""
    from warta.core.nav import links_for

    return links_for(context.get("user"))


@register.filter
def tautan(value) -> str:
    """The value when it may be rendered as an `href` (an http or https URL), else "".

    Every link a user or an outside system gave is rendered through it:
    `{% with href=link|tautan %}{% if href %}<a href="{{ href }}">…{% endif %}{% endwith %}`.
    """
    from warta.core.validators import is_http_url

    return str(value).strip() if is_http_url(value) else ""


@register.filter
def ukuran(value: int | float | None) -> str:
    """A file size as Indonesians write it: "52,9 MB" (the one filter for every size shown)."""
    from warta.core.uploads import format_size

    return format_size(value)
