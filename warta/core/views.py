"""Core pages: the health check (for monitors) and the privacy page (for everyone)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from warta.core.health import report


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
