"""The only public door to a file: an expiring signed link that Meta fetches a post's media through."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from warta.social.publishing import media_from_link, storage


@require_GET
def media(request: HttpRequest, token: str) -> FileResponse:
    item = media_from_link(token)
    if item is None or not storage().exists(item.name):
        raise Http404
    response = FileResponse(storage().open(item.name, "rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
