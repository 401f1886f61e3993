"""The office profile, read once and cached (it changes rarely)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.urls import reverse

from warta.core.models import OFFICE_CACHE_KEY, OfficeProfile


def get_office() -> OfficeProfile:
    office = cache.get(OFFICE_CACHE_KEY)
    if office is None:
        office = OfficeProfile.objects.filter(pk=1).first() or OfficeProfile(pk=1)
        cache.set(OFFICE_CACHE_KEY, office, 300)
    return office


def office_zone() -> ZoneInfo:
    return get_office().zone


def logo_src(office: OfficeProfile, *, for_pdf: bool) -> str:
    """Where a letterhead finds the office's logo: its access-checked URL on a page, the file itself
    for WeasyPrint (which reads local files); "" without a logo."""
    if not office.logo:
        return ""
    if for_pdf:
        with contextlib.suppress(NotImplementedError, ValueError):
            return Path(office.logo.path).as_uri()
    return reverse("office-logo")
