"""Files that take seconds to build (a year's SKM report, the monthly pack) are built in the worker.

A part registers a kind once (in its AppConfig.ready()): how to build the file from JSON-able
parameters and who may have it. A view calls `request_download()` and redirects to the page it
returns; the page says the file is being prepared, refreshes itself, and links the file when it is
ready. The file lies under the media root with a random name and leaves only through
`download_file`, which checks access: the requester, or anyone the kind's `may_access` admits
(the same role). Nobody else learns that the download exists (404). The timers prune finished
downloads after a week (`prune`, a periodic job).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from warta.core.downloads.models import Download


@dataclass(frozen=True)
class Built:
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Kind:
    name: str
    build: Callable[[dict[str, Any]], Built]
    may_access: Callable[[Any, dict[str, Any]], bool]


KINDS: dict[str, Kind] = {}


def register(
    name: str,
    *,
    build: Callable[[dict[str, Any]], Built],
    may_access: Callable[[Any, dict[str, Any]], bool],
) -> None:
    KINDS[name] = Kind(name=name, build=build, may_access=may_access)


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"No download kind {name!r} is registered") from None


def may_download(user, download: Download) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    kind = KINDS.get(download.kind)
    if kind is None:
        return False
    return download.requested_by_id == user.pk or bool(kind.may_access(user, download.params))


def request_download(user, kind: str, params: dict[str, Any], *, title: str, filename: str) -> Download:
    """The user's download of this kind and parameters: one still in progress is reused, else a
    new one is queued (after commit). Raises PermissionDenied when the user may not have it."""
    from warta.core.downloads.models import Download
    from warta.core.downloads.tasks import build_download

    spec = get_kind(kind)
    if not spec.may_access(user, params):
        raise PermissionDenied
    with transaction.atomic():
        existing = (
            Download.objects.select_for_update()
            .filter(requested_by=user, kind=kind, params=params)
            .filter(status__in=[Download.Status.PENDING, Download.Status.RUNNING])
            .first()
        )
        if existing is not None:
            return existing
        download = Download.objects.create(
            kind=kind, params=params, title=title[:200], filename=filename[:200], requested_by=user
        )

        def enqueue() -> None:
            result = build_download.enqueue(str(download.pk))
            Download.objects.filter(pk=download.pk).update(task_id=str(result.id)[:64])

        transaction.on_commit(enqueue)
    return download


KEEP_DAYS = 7


def prune(now: dt.datetime | None = None, keep_days: int = KEEP_DAYS) -> int:
    """Deletes downloads (rows and files) finished more than `keep_days` ago; returns how many."""
    from warta.core.downloads.models import Download

    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    old = Download.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[Download.Status.PENDING, Download.Status.RUNNING]
    )
    count = 0
    for download in old.iterator():
        if download.file:
            download.file.delete(save=False)
        download.delete()
        count += 1
    return count
