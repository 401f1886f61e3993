"""What every client of an outside platform shares (the social clients, the WhatsApp sender): one
httpx call, errors sorted into what may be retried, and what must make Warta look before trying
again; and the Graph API's error reader, shared by the Graph and WhatsApp Cloud clients. A token
never appears in an error or a log line."""

from __future__ import annotations

import random
import ssl
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx
from django.conf import settings


@dataclass
class PlatformError(Exception):
    """The platform refused or failed. `retryable`: the same call may be made again later;
    `token_invalid`: the account must be connected again; `retry_after`: seconds to wait (429)."""

    platform: str
    message: str
    status: int = 0
    code: int | None = None
    subcode: int | None = None
    retryable: bool = False
    token_invalid: bool = False
    retry_after: float | None = None

    def __str__(self) -> str:
        code = f" (kode {self.code})" if self.code is not None else ""
        return f"{self.platform}: {self.message}{code}"


class AnswerLost(PlatformError):
    """A call that changes something was sent, but its answer was lost (timeout, connection cut,
    5xx): the platform may have acted. Look before trying again."""


def backoff(attempt: int, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds before attempt `attempt` (1-based), exponential with full jitter."""
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every client: loading the certificate store takes ~0.15 s each time."""
    return httpx.create_ssl_context()


class Client(ABC):
    platform = ""
    # The setting holding the seconds to wait for an answer.
    timeout_setting = "WARTA_SOCIAL_TIMEOUT_S"

    def __init__(self, base_url: str, token: str = "", *, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._http = httpx.Client(
            timeout=httpx.Timeout(getattr(settings, self.timeout_setting), connect=10.0),
            verify=_tls(),
            transport=transport,
            headers={"User-Agent": "Warta"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    def call(self, method: str, path: str, *, changes: bool = False, **kwargs: Any) -> dict[str, Any]:
        """One request. `changes`: the call creates or publishes something, so a lost answer raises
        AnswerLost instead of a retryable error."""
        url = f"{self.base_url}{path}"
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        try:
            response = self._http.request(method, url, headers=headers, **kwargs)
        except httpx.TimeoutException as exc:
            raise self._lost_or_retry(changes, f"tidak ada jawaban ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            # A connection refused before anything was sent cannot have acted.
            if isinstance(exc, httpx.ConnectError):
                raise PlatformError(self.platform, "tidak dapat terhubung", retryable=True) from None
            raise self._lost_or_retry(changes, f"sambungan terputus ({type(exc).__name__})") from None
        if response.status_code >= 500:
            raise self._lost_or_retry(changes, f"galat server {response.status_code}", status=response.status_code)
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = {}
        if response.status_code >= 400:
            raise self.error(response, body)
        return body if isinstance(body, dict) else {"data": body}

    def download(self, url: str, *, max_bytes: int, authorised: bool = True) -> tuple[bytes, str]:
        """The bytes at an absolute URL (a media link the platform gave) and their declared content
        type, read no further than `max_bytes`. `authorised`: send the bearer token (WhatsApp's
        media links want it; a CDN link does not)."""
        if not url.startswith(("https://", "http://")):
            raise PlatformError(self.platform, "tautan berkas tidak sah")
        headers = self._headers() if authorised else {}
        try:
            with self._http.stream("GET", url, headers=headers, follow_redirects=True) as response:
                if response.status_code >= 400:
                    raise PlatformError(
                        self.platform,
                        f"berkas tidak dapat diunduh (HTTP {response.status_code})",
                        status=response.status_code,
                        retryable=response.status_code >= 500 or response.status_code == 429,
                    )
                chunks: list[bytes] = []
                total = 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise PlatformError(self.platform, "berkas melebihi batas ukuran")
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("content-type", "")
        except httpx.TransportError as exc:
            raise PlatformError(self.platform, f"unduhan terputus ({type(exc).__name__})", retryable=True) from None

    def _lost_or_retry(self, changes: bool, message: str, status: int = 0) -> PlatformError:
        kind = AnswerLost if changes else PlatformError
        return kind(self.platform, message, status=status, retryable=not changes)

    @abstractmethod
    def error(self, response: httpx.Response, body: dict[str, Any]) -> PlatformError:
        """The platform's refusal as a PlatformError: each platform writes its errors its own way."""


# Graph error codes (Meta's "Handling errors"): worth another try later, and the ones never to retry.
RETRYABLE_CODES = frozenset({1, 2, 4, 17, 341})
TOKEN_CODES = frozenset({190})
PERMISSION_CODES = frozenset({10, *range(200, 300)})


def graph_error(
    platform: str, response: httpx.Response, body: dict[str, Any], retryable_codes: frozenset[int] = RETRYABLE_CODES
) -> PlatformError:
    """A Graph API refusal, `{"error": {"message", "type", "code", "error_subcode", "error_data":
    {"details"}, "error_user_msg", "fbtrace_id"}}`, as a PlatformError."""
    found = body.get("error")
    err: dict[str, Any] = found if isinstance(found, dict) else {}
    code = err.get("code") if isinstance(err.get("code"), int) else None
    found_data = err.get("error_data")
    data: dict[str, Any] = found_data if isinstance(found_data, dict) else {}
    message = str(
        err.get("error_user_msg") or data.get("details") or err.get("message") or f"HTTP {response.status_code}"
    )[:300]
    return PlatformError(
        platform,
        message,
        status=response.status_code,
        code=code,
        subcode=err.get("error_subcode") if isinstance(err.get("error_subcode"), int) else None,
        retryable=(code in retryable_codes or response.status_code == 429) and code not in TOKEN_CODES,
        token_invalid=code in TOKEN_CODES,
    )
