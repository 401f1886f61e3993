from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from warta.core.uploads import private_storage, random_name


def _random_name(_instance: Download, filename: str) -> str:
    """downloads/YYYY/MM/<random>.<ext> in the private storage: no URL, never named after what it holds."""
    extension = PurePosixPath(filename).suffix.lstrip(".").lower()
    return random_name(extension if extension.isalnum() else "bin", directory="downloads")


class Download(models.Model):
    """A file built in the worker for one person (a big report), fetched through an access-checked view."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu giliran")
        RUNNING = "running", _("Sedang disiapkan")
        READY = "ready", _("Siap diunduh")
        FAILED = "failed", _("Gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis"), max_length=60)
    params = models.JSONField(_("parameter"), default=dict)
    title = models.CharField(_("judul"), max_length=200)
    filename = models.CharField(_("nama berkas"), max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="downloads")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=_random_name, storage=private_storage, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "kind", "status"])]
        verbose_name = _("unduhan")
        verbose_name_plural = _("unduhan")

    def __str__(self) -> str:
        return self.title

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
