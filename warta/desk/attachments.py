"""An attachment's file and its thumbnail, served only to whoever may see the request.

Uploaded files have no URL of their own (they sit in private storage under random names); these
views are the only way out, through `get_request_for_user`, so another organisation's attachment is
404 like an unknown one and a visitor who is not signed in is sent to the login page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from warta.core.uploads import serve_private, store_thumbnail
from warta.desk.access import get_request_for_user
from warta.desk.models import Attachment


def _attachment(request: HttpRequest, number: str, pk: int) -> Attachment:
    req = get_request_for_user(request, number)
    return get_object_or_404(Attachment, pk=pk, request=req)


@login_required
@require_GET
def attachment_file(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """The original file, always as a download under the name it was uploaded with."""
    attachment = _attachment(request, number, pk)
    if not attachment.file:
        raise Http404
    return serve_private(
        attachment.file.name or "",
        content_type=attachment.content_type,
        filename=attachment.original_name or f"lampiran-{attachment.pk}",
        as_attachment=True,
    )


@login_required
@require_GET
def attachment_thumbnail(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """An image attachment's thumbnail (a JPEG of at most 800 px), made once and kept."""
    attachment = _attachment(request, number, pk)
    if not attachment.is_image or not attachment.file:
        raise Http404
    if not attachment.thumbnail:  # kept before thumbnails were made at upload
        name = store_thumbnail(attachment.file.name or "")
        with transaction.atomic():
            updated = Attachment.objects.filter(pk=attachment.pk, thumbnail="").update(thumbnail=name)
        if not updated:  # another request made it first
            attachment.thumbnail.storage.delete(name)
        attachment.refresh_from_db(fields=["thumbnail"])
    return serve_private(
        attachment.thumbnail.name or "",
        content_type="image/jpeg",
        filename=f"lampiran-{attachment.pk}-kecil.jpg",
        as_attachment=False,
    )
