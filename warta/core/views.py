"""Core pages: the office's own public files, the health check (for monitors) and the privacy page.

Uploaded files have no URL (MEDIA_URL is not served); the office logo is the one public image, and
it is served here."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from warta.core.health import report
from warta.core.office import get_office
from warta.core.uploads import IMAGE_TYPES, sniff


@require_GET
@cache_control(public=True, max_age=3600)
def office_logo(request: HttpRequest) -> FileResponse:
    office = get_office()
    if not office.logo:
        raise Http404
    # The type its bytes declare (a JPEG saved as logo.png is a JPEG), and only a picture type the
    # uploads accept: never SVG or anything a browser would run.
    file = office.logo.open("rb")
    file_type = sniff(file.read(1024), IMAGE_TYPES)
    file.seek(0)
    if file_type is None:
        file.close()
        raise Http404
    response = FileResponse(file, content_type=file_type.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """`{"database", "oldest_task_age_s", "timers_beat_age_s"}`: 200 when all is well, else 503.

    Served by HealthCheckMiddleware before the middleware that needs the database."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    body, healthy = report()
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What the office keeps about the people who use the service, for how long, and their rights."""
    return render(request, "core/privacy.html", {"retention_months": settings.WARTA_RETENTION_MONTHS})
