from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from warta.core.downloads import may_download, request_download
from warta.core.downloads.models import Download
from warta.core.uploads import serve_private

REFRESH_S = 3


def file_or_prepare(
    request: HttpRequest,
    *,
    kind: str,
    params: dict[str, Any],
    title: str,
    filename: str,
    small: Callable[[], bool],
    inline: Callable[[], tuple[bytes, str]],
    summary: Callable[[], str],
    back: str,
    back_label: str,
) -> HttpResponse:
    """A report file: at once when `small()` says it is quick to build; else a page that says how
    big it is (`summary()`) and offers to build it in the worker, which a POST queues (then the
    download's own page follows it)."""
    if request.method == "POST":
        download = request_download(request.user, kind, params, title=title, filename=filename)
        return redirect("download", pk=download.pk)
    if small():
        content, content_type = inline()
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {"title": title, "summary": summary(), "filename": filename, "back": back, "back_label": back_label}
    return render(request, "core/download_prepare.html", context)


def _get_download_for_user(request: HttpRequest, pk) -> Download:
    """The download, if this user may have it; 404 otherwise, so outsiders learn nothing."""
    download = Download.objects.filter(pk=pk).select_related("requested_by").first()
    if download is None or not may_download(request.user, download):
        raise Http404(_("Unduhan tidak ditemukan."))
    return download


def _give_up_if_the_queue_did(download: Download) -> None:
    """The queue's lease fails a task whose worker died too often; the page must then say so."""
    if not download.in_progress or not download.task_id:
        return
    from django_tasks import TaskResultStatus

    from warta.core.downloads.tasks import build_download

    try:
        status = build_download.get_result(download.task_id).status
    except Exception:  # a backend that keeps no results, or a result already pruned
        return
    if status == TaskResultStatus.FAILED:
        Download.objects.filter(pk=download.pk, status__in=[Download.Status.PENDING, Download.Status.RUNNING]).update(
            status=Download.Status.FAILED, error=_("Berkas tidak dapat disiapkan. Coba lagi nanti atau hubungi admin.")
        )
        download.refresh_from_db()


@login_required
@require_GET
def download_page(request: HttpRequest, pk) -> HttpResponse:
    download = _get_download_for_user(request, pk)
    _give_up_if_the_queue_did(download)
    context = {"download": download, "refresh_s": REFRESH_S}
    template = "core/download.html#status" if getattr(request, "htmx", False) else "core/download.html"
    return render(request, template, context)


@login_required
@require_GET
def download_file(request: HttpRequest, pk) -> FileResponse:
    download = _get_download_for_user(request, pk)
    if download.status != Download.Status.READY or not download.file:
        raise Http404(_("Berkas belum siap."))
    try:
        response = serve_private(
            download.file.name or "",
            content_type=download.content_type or "application/octet-stream",
            filename=download.filename,
            as_attachment=True,
        )
    except FileNotFoundError:
        raise Http404(_("Berkas sudah tidak tersedia. Minta ulang dari halaman laporan.")) from None
    response["Cache-Control"] = "private, no-store"
    return response
