"""A small per-address rate limit kept in Django's cache (no outside service).

The window starts at an address's first counted attempt and lasts `seconds`; with a shared cache
(WARTA_CACHE_URL, Redis) the count holds across processes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The caller's address. Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    seconds: int

    def _key(self, request: HttpRequest) -> str:
        return f"warta:rate:{self.scope}:{client_ip(request)}"

    def exceeded(self, request: HttpRequest) -> bool:
        """Whether the caller has used up the window's allowance (does not count this call)."""
        return int(cache.get(self._key(request), 0)) >= self.limit

    def hit(self, request: HttpRequest) -> int:
        """Count one attempt; returns the attempts in the window so far."""
        key = self._key(request)
        if cache.add(key, 1, self.seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.seconds)
            return 1
