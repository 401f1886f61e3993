"""Flood protection of the public questionnaire, without outside services.

- a per-IP rate limit counted in Django's cache (warta.core.ratelimit);
- a signed form token (django.core.signing) that carries the moment the form was served: a form sent
  back sooner than SKM_MIN_FILL_SECONDS or later than SKM_FORM_MAX_AGE is refused; each token is
  good for one answer (its random nonce is claimed in the shared limits cache when an answer is kept);
- a honeypot field that people never see and robots fill in.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from warta.core.ratelimit import RateLimit, limits_cache

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
    """A signed token naming what the form is for (a service or an invitation), when it was served,
    and a random nonce that makes it good for one answer."""
    payload = {"s": scope, "t": int(time.time()), "n": secrets.token_urlsafe(12)}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def _read(token: str) -> dict | None:
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def _used_key(nonce: str) -> str:
    return f"warta:skm-token-used:{nonce}"


def check_token(token: str, scope: str) -> str | None:
    """None when the token is good, else the reason ("invalid", "too_fast", "expired", "used")."""
    data = _read(token)
    if data is None or data.get("s") != scope or not data.get("n"):
        return "invalid"
    age = time.time() - int(data.get("t", 0))
    if age < min_fill_seconds():
        return "too_fast"
    if age > form_max_age():
        return "expired"
    if limits_cache().get(_used_key(str(data["n"]))) is not None:
        return "used"
    return None


def claim_token(token: str) -> bool:
    """Mark a checked token as spent; False when another request spent it first (a replay)."""
    data = _read(token)
    if data is None or not data.get("n"):
        return False
    # Remembered as long as the token could be accepted at all.
    return bool(limits_cache().add(_used_key(str(data["n"])), 1, form_max_age() + 60))


def release_token(token: str) -> None:
    """Give a claimed token back when the answer it carried was not kept."""
    data = _read(token)
    if data is not None and data.get("n"):
        limits_cache().delete(_used_key(str(data["n"])))
