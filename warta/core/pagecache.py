"""Public pages that cost little: a conditional GET and the rendered HTML cached per language.

A page names the content it shows (`stamps`: keys of `ContentStamp`, raised by signals on every
change, and any other value that changes it); from them, the language and the reader comes an ETag,
so an unchanged page answers 304, and a cache key, so it is rendered once until its data changes.

A reader without a session (a citizen, a crawler) is answered before the rest of the middleware:
`PublicPageMiddleware` finds the page's entry by path and language, checks in one small query that
the stamps (and the row, for a tracking link) still read as they did when it was rendered, and answers
with exactly the headers the full path gives (see `serve_fast`). The stamps are read from the
database on every such answer, so a change made by any process is seen at once.

The cached HTML never holds a CSRF token: the page is rendered with a placeholder where a token
goes, and each answer puts the reader's own token in its place. A request carrying messages (a
notice shown once) is rendered afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.db.models import F, Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from warta.core.models import ContentStamp

PLACEHOLDER = "warta-csrf-placeholder-f3b1c9"
_PLACEHOLDER = PLACEHOLDER.encode()
TIMEOUT = 24 * 60 * 60
OFFICE = "office"  # the letterhead, name and address every page shows
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage

# A row a page shows besides its stamps: (table, primary-key column, primary key, column that changes).
Row = tuple[str, str, int | str, str]
Snapshot = tuple[tuple[str, str, str], ...]


def bump(*keys: str) -> None:
    """Record that the content under `keys` changed (call on commit of the change)."""
    now = timezone.now()
    for key in keys:
        if not ContentStamp.objects.filter(key=key).update(version=F("version") + 1, changed_at=now):
            ContentStamp.objects.get_or_create(key=key, defaults={"version": 1, "changed_at": now})


def row_of(model: type[Model], pk: int | str, field: str) -> Row:
    """The `row` argument of `cached_page`: the page shows this object and `field` changes with it."""
    meta = model._meta
    assert meta.pk is not None
    return (meta.db_table, str(meta.pk.column), pk, str(meta.get_field(field).column))  # type: ignore[union-attr]


def snapshot(keys: Iterable[str], row: Row | None = None) -> Snapshot:
    """One small query: (key, version, changed_at) of each stamp in `keys`, and the row's changing
    column, all as text. Equal snapshots mean equal content."""
    keys = sorted(set(keys))
    qn = connection.ops.quote_name
    key, version, changed_at = qn("key"), qn("version"), qn("changed_at")
    # Only quoted names are put in the text; every value is a parameter.
    table = qn(ContentStamp._meta.db_table)
    marks = ", ".join(["%s"] * len(keys))
    sql = f"SELECT {key}, CAST({version} AS TEXT), CAST({changed_at} AS TEXT) FROM {table} WHERE {key} IN ({marks})"  # noqa: S608
    params: list[int | str] = list(keys)
    if row is not None:
        row_table, pk_column, pk, column = row
        value = f"CAST({qn(column)} AS TEXT)"
        sql += f" UNION ALL SELECT '#row', {value}, {value} FROM {qn(row_table)} WHERE {qn(pk_column)} = %s"  # noqa: S608
        params.append(pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(sorted((str(k), str(v), str(c)) for k, v, c in cursor.fetchall()))


def _last_modified(snap: Snapshot) -> int | None:
    latest = None
    for _key, _version, changed in snap:
        moment = parse_datetime(changed.replace(" ", "T", 1))
        if moment is None:
            continue
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, dt.UTC)
        latest = moment if latest is None or moment > latest else latest
    return int(latest.timestamp()) if latest else None


def _has_messages(request: HttpRequest) -> bool:
    if MESSAGES_COOKIE in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and request.COOKIES.get(settings.SESSION_COOKIE_NAME) and session.get("_messages"))


def without_session(request: HttpRequest) -> bool:
    """A GET from someone with no session (hence not signed in) and no notice waiting: the readers the
    early answer (`PublicPageMiddleware`) serves."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def _early_key(request: HttpRequest, language: str) -> str:
    where = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}|{language}"
    return "page-early:" + hashlib.sha256(where.encode()).hexdigest()


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
    row: Row | None = None,
    valid_until: float | None = None,
    expires: tuple[str, str] | None = None,
) -> HttpResponse:
    """The page `name` built by `render()`, answered from the cache while `keys`, `row` (see `row_of`)
    and `extra` are unchanged. A page that must not be shown after a moment (a countdown) gives it as
    `valid_until` (a Unix time), and one whose end is computed (a link that expires) as `expires`:
    (dotted path of a function, its one argument) giving a Unix time, called at every early answer.
    An `extra` that changes with time (a minute, a ten-minute bucket) needs `valid_until` at its
    change: the early answer (`PublicPageMiddleware`) knows only the path, the stamps and these.

    `render()` must read the data it shows itself (after the snapshot taken here), and may set
    `response.warta_uncacheable` when what it read is not what the page was asked for."""
    if request.method not in ("GET", "HEAD") or _has_messages(request):
        return render()
    keys = (*keys, OFFICE)
    reader = request.user.pk if request.user.is_authenticated else 0
    before = snapshot(keys, row)
    digest = _digest(name, before, extra, reader)
    last_modified = _last_modified(before)
    not_modified = get_conditional_response(request, etag=quote_etag(digest), last_modified=last_modified)
    if not_modified is not None:
        return _headers(not_modified, digest, last_modified)
    html: bytes | None = cache.get(f"page:{digest}")
    stable = html is not None
    # Drawn at most twice: drawing may itself write (a survey period made on first view), and then
    # the second drawing shows what the new snapshot names.
    for attempt in range(2 if html is None else 0):
        request._warta_page_cache = True  # type: ignore[attr-defined]
        try:
            response = render()
        finally:
            request._warta_page_cache = False  # type: ignore[attr-defined]
        if response.status_code != 200 or response.streaming:
            return render()
        html = bytes(response.content)
        # Cached only if nothing changed while it was drawn: then the HTML is the content of `before`.
        after = snapshot(keys, row)
        stable = not getattr(response, "warta_uncacheable", False) and after == before
        if stable:
            cache.set(f"page:{digest}", html, TIMEOUT)
            break
        if attempt == 1:
            break  # answered with the stamp read before this drawing: older than the page, never newer
        before = after
        digest, last_modified = _digest(name, before, extra, reader), _last_modified(before)
    assert html is not None
    if stable and reader == 0 and without_session(request):
        entry = {
            "html": html,
            "digest": digest,
            "last_modified": last_modified,
            "keys": keys,
            "row": row,
            "snapshot": before,
            "valid_until": valid_until,
            "expires": expires,
        }
        cache.set(_early_key(request, get_language()), entry, TIMEOUT)
    return _headers(HttpResponse(_with_token(request, html)), digest, last_modified)


