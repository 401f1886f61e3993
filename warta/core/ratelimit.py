"""The caller's address, and a small per-key rate limit kept in its own cache.

The limits live in the "ratelimit" cache alias: Redis at WARTA_CACHE_URL when set, else Django's
database cache table, so every web process (gunicorn worker) counts into the same window. The window
starts at a key's first counted attempt and lasts `seconds`.

Behind a reverse proxy, `client_ip()` reads X-Forwarded-For through exactly
WARTA_TRUSTED_PROXY_COUNT trusted hops: each proxy appends the address it received the request from,
so the right-most N entries are written by proxies we run and everything further left is what the
client claimed. The rate limiter, the login lockout (django-axes) and the password reset limits all
read the address through this one function.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

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
        return int(limits_cache().get(self._key(request, key), 0)) >= self.limit

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
        # Other caches (the database table) rewrite the value on incr with the cache's default
        # timeout: keep the window's end beside the count and write both with the time that is left.
        now = time.time()
        end = cache.get(name + ":end")
        count = cache.get(name)
        if count is None or end is None or end <= now:
            count, end = 0, now + self.seconds
        count = int(count) + 1
        left = max(1, math.ceil(end - now))
        cache.set_many({name: count, name + ":end": end}, left)
        return count
