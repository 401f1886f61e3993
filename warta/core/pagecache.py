"""Public pages that cost little: a conditional GET and the rendered HTML cached per language.

A page names the content it shows (`stamps`: keys of `ContentStamp`, raised by signals on every
change, and any other value that changes it); from them, the language and the reader comes an ETag,
so an unchanged page answers 304, and a cache key, so it is rendered once until its data changes.

The cached HTML never holds a CSRF token: the page is rendered with a placeholder where a token
goes, and each answer puts the reader's own token in its place. A request carrying messages (a
notice shown once) is rendered afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from warta.core.models import ContentStamp

PLACEHOLDER = "warta-csrf-placeholder-f3b1c9"
_PLACEHOLDER = PLACEHOLDER.encode()
TIMEOUT = 24 * 60 * 60
OFFICE = "office"  # the letterhead, name and address every page shows


def bump(*keys: str) -> None:
    """Record that the content under `keys` changed (call on commit of the change)."""
    now = timezone.now()
    for key in keys:
        if not ContentStamp.objects.filter(key=key).update(version=F("version") + 1, changed_at=now):
            ContentStamp.objects.get_or_create(key=key, defaults={"version": 1, "changed_at": now})


def stamps(keys: Iterable[str]) -> tuple[str, dt.datetime | None]:
    """One query: the versions of `keys` as one string, and the latest change."""
    keys = sorted(set(keys))
    rows = {s.key: s for s in ContentStamp.objects.filter(key__in=keys)}
    version = ",".join(f"{k}={rows[k].version if k in rows else 0}" for k in keys)
    latest = max((s.changed_at for s in rows.values()), default=None)
    return version, latest


def _has_messages(request: HttpRequest) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and request.COOKIES.get("sessionid") and session.get("_messages"))


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor: while a page is rendered for the cache, `{% csrf_token %}` writes the placeholder."""
    if getattr(request, "_warta_page_cache", False):
        return {"csrf_token": PLACEHOLDER}
    return {}


def cached_page(
    request: HttpRequest,
    name: str,
    keys: Iterable[str],
    render: Callable[[], HttpResponse],
    *,
    extra: str = "",
) -> HttpResponse:
    """The page `name` built by `render()`, answered from the cache while `keys` (and `extra`) are unchanged."""
    if request.method not in ("GET", "HEAD") or _has_messages(request):
        return render()
    keys = [*keys, OFFICE]
    reader = request.user.pk if request.user.is_authenticated else 0

    def current() -> tuple[str, int | None]:
        version, latest = stamps(keys)
        digest = hashlib.sha256(f"{name}|{version}|{extra}|{get_language()}|{reader}".encode()).hexdigest()[:32]
        return digest, int(latest.timestamp()) if latest else None

    digest, last_modified = current()
    not_modified = get_conditional_response(request, etag=quote_etag(digest), last_modified=last_modified)
    if not_modified is not None:
        return _headers(not_modified, digest, last_modified)
    html: bytes | None = cache.get(f"page:{digest}")
    if html is None:
        request._warta_page_cache = True  # type: ignore[attr-defined]
        try:
            response = render()
        finally:
            request._warta_page_cache = False  # type: ignore[attr-defined]
        if response.status_code != 200 or response.streaming:
            return render()
        html = bytes(response.content)
        # Rendering may itself have written (a survey period made on first view): stamp what was shown.
        digest, last_modified = current()
        cache.set(f"page:{digest}", html, TIMEOUT)
    if _PLACEHOLDER in html:
        html = html.replace(_PLACEHOLDER, get_token(request).encode())
    return _headers(HttpResponse(html), digest, last_modified)


def _headers(response: HttpResponse, digest: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = quote_etag(digest)
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