def _digest(name: str, snap: Snapshot, extra: str, reader: int) -> str:
    versions = ",".join(f"{key}={version}" for key, version, _changed in snap)
    return hashlib.sha256(f"{name}|{versions}|{extra}|{get_language()}|{reader}".encode()).hexdigest()[:32]


def _with_token(request: HttpRequest, html: bytes) -> bytes:
    if _PLACEHOLDER in html:
        return html.replace(_PLACEHOLDER, reader_token(request).encode())
    return html


_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: i for i, char in enumerate(_CHARS)}
_UNIFORM_BELOW = 256 - 256 % len(_CHARS)  # bytes below 248 fall evenly on the 62 characters


def _random_chars(length: int) -> str:
    """`length` characters drawn uniformly from CSRF_ALLOWED_CHARS with the system's random source,
    from one read of it (Django's get_random_string makes one read per character)."""
    chars: list[str] = []
    while len(chars) < length:
        chars.extend(_CHARS[byte % len(_CHARS)] for byte in os.urandom(length + 16) if byte < _UNIFORM_BELOW)
    return "".join(chars[:length])


def reader_token(request: HttpRequest) -> str:
    """What django.middleware.csrf.get_token gives and does (the cookie's secret, or a new one flagged
    to be set; the secret masked anew), with its random characters from `_random_chars`."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(_CHARS[(_INDEX[s] + _INDEX[m]) % len(_CHARS)] for s, m in zip(secret, mask, strict=True))
    return mask + cipher


def early_answer(request: HttpRequest, language: str) -> HttpResponse | None:
    """The cached page for a reader without a session, if its content is unchanged: the answer
    `cached_page` would give, before sessions, authentication and the view run. None otherwise.

    The caller has run the CSRF middleware's request step (the token put in the page is the reader's
    own) and runs the response steps of the middleware it skipped."""
    try:
        key = _early_key(request, language)
    except DisallowedHost:
        return None  # the full path answers 400
    entry = cache.get(key)
    if entry is None:
        return None
    now = time.time()
    if entry["valid_until"] is not None and now >= entry["valid_until"]:
        return None
    if entry["expires"] is not None:
        function, argument = entry["expires"]
        if now >= import_string(function)(argument):
            return None
    if snapshot(entry["keys"], entry["row"]) != entry["snapshot"]:
        return None
    digest, last_modified = entry["digest"], entry["last_modified"]
    response = get_conditional_response(request, etag=quote_etag(digest), last_modified=last_modified)
    if response is None:
        response = HttpResponse(_with_token(request, entry["html"]))
    return _headers(response, digest, last_modified)


def _headers(response: HttpResponse, digest: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = quote_etag(digest)
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
