"""Flood protection of the public questionnaire, without outside services.

- a per-IP rate limit counted in Django's cache (warta.core.ratelimit);
- a signed form token (django.core.signing) that carries the moment the form was served: a form sent
  back sooner than SKM_MIN_FILL_SECONDS or later than SKM_FORM_MAX_AGE is refused;
- a honeypot field that people never see and robots fill in.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from warta.core.ratelimit import RateLimit

TOKEN_SALT = "warta.survey.form"  # noqa: S105 - a signing salt, not a secret
HONEYPOT_FIELD = "website"


def min_fill_seconds() -> int:
    return int(getattr(settings, "SKM_MIN_FILL_SECONDS", 5))


def form_max_age() -> int:
    return int(getattr(settings, "SKM_FORM_MAX_AGE", 2 * 60 * 60))


def rate_limit() -> tuple[int, int]:
    """(answers, seconds) allowed per IP address; generous, since a service desk may share one address."""
    limit = getattr(settings, "SKM_RATE_LIMIT", (20, 600))
    return int(limit[0]), int(limit[1])


def _limit(scope: str) -> RateLimit:
    count, seconds = rate_limit()
    return RateLimit(f"skm:{scope}", count, seconds)


def rate_limited(request: HttpRequest, scope: str = "answer") -> bool:
    """Whether the caller has used up the window's allowance (does not count this call)."""
    return _limit(scope).exceeded(request)


def hit(request: HttpRequest, scope: str = "answer") -> int:
    """Count one attempt; returns the attempts in the window so far."""
    return _limit(scope).hit(request)


def make_token(scope: str) -> str:
    """A signed token naming what the form is for (a service or an invitation) and when it was served."""
    return signing.dumps({"s": scope, "t": int(time.time())}, salt=TOKEN_SALT, compress=True)


def check_token(token: str, scope: str) -> str | None:
    """None when the token is good, else the reason ("invalid", "too_fast", "expired")."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return "invalid"
    if not isinstance(data, dict) or data.get("s") != scope:
        return "invalid"
    age = time.time() - int(data.get("t", 0))
    if age < min_fill_seconds():
        return "too_fast"
    if age > form_max_age():
        return "expired"
    return None
