"""The office profile, read once and cached (it changes rarely)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.cache import cache

from warta.core.models import OFFICE_CACHE_KEY, OfficeProfile


def get_office() -> OfficeProfile:
    office = cache.get(OFFICE_CACHE_KEY)
    if office is None:
        office = OfficeProfile.objects.filter(pk=1).first() or OfficeProfile(pk=1)
        cache.set(OFFICE_CACHE_KEY, office, 300)
    return office


def office_zone() -> ZoneInfo:
    return get_office().zone
