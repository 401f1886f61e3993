"""The caller's address, and a small per-key rate limit kept in its own cache.

The counts live in Redis (the "ratelimit" cache alias) when WARTA_CACHE_URL is set, else in a table
(`RateCounter`), so every web process (gunicorn worker) counts into the same window; both count
with one atomic increment, so attempts made at the same moment are each counted. The window starts
at a key's first counted attempt and lasts `seconds`.

Behind a reverse proxy, `client_ip()` reads X-Forwarded-For through exactly
WARTA_TRUSTED_PROXY_COUNT trusted hops: each proxy appends the address it received the request from,
so the right-most N entries are written by proxies we run and everything further left is what the
client claimed. The rate limiter, the login lockout (django-axes) and the password reset limits all
read the address through this one function.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

CACHE_ALIAS = "ratelimit"


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the X-Forwarded-For entry our N trusted proxies vouch for.

    With WARTA_TRUSTED_PROXY_COUNT = 0 (no proxy) the header is ignored. With N > 0 the address is the
    N-th entry from the right; entries further left were written by the client and cannot choose it.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    hops = int(getattr(settings, "WARTA_TRUSTED_PROXY_COUNT", 0))
    if hops > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            # Fewer entries than proxies: the request skipped a proxy; the left-most is the best we know.
            candidate = _valid_ip(forwarded[-hops] if len(forwarded) >= hops else forwarded[0])
            if candidate:
                return candidate
    return _valid_ip(remote) or "unknown"


def address_or_none(request: HttpRequest) -> str | None:
    """For django-axes, which stores the address in an IP column: None (not "unknown") when there is
    no address, as for a sign-in made in code (a test client's force_login, a management command)."""
    address = client_ip(request)
    return None if address == "unknown" else address


def limits_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def _digest(value: str) -> str:
    """Cache keys never hold an e-mail address or other personal text as such."""
    return hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimit:
    """`limit` attempts per `seconds`, counted per caller address (or per any key, e.g. an e-mail)."""

    scope: str
    limit: int
    seconds: int

    def _key(self, request: HttpRequest | None, key: str | None = None) -> str:
        subject = _digest(key) if key is not None else client_ip(request) if request is not None else "unknown"
        return f"warta:rate:{self.scope}:{subject}"

    def exceeded(self, request: HttpRequest | None, *, key: str | None = None) -> bool:
        """Whether the allowance is used up (does not count this call)."""
        name = self._key(request, key)
        cache = limits_cache()
        if isinstance(cache, RedisCache):
            return int(cache.get(name, 0)) >= self.limit
        from warta.core.models import RateCounter

        now = timezone.now()
        used = RateCounter.objects.filter(key=name, window_end__gt=now).values_list("count", flat=True).first()
        return (used or 0) >= self.limit

    def hit(self, request: HttpRequest | None, *, key: str | None = None) -> int:
        """Count one attempt; returns the attempts in the window so far."""
        cache = limits_cache()
        name = self._key(request, key)
        if isinstance(cache, RedisCache):
            # Redis: INCR is atomic and keeps the key's expiry, so the window stays where it began.
            if cache.add(name, 1, self.seconds):
                return 1
            try:
                return cache.incr(name)
            except ValueError:  # expired between add and incr
                cache.set(name, 1, self.seconds)
                return 1
        return _hit_table(name, self.seconds)


def _hit_table(name: str, seconds: int) -> int:
    """Count one attempt in the RateCounter table. The running window is incremented in place; an
    ended one is restarted by exactly one caller (the UPDATE's condition is checked again under the
    row lock); a first attempt inserts the row, and a caller that loses that race counts again."""
    from warta.core.models import RateCounter

    for _attempt in range(3):
        now = timezone.now()
        rows = RateCounter.objects.filter(key=name)
        with transaction.atomic():
            if rows.filter(window_end__gt=now).update(count=F("count") + 1):
                return int(rows.values_list("count", flat=True).get())
            if rows.filter(window_end__lte=now).update(count=1, window_end=now + dt.timedelta(seconds=seconds)):
                return 1
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=name, count=1, window_end=now + dt.timedelta(seconds=seconds))
            return 1
        except IntegrityError:  # another caller made the row first: count into it
            continue
    raise RuntimeError(f"rate limit {name}: no window could be counted into")


def prune_counters() -> int:
    """Windows that ended an hour ago are forgotten (the timers run this)."""
    from warta.core.models import RateCounter

    deleted, _ = RateCounter.objects.filter(window_end__lt=timezone.now() - dt.timedelta(hours=1)).delete()
    return deleted
