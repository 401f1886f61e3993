from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from warta.core.validators import validate_http_url

TIME_ZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
OFFICE_CACHE_KEY = "warta:office-profile"


class OfficeProfile(models.Model):
    """The office this deployment serves (one deployment serves one office)."""

    name = models.CharField(_("nama kantor"), max_length=200, default="Dinas Komunikasi dan Informatika")
    short_name = models.CharField(_("nama singkat"), max_length=60, default="Dinkominfo")
    government = models.CharField(_("pemerintah daerah"), max_length=200, default="Pemerintah Kabupaten Purbalingga")
    regency = models.CharField(_("kabupaten/kota"), max_length=120, default="Purbalingga")
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("situs web"), blank=True, validators=[validate_http_url])
    postal_code = models.CharField(_("kode pos"), max_length=10, blank=True)
    logo = models.ImageField(_("logo"), upload_to="office/", blank=True)
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TIME_ZONES, default="Asia/Jakarta")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil kantor")
        verbose_name_plural = _("profil kantor")

    def __str__(self) -> str:
        return f"{self.name} {self.regency}"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(OFFICE_CACHE_KEY)

    def delete(self, *args, **kwargs):
        cache.delete(OFFICE_CACHE_KEY)
        return super().delete(*args, **kwargs)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.time_zone, self.time_zone)


class ContentStamp(models.Model):
    """A version number per piece of public content ("standards", "survey:3", "office"), raised on
    every change, so that a cached page can tell in one small query whether its data changed."""

    key = models.CharField(max_length=80, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cap perubahan konten")
        verbose_name_plural = _("cap perubahan konten")

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Heartbeat(models.Model):
    """The last time a long-running process (the timers) went round its loop; read by /healthz.

    A row, not a cache entry, so that every process (web, worker, timers) sees the same beat.
    """

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("detak proses")
        verbose_name_plural = _("detak proses")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"


# The model lives with its views and task in warta/core/downloads/.
from warta.core.downloads.models import Download  # noqa: E402, F401


class RateCounter(models.Model):
    """One rate limit's window for one caller (warta.core.ratelimit), when the limits have no Redis:
    counted with an UPDATE … SET count = count + 1, so callers hitting at once are each counted."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    window_end = models.DateTimeField()

    class Meta:
        verbose_name = _("hitungan batas permintaan")
        verbose_name_plural = _("hitungan batas permintaan")
        indexes = [models.Index(fields=["window_end"], name="core_ratecounter_end")]

    def __str__(self) -> str:
        return f"{self.key} {self.count}"
