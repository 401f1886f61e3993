"""The office's own public files. Uploaded files have no URL (MEDIA_URL is not served); the office
logo is the one public image, and it is served here."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from warta.core.office import get_office


@require_GET
@cache_control(public=True, max_age=3600)
def office_logo(request: HttpRequest) -> FileResponse:
    office = get_office()
    if not office.logo:
        raise Http404
    content_type = mimetypes.guess_type(office.logo.name or "")[0] or ""
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    response = FileResponse(office.logo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
