from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from warta.core.downloads import get_kind
from warta.core.downloads.models import Download

logger = logging.getLogger(__name__)


@task()
def build_download(download_pk: str) -> str:
    """Builds one requested file. Safe to run again after the worker died (the queue's lease
    re-queues it): a finished download is left alone, a half-built one is built afresh."""
    claimed = Download.objects.filter(
        pk=download_pk, status__in=[Download.Status.PENDING, Download.Status.RUNNING]
    ).update(status=Download.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return "skipped"
    download = Download.objects.get(pk=download_pk)
    try:
        built = get_kind(download.kind).build(download.params)
    except Exception:
        logger.exception("Download %s (%s) failed", download.pk, download.kind)
        Download.objects.filter(pk=download.pk).update(
            status=Download.Status.FAILED,
            error=_("Berkas tidak dapat disiapkan. Coba lagi nanti atau hubungi admin."),
            finished_at=timezone.now(),
        )
        raise
    if download.file:  # left by an earlier try that died before it finished
        download.file.delete(save=False)
    download.file.save(download.filename, ContentFile(built.content), save=False)
    Download.objects.filter(pk=download.pk).update(
        file=download.file.name,
        content_type=built.content_type,
        status=Download.Status.READY,
        error="",
        finished_at=timezone.now(),
    )
    return download.file.name or ""
